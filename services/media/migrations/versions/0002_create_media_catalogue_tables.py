"""create media catalogue tables

On PostgreSQL the catalogue's search column also gets a trigram index
(pg_trgm), which serves ``LIKE '%term%'`` searches. Where the extension
cannot be created (no privilege, not installed) the index is skipped and
searches scan the table, which stays fast at tens of thousands of items.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 20:17:11.212255
"""

import logging

from alembic import op
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('media_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('title_th', sa.String(length=300), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('description_th', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('current_version', sa.Integer(), nullable=False),
    sa.Column('download_count', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('archived_by', sa.Integer(), nullable=True),
    sa.Column('archive_reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_media_items_kind'), 'media_items', ['kind'], unique=False)
    op.create_index(op.f('ix_media_items_language'), 'media_items', ['language'], unique=False)
    op.create_index('ix_media_items_status_downloads', 'media_items', ['status', 'download_count'], unique=False)
    op.create_index('ix_media_items_status_published', 'media_items', ['status', 'published_at'], unique=False)
    op.create_table('seed_markers',
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('downloads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('media_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('province_code', sa.String(length=10), nullable=True),
    sa.Column('via', sa.String(length=10), nullable=False),
    sa.Column('downloaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['media_id'], ['media_items.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_downloads_media', 'downloads', ['media_id'], unique=False)
    op.create_index('ix_downloads_unit_media', 'downloads', ['unit_id', 'media_id'], unique=False)
    op.create_table('media_tags',
    sa.Column('media_id', sa.Integer(), nullable=False),
    sa.Column('facet', sa.String(length=20), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['media_id'], ['media_items.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('media_id', 'facet', 'code')
    )
    op.create_index('ix_media_tags_facet_code', 'media_tags', ['facet', 'code', 'media_id'], unique=False)
    op.create_table('media_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('media_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('object_key', sa.String(length=200), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('file_type', sa.String(length=10), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('preview_status', sa.String(length=20), nullable=False),
    sa.Column('preview_key', sa.String(length=200), nullable=True),
    sa.Column('preview_attempts', sa.Integer(), nullable=False),
    sa.Column('preview_claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('preview_error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['media_id'], ['media_items.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('media_id', 'version', name='uq_media_versions_media_version'),
    sa.UniqueConstraint('object_key'),
    sa.UniqueConstraint('sha256', name='uq_media_versions_sha256')
    )
    op.create_index(op.f('ix_media_versions_media_id'), 'media_versions', ['media_id'], unique=False)
    op.create_index('ix_media_versions_preview_status', 'media_versions', ['preview_status'], unique=False)
    op.create_table('uploads',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('media_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('object_key', sa.String(length=200), nullable=False),
    sa.Column('multipart_upload_id', sa.String(length=500), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('part_size', sa.BigInteger(), nullable=False),
    sa.Column('part_count', sa.Integer(), nullable=False),
    sa.Column('metadata_json', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('error_code', sa.String(length=60), nullable=True),
    sa.Column('error_status', sa.Integer(), nullable=True),
    sa.Column('error_message_th', sa.Text(), nullable=True),
    sa.Column('error_message_en', sa.Text(), nullable=True),
    sa.Column('error_details', sa.Text(), nullable=True),
    sa.Column('object_removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['media_id'], ['media_items.id'], ),
    sa.ForeignKeyConstraint(['version_id'], ['media_versions.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('object_key')
    )
    op.create_index('ix_uploads_status_created', 'uploads', ['status', 'created_at'], unique=False)

    _create_search_index()


def _create_search_index():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return

    savepoint = bind.begin_nested()
    try:
        bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        schema = bind.execute(
            sa.text("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
        ).scalar()
        bind.execute(
            sa.text(
                'CREATE INDEX ix_media_items_search_trgm ON media_items USING gin (search_text "{}".gin_trgm_ops)'.format(
                    schema
                )
            )
        )
        savepoint.commit()
    except DBAPIError as error:
        savepoint.rollback()
        log.warning("trigram search index not created (catalogue search scans instead): %s", error.orig)


def downgrade():
    op.execute("DROP INDEX IF EXISTS ix_media_items_search_trgm")
    op.drop_index('ix_uploads_status_created', table_name='uploads')
    op.drop_table('uploads')
    op.drop_index('ix_media_versions_preview_status', table_name='media_versions')
    op.drop_index(op.f('ix_media_versions_media_id'), table_name='media_versions')
    op.drop_table('media_versions')
    op.drop_index('ix_media_tags_facet_code', table_name='media_tags')
    op.drop_table('media_tags')
    op.drop_index('ix_downloads_unit_media', table_name='downloads')
    op.drop_index('ix_downloads_media', table_name='downloads')
    op.drop_table('downloads')
    op.drop_table('seed_markers')
    op.drop_index('ix_media_items_status_published', table_name='media_items')
    op.drop_index('ix_media_items_status_downloads', table_name='media_items')
    op.drop_index(op.f('ix_media_items_language'), table_name='media_items')
    op.drop_index(op.f('ix_media_items_kind'), table_name='media_items')
    op.drop_table('media_items')
