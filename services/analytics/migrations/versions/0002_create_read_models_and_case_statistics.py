"""create analytics read models and case statistics

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 21:38:07.303483
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_statistics_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('object_key', sa.String(length=300), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('replaced_row_count', sa.Integer(), nullable=False),
    sa.Column('skipped_line_count', sa.Integer(), nullable=False),
    sa.Column('error_count', sa.Integer(), nullable=False),
    sa.Column('errors', sa.Text(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('created_by_account_id', sa.Integer(), nullable=True),
    sa.Column('created_by_username', sa.String(length=80), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_case_statistics_imports_status'), 'case_statistics_imports', ['status'], unique=False)
    op.create_table('download_type_daily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('area_code', sa.String(length=10), nullable=False),
    sa.Column('scam_type', sa.String(length=40), nullable=False),
    sa.Column('downloads', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'area_code', 'scam_type', name='pk_download_type_daily')
    )
    op.create_index('ix_download_type_daily_area_code', 'download_type_daily', ['area_code', 'day'], unique=False)
    op.create_table('download_type_monthly',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('area_code', sa.String(length=10), nullable=False),
    sa.Column('scam_type', sa.String(length=40), nullable=False),
    sa.Column('downloads', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'area_code', 'scam_type', name='pk_download_type_monthly')
    )
    op.create_index('ix_download_type_monthly_area_code', 'download_type_monthly', ['area_code', 'month'], unique=False)
    op.create_table('downloads_daily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('area_code', sa.String(length=10), nullable=False),
    sa.Column('media_id', sa.Integer(), nullable=False),
    sa.Column('downloads', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'area_code', 'media_id', name='pk_downloads_daily')
    )
    op.create_index('ix_downloads_daily_area_code', 'downloads_daily', ['area_code', 'day'], unique=False)
    op.create_table('downloads_monthly',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('area_code', sa.String(length=10), nullable=False),
    sa.Column('media_id', sa.Integer(), nullable=False),
    sa.Column('downloads', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'area_code', 'media_id', name='pk_downloads_monthly')
    )
    op.create_index('ix_downloads_monthly_area_code', 'downloads_monthly', ['area_code', 'month'], unique=False)
    op.create_table('event_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('event_type', sa.String(length=100), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('applied', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id')
    )
    op.create_index('ix_event_log_pending', 'event_log', ['id'], unique=False, postgresql_where=sa.text('NOT applied'), sqlite_where=sa.text('NOT applied'))
    op.create_table('media_items',
    sa.Column('media_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('title_th', sa.String(length=300), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('scam_types', sa.Text(), nullable=False),
    sa.Column('latest_version', sa.Integer(), nullable=True),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('media_id')
    )
    op.create_table('media_use_daily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('media_id', sa.Integer(), nullable=False),
    sa.Column('downloads', sa.BigInteger(), nullable=False),
    sa.Column('outreach_uses', sa.BigInteger(), nullable=False),
    sa.Column('outreach_people', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'media_id', name='pk_media_use_daily')
    )
    op.create_table('media_use_monthly',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('media_id', sa.Integer(), nullable=False),
    sa.Column('downloads', sa.BigInteger(), nullable=False),
    sa.Column('outreach_uses', sa.BigInteger(), nullable=False),
    sa.Column('outreach_people', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'media_id', name='pk_media_use_monthly')
    )
    op.create_table('outreach_daily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('province_code', sa.String(length=10), nullable=False),
    sa.Column('district_code', sa.String(length=10), nullable=False),
    sa.Column('activity_type', sa.String(length=40), nullable=False),
    sa.Column('activities', sa.BigInteger(), nullable=False),
    sa.Column('people', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'unit_id', 'province_code', 'district_code', 'activity_type', name='pk_outreach_daily')
    )
    op.create_index('ix_outreach_daily_district_code', 'outreach_daily', ['district_code', 'day'], unique=False)
    op.create_index('ix_outreach_daily_province_code', 'outreach_daily', ['province_code', 'day'], unique=False)
    op.create_index('ix_outreach_daily_unit_id', 'outreach_daily', ['unit_id', 'day'], unique=False)
    op.create_table('outreach_media_daily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('province_code', sa.String(length=10), nullable=False),
    sa.Column('district_code', sa.String(length=10), nullable=False),
    sa.Column('media_id', sa.Integer(), nullable=False),
    sa.Column('uses', sa.BigInteger(), nullable=False),
    sa.Column('people', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'unit_id', 'province_code', 'district_code', 'media_id', name='pk_outreach_media_daily')
    )
    op.create_index('ix_outreach_media_daily_district_code', 'outreach_media_daily', ['district_code', 'day'], unique=False)
    op.create_index('ix_outreach_media_daily_province_code', 'outreach_media_daily', ['province_code', 'day'], unique=False)
    op.create_index('ix_outreach_media_daily_unit_id', 'outreach_media_daily', ['unit_id', 'day'], unique=False)
    op.create_table('outreach_media_monthly',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('province_code', sa.String(length=10), nullable=False),
    sa.Column('district_code', sa.String(length=10), nullable=False),
    sa.Column('media_id', sa.Integer(), nullable=False),
    sa.Column('uses', sa.BigInteger(), nullable=False),
    sa.Column('people', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'unit_id', 'province_code', 'district_code', 'media_id', name='pk_outreach_media_monthly')
    )
    op.create_index('ix_outreach_media_monthly_district_code', 'outreach_media_monthly', ['district_code', 'month'], unique=False)
    op.create_index('ix_outreach_media_monthly_province_code', 'outreach_media_monthly', ['province_code', 'month'], unique=False)
    op.create_index('ix_outreach_media_monthly_unit_id', 'outreach_media_monthly', ['unit_id', 'month'], unique=False)
    op.create_table('outreach_monthly',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('province_code', sa.String(length=10), nullable=False),
    sa.Column('district_code', sa.String(length=10), nullable=False),
    sa.Column('activity_type', sa.String(length=40), nullable=False),
    sa.Column('activities', sa.BigInteger(), nullable=False),
    sa.Column('people', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'unit_id', 'province_code', 'district_code', 'activity_type', name='pk_outreach_monthly')
    )
    op.create_index('ix_outreach_monthly_district_code', 'outreach_monthly', ['district_code', 'month'], unique=False)
    op.create_index('ix_outreach_monthly_province_code', 'outreach_monthly', ['province_code', 'month'], unique=False)
    op.create_index('ix_outreach_monthly_unit_id', 'outreach_monthly', ['unit_id', 'month'], unique=False)
    op.create_table('outreach_reports',
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('withdrawn', sa.Boolean(), nullable=False),
    sa.Column('contribution', sa.Text(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('report_id')
    )
    op.create_table('outreach_type_daily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('province_code', sa.String(length=10), nullable=False),
    sa.Column('district_code', sa.String(length=10), nullable=False),
    sa.Column('scam_type', sa.String(length=40), nullable=False),
    sa.Column('activities', sa.BigInteger(), nullable=False),
    sa.Column('people', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'unit_id', 'province_code', 'district_code', 'scam_type', name='pk_outreach_type_daily')
    )
    op.create_index('ix_outreach_type_daily_district_code', 'outreach_type_daily', ['district_code', 'day'], unique=False)
    op.create_index('ix_outreach_type_daily_province_code', 'outreach_type_daily', ['province_code', 'day'], unique=False)
    op.create_index('ix_outreach_type_daily_unit_id', 'outreach_type_daily', ['unit_id', 'day'], unique=False)
    op.create_table('outreach_type_monthly',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('province_code', sa.String(length=10), nullable=False),
    sa.Column('district_code', sa.String(length=10), nullable=False),
    sa.Column('scam_type', sa.String(length=40), nullable=False),
    sa.Column('activities', sa.BigInteger(), nullable=False),
    sa.Column('people', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'unit_id', 'province_code', 'district_code', 'scam_type', name='pk_outreach_type_monthly')
    )
    op.create_index('ix_outreach_type_monthly_district_code', 'outreach_type_monthly', ['district_code', 'month'], unique=False)
    op.create_index('ix_outreach_type_monthly_province_code', 'outreach_type_monthly', ['province_code', 'month'], unique=False)
    op.create_index('ix_outreach_type_monthly_unit_id', 'outreach_type_monthly', ['unit_id', 'month'], unique=False)
    op.create_table('quiz_daily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('area_code', sa.String(length=10), nullable=False),
    sa.Column('takers', sa.BigInteger(), nullable=False),
    sa.Column('score_sum', sa.BigInteger(), nullable=False),
    sa.Column('risk_low', sa.BigInteger(), nullable=False),
    sa.Column('risk_medium', sa.BigInteger(), nullable=False),
    sa.Column('risk_high', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'area_code', name='pk_quiz_daily')
    )
    op.create_index('ix_quiz_daily_area_code', 'quiz_daily', ['area_code', 'day'], unique=False)
    op.create_table('quiz_monthly',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('area_code', sa.String(length=10), nullable=False),
    sa.Column('takers', sa.BigInteger(), nullable=False),
    sa.Column('score_sum', sa.BigInteger(), nullable=False),
    sa.Column('risk_low', sa.BigInteger(), nullable=False),
    sa.Column('risk_medium', sa.BigInteger(), nullable=False),
    sa.Column('risk_high', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'area_code', name='pk_quiz_monthly')
    )
    op.create_index('ix_quiz_monthly_area_code', 'quiz_monthly', ['area_code', 'month'], unique=False)
    op.create_table('quiz_type_daily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('area_code', sa.String(length=10), nullable=False),
    sa.Column('scam_type', sa.String(length=40), nullable=False),
    sa.Column('takers', sa.BigInteger(), nullable=False),
    sa.Column('correct', sa.BigInteger(), nullable=False),
    sa.Column('questions', sa.BigInteger(), nullable=False),
    sa.Column('score_sum', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'area_code', 'scam_type', name='pk_quiz_type_daily')
    )
    op.create_index('ix_quiz_type_daily_area_code', 'quiz_type_daily', ['area_code', 'day'], unique=False)
    op.create_table('quiz_type_monthly',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('area_code', sa.String(length=10), nullable=False),
    sa.Column('scam_type', sa.String(length=40), nullable=False),
    sa.Column('takers', sa.BigInteger(), nullable=False),
    sa.Column('correct', sa.BigInteger(), nullable=False),
    sa.Column('questions', sa.BigInteger(), nullable=False),
    sa.Column('score_sum', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'area_code', 'scam_type', name='pk_quiz_type_monthly')
    )
    op.create_index('ix_quiz_type_monthly_area_code', 'quiz_type_monthly', ['area_code', 'month'], unique=False)
    op.create_table('scam_type_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scam_type', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('normalized_name', sa.String(length=300), nullable=False),
    sa.Column('created_by_account_id', sa.Integer(), nullable=True),
    sa.Column('created_by_username', sa.String(length=80), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('normalized_name')
    )
    op.create_index(op.f('ix_scam_type_aliases_scam_type'), 'scam_type_aliases', ['scam_type'], unique=False)
    op.create_table('type_use_daily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('scam_type', sa.String(length=40), nullable=False),
    sa.Column('downloads', sa.BigInteger(), nullable=False),
    sa.Column('outreach_activities', sa.BigInteger(), nullable=False),
    sa.Column('outreach_people', sa.BigInteger(), nullable=False),
    sa.Column('quiz_takers', sa.BigInteger(), nullable=False),
    sa.Column('quiz_correct', sa.BigInteger(), nullable=False),
    sa.Column('quiz_questions', sa.BigInteger(), nullable=False),
    sa.Column('quiz_score_sum', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'scam_type', name='pk_type_use_daily')
    )
    op.create_table('type_use_monthly',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('scam_type', sa.String(length=40), nullable=False),
    sa.Column('downloads', sa.BigInteger(), nullable=False),
    sa.Column('outreach_activities', sa.BigInteger(), nullable=False),
    sa.Column('outreach_people', sa.BigInteger(), nullable=False),
    sa.Column('quiz_takers', sa.BigInteger(), nullable=False),
    sa.Column('quiz_correct', sa.BigInteger(), nullable=False),
    sa.Column('quiz_questions', sa.BigInteger(), nullable=False),
    sa.Column('quiz_score_sum', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'scam_type', name='pk_type_use_monthly')
    )
    op.create_table('units',
    sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_th', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('path', sa.String(length=400), nullable=False),
    sa.Column('province_code', sa.String(length=10), nullable=True),
    sa.Column('district_code', sa.String(length=10), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('unit_id')
    )
    op.create_index(op.f('ix_units_path'), 'units', ['path'], unique=False)
    op.create_index(op.f('ix_units_province_code'), 'units', ['province_code'], unique=False)
    op.create_table('case_statistics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('area_code', sa.String(length=10), nullable=False),
    sa.Column('scam_type', sa.String(length=40), nullable=False),
    sa.Column('cases', sa.BigInteger(), nullable=True),
    sa.Column('damage_baht', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('source_name', sa.Text(), nullable=True),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('replaced_by_import_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['import_id'], ['case_statistics_imports.id'], ),
    sa.ForeignKeyConstraint(['replaced_by_import_id'], ['case_statistics_imports.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_case_statistics_area_type', 'case_statistics', ['area_code', 'scam_type', 'period_end'], unique=False)
    op.create_index(op.f('ix_case_statistics_import_id'), 'case_statistics', ['import_id'], unique=False)
    op.create_index(op.f('ix_case_statistics_replaced_by_import_id'), 'case_statistics', ['replaced_by_import_id'], unique=False)
    op.create_index('uq_case_statistics_current', 'case_statistics', ['period_start', 'period_end', 'area_code', 'scam_type'], unique=True, postgresql_where=sa.text('replaced_by_import_id IS NULL'), sqlite_where=sa.text('replaced_by_import_id IS NULL'))


def downgrade():
    op.drop_index('uq_case_statistics_current', table_name='case_statistics', postgresql_where=sa.text('replaced_by_import_id IS NULL'), sqlite_where=sa.text('replaced_by_import_id IS NULL'))
    op.drop_index(op.f('ix_case_statistics_replaced_by_import_id'), table_name='case_statistics')
    op.drop_index(op.f('ix_case_statistics_import_id'), table_name='case_statistics')
    op.drop_index('ix_case_statistics_area_type', table_name='case_statistics')
    op.drop_table('case_statistics')
    op.drop_index(op.f('ix_units_province_code'), table_name='units')
    op.drop_index(op.f('ix_units_path'), table_name='units')
    op.drop_table('units')
    op.drop_table('type_use_monthly')
    op.drop_table('type_use_daily')
    op.drop_index(op.f('ix_scam_type_aliases_scam_type'), table_name='scam_type_aliases')
    op.drop_table('scam_type_aliases')
    op.drop_index('ix_quiz_type_monthly_area_code', table_name='quiz_type_monthly')
    op.drop_table('quiz_type_monthly')
    op.drop_index('ix_quiz_type_daily_area_code', table_name='quiz_type_daily')
    op.drop_table('quiz_type_daily')
    op.drop_index('ix_quiz_monthly_area_code', table_name='quiz_monthly')
    op.drop_table('quiz_monthly')
    op.drop_index('ix_quiz_daily_area_code', table_name='quiz_daily')
    op.drop_table('quiz_daily')
    op.drop_index('ix_outreach_type_monthly_unit_id', table_name='outreach_type_monthly')
    op.drop_index('ix_outreach_type_monthly_province_code', table_name='outreach_type_monthly')
    op.drop_index('ix_outreach_type_monthly_district_code', table_name='outreach_type_monthly')
    op.drop_table('outreach_type_monthly')
    op.drop_index('ix_outreach_type_daily_unit_id', table_name='outreach_type_daily')
    op.drop_index('ix_outreach_type_daily_province_code', table_name='outreach_type_daily')
    op.drop_index('ix_outreach_type_daily_district_code', table_name='outreach_type_daily')
    op.drop_table('outreach_type_daily')
    op.drop_table('outreach_reports')
    op.drop_index('ix_outreach_monthly_unit_id', table_name='outreach_monthly')
    op.drop_index('ix_outreach_monthly_province_code', table_name='outreach_monthly')
    op.drop_index('ix_outreach_monthly_district_code', table_name='outreach_monthly')
    op.drop_table('outreach_monthly')
    op.drop_index('ix_outreach_media_monthly_unit_id', table_name='outreach_media_monthly')
    op.drop_index('ix_outreach_media_monthly_province_code', table_name='outreach_media_monthly')
    op.drop_index('ix_outreach_media_monthly_district_code', table_name='outreach_media_monthly')
    op.drop_table('outreach_media_monthly')
    op.drop_index('ix_outreach_media_daily_unit_id', table_name='outreach_media_daily')
    op.drop_index('ix_outreach_media_daily_province_code', table_name='outreach_media_daily')
    op.drop_index('ix_outreach_media_daily_district_code', table_name='outreach_media_daily')
    op.drop_table('outreach_media_daily')
    op.drop_index('ix_outreach_daily_unit_id', table_name='outreach_daily')
    op.drop_index('ix_outreach_daily_province_code', table_name='outreach_daily')
    op.drop_index('ix_outreach_daily_district_code', table_name='outreach_daily')
    op.drop_table('outreach_daily')
    op.drop_table('media_use_monthly')
    op.drop_table('media_use_daily')
    op.drop_table('media_items')
    op.drop_index('ix_event_log_pending', table_name='event_log', postgresql_where=sa.text('NOT applied'), sqlite_where=sa.text('NOT applied'))
    op.drop_table('event_log')
    op.drop_index('ix_downloads_monthly_area_code', table_name='downloads_monthly')
    op.drop_table('downloads_monthly')
    op.drop_index('ix_downloads_daily_area_code', table_name='downloads_daily')
    op.drop_table('downloads_daily')
    op.drop_index('ix_download_type_monthly_area_code', table_name='download_type_monthly')
    op.drop_table('download_type_monthly')
    op.drop_index('ix_download_type_daily_area_code', table_name='download_type_daily')
    op.drop_table('download_type_daily')
    op.drop_index(op.f('ix_case_statistics_imports_status'), table_name='case_statistics_imports')
    op.drop_table('case_statistics_imports')
