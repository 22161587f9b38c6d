"""Rebuild the analytics read models from the event log: ``python -m services.analytics.rebuild``.

Every consumed event is kept in ``event_log``. A rebuild empties the read
models (units, media, outreach report states and every aggregate) and
folds the whole log again in order, all in one transaction. The
dashboards show the old figures until the rebuild commits, and a failure
leaves them as they were. It holds the fold lock, so a running analytics
service keeps logging events meanwhile and folds those the rebuild did
not reach once it commits. Imported case statistics are not derived from
events and stay untouched.

Use it after a change to the aggregation rules, or to check that the
tables match the log.
"""

import argparse
import logging
import sys
import time

from sqlalchemy import text

from cybervaccine import db, settings
from services.analytics import fold
from services.analytics.models import READ_MODEL_TABLES

log = logging.getLogger("services.analytics.rebuild")

REBUILD_BATCH_SIZE = 5000


def rebuild(session, batch_size=REBUILD_BATCH_SIZE, progress=None):
    """Empty the read models and fold the whole event log again; return how many events were applied."""
    fold.wait_for_fold_lock(session)
    if fold.is_postgresql(session):
        session.execute(text("SET LOCAL statement_timeout = 0"))
    for table in READ_MODEL_TABLES:
        session.execute(table.delete())

    applied, last_id = 0, 0
    while True:
        count, last_id = fold.fold_after(session, last_id, batch_size)
        if count == 0:
            break
        applied += count
        if progress:
            progress(applied)
    session.commit()
    return applied


def main(argv=None):
    from cybervaccine.manage import CONFIG_FILE, load_config

    parser = argparse.ArgumentParser(prog="python -m services.analytics.rebuild", description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=str(CONFIG_FILE), help="nameko YAML config (default config.yaml)")
    parser.add_argument("--batch-size", type=int, default=REBUILD_BATCH_SIZE, help="events per fold batch")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    config = load_config(args.config)
    engine = db.make_engine(settings.database_url(config, "analytics"), schema="analytics", pool_size=1)
    session = db.sessionmaker_for(engine)()
    started = time.monotonic()

    def progress(count):
        print("{} events applied".format(count), file=sys.stderr)

    try:
        applied = rebuild(session, args.batch_size, progress)
    finally:
        session.close()
        engine.dispose()
    print("analytics: read models rebuilt from {} events in {:.1f} s".format(applied, time.monotonic() - started))


if __name__ == "__main__":
    main()
