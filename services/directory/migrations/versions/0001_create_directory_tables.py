"""create directory tables

Revision ID: 0001
Revises: 
Create Date: 2026-12-04 19:57:46.757943
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('handled_events',
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('event_type', sa.String(length=100), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('event_type', sa.String(length=100), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('headers', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('dispatched_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id')
    )
    op.create_index(op.f('ix_outbox_created_at'), 'outbox', ['created_at'], unique=False)
    op.create_index(op.f('ix_outbox_dispatched_at'), 'outbox', ['dispatched_at'], unique=False)
    op.create_table('scam_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_th', sa.String(length=300), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_th', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('path', sa.String(length=200), nullable=False),
    sa.Column('province_code', sa.String(length=10), nullable=True),
    sa.Column('district_code', sa.String(length=10), nullable=True),
    sa.Column('stand_in', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['units.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_index(op.f('ix_units_level'), 'units', ['level'], unique=False)
    op.create_index(op.f('ix_units_parent_id'), 'units', ['parent_id'], unique=False)
    op.create_index(op.f('ix_units_path'), 'units', ['path'], unique=False)
    op.create_index(op.f('ix_units_province_code'), 'units', ['province_code'], unique=False)
    op.create_table('accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('roles', sa.String(length=200), nullable=False),
    sa.Column('heavy_workload', sa.Boolean(), nullable=False),
    sa.Column('workload_note', sa.String(length=300), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_index(op.f('ix_accounts_unit_id'), 'accounts', ['unit_id'], unique=False)
    op.create_table('duty_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('duty', sa.String(length=40), nullable=False),
    sa.Column('assigned_by', sa.Integer(), nullable=False),
    sa.Column('workload_override', sa.Boolean(), nullable=False),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['assigned_by'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['ended_by'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_duty_assignments_account_id'), 'duty_assignments', ['account_id'], unique=False)
    op.create_index(op.f('ix_duty_assignments_unit_id'), 'duty_assignments', ['unit_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_duty_assignments_unit_id'), table_name='duty_assignments')
    op.drop_index(op.f('ix_duty_assignments_account_id'), table_name='duty_assignments')
    op.drop_table('duty_assignments')
    op.drop_index(op.f('ix_accounts_unit_id'), table_name='accounts')
    op.drop_table('accounts')
    op.drop_index(op.f('ix_units_province_code'), table_name='units')
    op.drop_index(op.f('ix_units_path'), table_name='units')
    op.drop_index(op.f('ix_units_parent_id'), table_name='units')
    op.drop_index(op.f('ix_units_level'), table_name='units')
    op.drop_table('units')
    op.drop_table('scam_types')
    op.drop_index(op.f('ix_outbox_dispatched_at'), table_name='outbox')
    op.drop_index(op.f('ix_outbox_created_at'), table_name='outbox')
    op.drop_table('outbox')
    op.drop_table('handled_events')
