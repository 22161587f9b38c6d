"""Fold the event log into the read models in a process of its own: ``python -m services.analytics.fold_worker``.

Every analytics service process can fold in a background thread
(``ReadModelFold``), where the fold shares one CPU core with the event
handlers. The deployments (Procfile, docker-compose.yml, deploy/k8s) set
``ANALYTICS_FOLD_IN_SERVICE: false`` instead and run this worker beside the
services, so that the fold runs on another core. Folds never overlap,
because each takes the fold lock (on PostgreSQL) for its transaction.

The worker serves its Prometheus metrics at ``--metrics-address``
(``ANALYTICS_FOLD_METRICS_ADDRESS``, 127.0.0.1:8006 by default).
"""

import argparse
import logging
import logging.config
import signal
import time

from prometheus_client import start_http_server

from cybervaccine import db, settings
from services.analytics import fold, metrics

log = logging.getLogger("services.analytics.fold_worker")

IDLE_SECONDS = 0.5
DEFAULT_METRICS_ADDRESS = "127.0.0.1:8006"
# Counting pending events reads every pending log row, so the gauge is refreshed at most this often.
PENDING_GAUGE_SECONDS = 10.0


class FoldRunner:
    """Fold one batch per call in its own transaction and record the fold metrics."""

    def __init__(self, sessionmaker, batch_size=fold.FOLD_BATCH_SIZE):
        self.sessionmaker = sessionmaker
        self.batch_size = batch_size
        self.gauge_updated = 0.0

    def fold_once(self):
        """Fold one batch; return how many events it applied. A failed batch rolls back and raises."""
        started = time.perf_counter()
        session = self.sessionmaker()
        try:
            count, types = fold.fold_pending(session, self.batch_size)
            session.commit()
            if count:
                metrics.FOLD_DURATION.observe(time.perf_counter() - started)
                for event_type, number in types.items():
                    metrics.EVENTS_FOLDED.labels(event_type).inc(number)
            self._update_pending_gauge(session, count)
            return count
        except Exception:
            session.rollback()
            raise
        finally:
            session.close()

    def _update_pending_gauge(self, session, folded):
        if folded < self.batch_size:
            metrics.EVENTS_PENDING.set(0)
        elif time.monotonic() - self.gauge_updated > PENDING_GAUGE_SECONDS:
            metrics.EVENTS_PENDING.set(fold.pending_count(session))
            session.rollback()
        else:
            return
        self.gauge_updated = time.monotonic()


def fold_until_stopped(sessionmaker, batch_size, should_stop):
    """Fold batches until ``should_stop()``; sleep briefly whenever nothing is pending. Return the total."""
    runner = FoldRunner(sessionmaker, batch_size)
    total = 0
    while not should_stop():
        try:
            count = runner.fold_once()
        except Exception:
            log.exception("fold failed; retrying in %s s", IDLE_SECONDS)
            count = 0
        total += count
        if count == 0:
            time.sleep(IDLE_SECONDS)
    return total


def parse_address(address):
    """Split "host:port" into (host, port); raise ValueError naming the bad value."""
    host, _, port = str(address).rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError("invalid metrics address {!r}: expected host:port, for example 127.0.0.1:8006".format(address))
    return host, int(port)


def configure_logging(config):
    """Log as the services do (config.yaml's LOGGING section), or plainly when the config has none."""
    if "LOGGING" in config:
        logging.config.dictConfig(config["LOGGING"])
    else:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def main(argv=None):
    from cybervaccine.manage import CONFIG_FILE, load_config

    parser = argparse.ArgumentParser(
        prog="python -m services.analytics.fold_worker", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--config", default=str(CONFIG_FILE), help="nameko YAML config (default config.yaml)")
    parser.add_argument("--batch-size", type=int, default=fold.FOLD_BATCH_SIZE, help="events per fold batch")
    parser.add_argument("--metrics-address", help="host:port for /metrics (default ANALYTICS_FOLD_METRICS_ADDRESS)")
    args = parser.parse_args(argv)

    config = load_config(args.config)
    configure_logging(config)
    address = args.metrics_address or config.get("ANALYTICS_FOLD_METRICS_ADDRESS") or DEFAULT_METRICS_ADDRESS
    try:
        host, port = parse_address(address)
    except ValueError as error:
        parser.error(str(error))

    start_http_server(port, addr=host)
    engine = db.make_engine(settings.database_url(config, "analytics"), schema="analytics", pool_size=1)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))

    log.info("fold worker started; metrics on http://%s:%d/metrics", host, port)
    total = fold_until_stopped(db.sessionmaker_for(engine), args.batch_size, lambda: bool(stopping))
    engine.dispose()
    log.info("fold worker stopped after folding %d events", total)


if __name__ == "__main__":
    main()
