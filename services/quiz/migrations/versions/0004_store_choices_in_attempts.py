"""store choices in attempts

An attempt's answers are written once, with its result, and read whole to
rebuild that result. They move from the answers table (one row per
question, with its key, its index entry and a foreign key check each) to
one short column of the attempt: the chosen letter of each drawn question,
in the order of ``question_codes``. Scam type and correctness follow from
the version's snapshot.

Columns are added and dropped with plain ALTER TABLE (see revision 0003:
on SQLite a batch migration would rebuild the attempts table).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 10:20:00.000000
"""

import itertools
import json

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

ROWS_PER_UPDATE = 1000


def upgrade():
    op.add_column('attempts', sa.Column('choices', sa.String(length=60), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT attempt_id, choice FROM answers ORDER BY attempt_id, position"),
        execution_options={"stream_results": True},
    )
    update = sa.text("UPDATE attempts SET choices = :choices WHERE id = :id")
    pending = []
    for attempt_id, group in itertools.groupby(rows, key=lambda row: row[0]):
        pending.append({"id": attempt_id, "choices": "".join(row[1] for row in group)})
        if len(pending) >= ROWS_PER_UPDATE:
            bind.execute(update, pending)
            pending = []
    if pending:
        bind.execute(update, pending)
    op.drop_table('answers')


def downgrade():
    """Recreate the answers table from the choices and the snapshots, then drop the column."""
    from services.quiz.operations import SNAPSHOTS

    answers = op.create_table(
        'answers',
        sa.Column('attempt_id', sa.String(length=36), nullable=False),
        sa.Column('question_code', sa.String(length=60), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('scam_type', sa.String(length=40), nullable=False),
        sa.Column('choice', sa.String(length=1), nullable=False),
        sa.Column('correct', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('attempt_id', 'question_code'),
    )
    bind = op.get_bind()
    finished = bind.execute(
        sa.text(
            "SELECT a.id, a.quiz_version, v.checksum, a.question_codes, a.choices FROM attempts a "
            "JOIN quiz_versions v ON v.number = a.quiz_version WHERE a.choices IS NOT NULL"
        ),
        execution_options={"stream_results": True},
    )
    pending = []
    for attempt_id, version, checksum, question_codes, choices in finished:
        by_code = SNAPSHOTS.get(bind, version, checksum)["by_code"]
        pending += [
            _answer_row(attempt_id, position, by_code[code], letter)
            for position, (code, letter) in enumerate(zip(json.loads(question_codes), choices))
        ]
        if len(pending) >= ROWS_PER_UPDATE:
            bind.execute(answers.insert(), pending)
            pending = []
    if pending:
        bind.execute(answers.insert(), pending)
    op.execute("ALTER TABLE attempts DROP COLUMN choices")


def _answer_row(attempt_id, position, question, letter):
    correct = next(choice["id"] for choice in question["choices"] if choice["correct"])
    return {
        "attempt_id": attempt_id,
        "question_code": question["id"],
        "position": position,
        "scam_type": question["scam_type"],
        "choice": letter,
        "correct": letter == correct,
    }
