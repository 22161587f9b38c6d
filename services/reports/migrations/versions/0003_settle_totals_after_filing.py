"""settle totals after filing

A new report is stored with ``totals_pending`` set and is added to the
totals shortly after, in batches, by ``totals.settle``. The partial index
finds the reports still pending.

The downgrade first adds every pending report to the totals, since the code
before this revision expects the totals to hold every active report.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 13:40:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        'reports', sa.Column('totals_pending', sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.create_index(
        'ix_reports_totals_pending', 'reports', ['id'],
        postgresql_where=sa.text('totals_pending'), sqlite_where=sa.text('totals_pending'),
    )


def downgrade():
    from services.reports import totals

    connection = op.get_bind()
    while totals.settle(connection, limit=1000):
        pass
    op.drop_index('ix_reports_totals_pending', table_name='reports')
    op.execute("ALTER TABLE reports DROP COLUMN totals_pending")
