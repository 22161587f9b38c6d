"""Fold the event log into the read models in a process of its own: ``python -m services.analytics.fold_worker``.

By default every analytics service process folds in a background thread
(``ReadModelFold``), which shares one CPU core with the event handlers.
Under a sustained burst the fold can run in this process instead, on
another core: set ``ANALYTICS_FOLD_IN_SERVICE: false`` in the services'
config and run one or more of these next to them. Folds never overlap,
because each takes the fold lock (on PostgreSQL) for its transaction.
"""

import argparse
import logging
import signal
import time

from cybervaccine import db, settings
from services.analytics import fold

log = logging.getLogger("services.analytics.fold_worker")

IDLE_SECONDS = 0.5


def fold_until_stopped(sessionmaker, batch_size, should_stop):
    """Fold batches until ``should_stop()``; sleep briefly whenever nothing is pending. Return the total."""
    total = 0
    while not should_stop():
        session = sessionmaker()
        try:
            count, _ = fold.fold_pending(session, batch_size)
            session.commit()
        except Exception:
            session.rollback()
            log.exception("fold failed; retrying in %s s", IDLE_SECONDS)
            count = 0
        finally:
            session.close()
        total += count
        if count == 0:
            time.sleep(IDLE_SECONDS)
    return total


def main(argv=None):
    from cybervaccine.manage import CONFIG_FILE, load_config

    parser = argparse.ArgumentParser(
        prog="python -m services.analytics.fold_worker", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--config", default=str(CONFIG_FILE), help="nameko YAML config (default config.yaml)")
    parser.add_argument("--batch-size", type=int, default=fold.FOLD_BATCH_SIZE, help="events per fold batch")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = load_config(args.config)
    engine = db.make_engine(settings.database_url(config, "analytics"), schema="analytics", pool_size=1)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))

    log.info("fold worker started")
    total = fold_until_stopped(db.sessionmaker_for(engine), args.batch_size, lambda: bool(stopping))
    engine.dispose()
    log.info("fold worker stopped after folding %d events", total)


if __name__ == "__main__":
    main()
