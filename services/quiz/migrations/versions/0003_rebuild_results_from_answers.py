"""rebuild results from answers

A finished attempt's result is rebuilt from its answers and its version's
snapshot when it is asked for again, so the attempt row no longer stores
the whole result document. Every attempt finished before this revision has
its answers stored, so its result can be rebuilt the same way.

The column is dropped with a plain ALTER TABLE, which SQLite supports since
3.35. A batch migration would copy and drop the attempts table instead, and
on SQLite, with foreign keys on, dropping it deletes every answer through
``ON DELETE CASCADE``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 06:50:00.000000
"""

import json

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE attempts DROP COLUMN result")


def downgrade():
    """Add the column back and fill it for finished attempts, which the code before this revision needs.

    The results are rebuilt with the scoring code and advice file of this
    checkout, as a replay would rebuild them.
    """
    from services.quiz import attempts

    op.add_column('attempts', sa.Column('result', sa.Text(), nullable=True))
    bind = op.get_bind()
    finished = bind.execute(sa.text(
        "SELECT a.id, a.quiz_version, a.question_codes, a.completed_at, a.campaign_code, v.checksum "
        "FROM attempts a JOIN quiz_versions v ON v.number = a.quiz_version WHERE a.completed_at IS NOT NULL"
    ).columns(completed_at=sa.DateTime(timezone=True))).all()
    # One rebuild per finished attempt: slow for a large table, but a downgrade runs once.
    for attempt in finished:
        chosen = dict(bind.execute(
            sa.text("SELECT question_code, choice FROM answers WHERE attempt_id = :id"), {"id": attempt.id}
        ).all())
        document = attempts.rebuilt_result(bind, attempt, chosen)
        bind.execute(
            sa.text("UPDATE attempts SET result = :result WHERE id = :id"),
            {"result": json.dumps(document, ensure_ascii=False), "id": attempt.id},
        )
