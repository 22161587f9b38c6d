"""create report tables

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 20:18:06.111972
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('media_items',
    sa.Column('media_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('title_th', sa.String(length=300), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('current_version', sa.Integer(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('media_id')
    )
    op.create_table('media_versions',
    sa.Column('media_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('media_id', 'version')
    )
    op.create_table('report_month_totals',
    sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('dimension', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('reports', sa.Integer(), nullable=False),
    sa.Column('people', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('unit_id', 'month', 'dimension', 'key')
    )
    op.create_table('report_totals',
    sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('dimension', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('reports', sa.Integer(), nullable=False),
    sa.Column('people', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('unit_id', 'day', 'dimension', 'key')
    )
    op.create_table('units',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_th', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('path', sa.String(length=200), nullable=False),
    sa.Column('province_code', sa.String(length=10), nullable=True),
    sa.Column('district_code', sa.String(length=10), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_units_parent_id'), 'units', ['parent_id'], unique=False)
    op.create_index('ix_units_path', 'units', ['path'], unique=False, postgresql_ops={'path': 'varchar_pattern_ops'})
    op.create_table('reports',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('filed_by', sa.Integer(), nullable=False),
    sa.Column('filed_by_username', sa.String(length=80), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('activity_date', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('province_code', sa.String(length=10), nullable=False),
    sa.Column('district_code', sa.String(length=10), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('activity_type', sa.String(length=30), nullable=False),
    sa.Column('channels', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('total_people', sa.Integer(), nullable=False),
    sa.Column('photo_count', sa.Integer(), nullable=False),
    sa.Column('complete', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('submission_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_reports_activity_date'), 'reports', ['activity_date'], unique=False)
    op.create_index(op.f('ix_reports_filed_by'), 'reports', ['filed_by'], unique=False)
    op.create_index('ix_reports_occurred_id', 'reports', ['occurred_at', 'id'], unique=False)
    op.create_index(op.f('ix_reports_province_code'), 'reports', ['province_code'], unique=False)
    op.create_index('ix_reports_unit_activity', 'reports', ['unit_id', 'occurred_at'], unique=False)
    op.create_table('report_audiences',
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('group', sa.String(length=40), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('report_id', 'group')
    )
    op.create_table('report_media',
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('media_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version', sa.Integer(), autoincrement=False, nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('report_id', 'media_id', 'version')
    )
    op.create_index('ix_report_media_media', 'report_media', ['media_id'], unique=False)
    op.create_table('report_photos',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=50), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('part_size', sa.BigInteger(), nullable=False),
    sa.Column('part_count', sa.Integer(), nullable=False),
    sa.Column('multipart_upload_id', sa.String(length=500), nullable=True),
    sa.Column('original_key', sa.String(length=200), nullable=False),
    sa.Column('display_key', sa.String(length=200), nullable=True),
    sa.Column('thumbnail_key', sa.String(length=200), nullable=True),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('error_code', sa.String(length=60), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_report_photos_report_id'), 'report_photos', ['report_id'], unique=False)
    op.create_index('ix_report_photos_status_claimed', 'report_photos', ['status', 'claimed_at'], unique=False)
    op.create_table('report_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('actor_username', sa.String(length=80), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('report_id', 'revision', name='uq_report_revisions_report_revision')
    )
    op.create_index(op.f('ix_report_revisions_report_id'), 'report_revisions', ['report_id'], unique=False)
    op.create_table('report_scam_types',
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('report_id', 'code')
    )
    op.create_index('ix_report_scam_types_code', 'report_scam_types', ['code'], unique=False)


def downgrade():
    op.drop_index('ix_report_scam_types_code', table_name='report_scam_types')
    op.drop_table('report_scam_types')
    op.drop_index(op.f('ix_report_revisions_report_id'), table_name='report_revisions')
    op.drop_table('report_revisions')
    op.drop_index('ix_report_photos_status_claimed', table_name='report_photos')
    op.drop_index(op.f('ix_report_photos_report_id'), table_name='report_photos')
    op.drop_table('report_photos')
    op.drop_index('ix_report_media_media', table_name='report_media')
    op.drop_table('report_media')
    op.drop_table('report_audiences')
    op.drop_index('ix_reports_unit_activity', table_name='reports')
    op.drop_index(op.f('ix_reports_province_code'), table_name='reports')
    op.drop_index('ix_reports_occurred_id', table_name='reports')
    op.drop_index(op.f('ix_reports_filed_by'), table_name='reports')
    op.drop_index(op.f('ix_reports_activity_date'), table_name='reports')
    op.drop_table('reports')
    op.drop_index('ix_units_path', table_name='units')
    op.drop_index(op.f('ix_units_parent_id'), table_name='units')
    op.drop_table('units')
    op.drop_table('report_totals')
    op.drop_table('report_month_totals')
    op.drop_table('media_versions')
    op.drop_table('media_items')
