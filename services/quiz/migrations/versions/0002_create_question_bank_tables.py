"""Create the question bank, versions, campaigns and attempts

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 20:10:04.437452
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('campaigns',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('unit_path', sa.String(length=200), nullable=False),
    sa.Column('unit_name_th', sa.String(length=200), nullable=False),
    sa.Column('unit_name_en', sa.String(length=200), nullable=False),
    sa.Column('province_code', sa.String(length=10), nullable=True),
    sa.Column('district_code', sa.String(length=10), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_index(op.f('ix_campaigns_unit_id'), 'campaigns', ['unit_id'], unique=False)
    op.create_table('questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('scam_type', sa.String(length=40), nullable=False),
    sa.Column('difficulty', sa.Integer(), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('text_th', sa.Text(), nullable=False),
    sa.Column('text_en', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_index(op.f('ix_questions_scam_type'), 'questions', ['scam_type'], unique=False)
    op.create_index(op.f('ix_questions_status'), 'questions', ['status'], unique=False)
    op.create_table('quiz_versions',
    sa.Column('number', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('question_count', sa.Integer(), nullable=False),
    sa.Column('scam_type_count', sa.Integer(), nullable=False),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('number')
    )
    op.create_table('attempts',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('quiz_version', sa.Integer(), nullable=False),
    sa.Column('question_codes', sa.Text(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('province_code', sa.String(length=10), nullable=True),
    sa.Column('district_code', sa.String(length=10), nullable=True),
    sa.Column('age_group', sa.String(length=10), nullable=True),
    sa.Column('campaign_code', sa.String(length=12), nullable=True),
    sa.Column('station_unit_id', sa.Integer(), nullable=True),
    sa.Column('start_key', sa.String(length=128), nullable=True),
    sa.Column('start_fingerprint', sa.String(length=64), nullable=True),
    sa.Column('submission_key', sa.String(length=128), nullable=True),
    sa.Column('submission_fingerprint', sa.String(length=64), nullable=True),
    sa.Column('total_score', sa.Integer(), nullable=True),
    sa.Column('risk_level', sa.String(length=10), nullable=True),
    sa.Column('result', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_code'], ['campaigns.code'], ),
    sa.ForeignKeyConstraint(['quiz_version'], ['quiz_versions.number'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('start_key'),
    sa.UniqueConstraint('submission_key')
    )
    op.create_index('ix_attempts_campaign_completed', 'attempts', ['campaign_code', 'completed_at'], unique=False)
    op.create_index(op.f('ix_attempts_completed_at'), 'attempts', ['completed_at'], unique=False)
    op.create_index(op.f('ix_attempts_province_code'), 'attempts', ['province_code'], unique=False)
    op.create_index(op.f('ix_attempts_quiz_version'), 'attempts', ['quiz_version'], unique=False)
    op.create_index(op.f('ix_attempts_station_unit_id'), 'attempts', ['station_unit_id'], unique=False)
    op.create_table('choices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('letter', sa.String(length=1), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text_th', sa.Text(), nullable=False),
    sa.Column('text_en', sa.Text(), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('explanation_th', sa.Text(), nullable=False),
    sa.Column('explanation_en', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('question_id', 'letter')
    )
    op.create_index(op.f('ix_choices_question_id'), 'choices', ['question_id'], unique=False)
    op.create_table('answers',
    sa.Column('attempt_id', sa.String(length=36), nullable=False),
    sa.Column('question_code', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('scam_type', sa.String(length=40), nullable=False),
    sa.Column('choice', sa.String(length=1), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('attempt_id', 'question_code')
    )


def downgrade():
    op.drop_table('answers')
    op.drop_index(op.f('ix_choices_question_id'), table_name='choices')
    op.drop_table('choices')
    op.drop_index(op.f('ix_attempts_station_unit_id'), table_name='attempts')
    op.drop_index(op.f('ix_attempts_quiz_version'), table_name='attempts')
    op.drop_index(op.f('ix_attempts_province_code'), table_name='attempts')
    op.drop_index(op.f('ix_attempts_completed_at'), table_name='attempts')
    op.drop_index('ix_attempts_campaign_completed', table_name='attempts')
    op.drop_table('attempts')
    op.drop_table('quiz_versions')
    op.drop_index(op.f('ix_questions_status'), table_name='questions')
    op.drop_index(op.f('ix_questions_scam_type'), table_name='questions')
    op.drop_table('questions')
    op.drop_index(op.f('ix_campaigns_unit_id'), table_name='campaigns')
    op.drop_table('campaigns')
