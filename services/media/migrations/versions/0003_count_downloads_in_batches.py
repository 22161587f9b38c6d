"""count downloads in batches

Downloads no longer update their item's counter in the request; a
background pass adds uncounted downloads to ``download_count``. Downloads
recorded before this revision were already counted by the request.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 21:27:51.862948
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('downloads', sa.Column('counted', sa.Boolean(), server_default=sa.text('false'), nullable=False))
    op.execute("UPDATE downloads SET counted = true")
    op.create_index('ix_downloads_uncounted', 'downloads', ['id'], unique=False, postgresql_where=sa.text('NOT counted'), sqlite_where=sa.text('NOT counted'))


def downgrade():
    op.drop_index('ix_downloads_uncounted', table_name='downloads', postgresql_where=sa.text('NOT counted'), sqlite_where=sa.text('NOT counted'))
    op.drop_column('downloads', 'counted')
