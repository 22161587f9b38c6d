"""rebuild results from answers

A finished attempt's result is rebuilt from its answers and its version's
snapshot when it is asked for again, so the attempt row no longer stores
the whole result document. Every attempt finished before this revision has
its answers stored, so its result can be rebuilt the same way.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 06:50:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempts') as batch:
        batch.drop_column('result')


def downgrade():
    with op.batch_alter_table('attempts') as batch:
        batch.add_column(sa.Column('result', sa.Text(), nullable=True))
