"""Operator commands: migrate, seed, declare queues, replay dead letters, rebuild read models, check the broker.

Usage: ``python -m cybervaccine.manage COMMAND`` with the same environment
as the services (config.yaml is read with its ``${VAR:default}`` values).
"""

import argparse
import importlib
import logging
import sys

import yaml
from kombu import Connection

from cybervaccine import db, settings

SERVICES = ("directory", "media", "quiz", "reports", "analytics")
CONFIG_FILE = settings.PROJECT_ROOT / "config.yaml"

log = logging.getLogger("cybervaccine.manage")


def load_config(path=CONFIG_FILE):
    """Read a nameko YAML config with environment substitution, as ``nameko run`` does."""
    from nameko.cli.main import setup_yaml_parser

    setup_yaml_parser()
    with open(path) as handle:
        return yaml.safe_load(handle)


def service_module(name, module):
    """Import ``services.<name>.<module>``; return None if the service has no such module."""
    qualified = "services.{}.{}".format(name, module)
    try:
        return importlib.import_module(qualified)
    except ModuleNotFoundError as error:
        if error.name == qualified:
            return None
        raise


def service_class(name):
    module = service_module(name, "service")
    for value in vars(module).values():
        if isinstance(value, type) and getattr(value, "name", None) == name:
            return value
    raise LookupError("services/{}/service.py defines no service named {}".format(name, name))


def installed_services():
    """Return the services whose folder has a service module."""
    return [name for name in SERVICES if (settings.PROJECT_ROOT / "services" / name / "service.py").exists()]


def migrate(config, names):
    from cybervaccine import migrations

    for name in names:
        migrations.upgrade(name, config)
        print("{}: database migrated".format(name))


def seed(config, names):
    for name in names:
        module = service_module(name, "seed")
        if module is None:
            continue
        url = settings.database_url(config, name)
        engine = db.make_engine(url, schema=name, pool_size=1)
        session = db.sessionmaker_for(engine)()
        try:
            for line in module.run_seed(session, config):
                print(line)
        finally:
            session.close()
            engine.dispose()


def declare_queues(config, names):
    from cybervaccine.messaging import declare_handler_queues

    classes = [service_class(name) for name in names]
    with Connection(config["AMQP_URI"], connect_timeout=5) as connection:
        declared = declare_handler_queues(connection, classes)
    print("{} event handler queues declared".format(len(declared)))


def replay_dead_letters(config, queue, limit):
    from cybervaccine.messaging import replay_dead_letters as replay

    with Connection(config["AMQP_URI"], connect_timeout=5) as connection:
        count = replay(connection, queue, limit)
    print("{} messages replayed to {}".format(count, queue))


def check_broker(config):
    """Exit with a clear message if RabbitMQ cannot be reached."""
    from cybervaccine.operations import check_broker as check

    try:
        check(config["AMQP_URI"])
    except Exception as error:
        print(
            "RabbitMQ is not reachable at AMQP_URI ({}): {}\n"
            "Start it with the local package (rabbitmq-server -detached) or with "
            "'docker compose up -d rabbitmq', or set AMQP_URI.".format(_redact(config["AMQP_URI"]), error),
            file=sys.stderr,
        )
        sys.exit(1)
    print("RabbitMQ is reachable")


def _redact(uri):
    scheme, _, rest = uri.partition("://")
    if "@" not in rest:
        return uri
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":")[0]
    return "{}://{}:***@{}".format(scheme, user, host)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m cybervaccine.manage", description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=str(CONFIG_FILE), help="nameko YAML config (default config.yaml)")
    commands = parser.add_subparsers(dest="command", required=True)
    for command in ("migrate", "seed", "declare-queues"):
        sub = commands.add_parser(command)
        sub.add_argument("services", nargs="*", help="service names (default: all)")
    replay = commands.add_parser("replay-dead-letters", help="move dead-lettered events back to their handler")
    replay.add_argument("queue", help="the handler queue name, as shown in RabbitMQ")
    replay.add_argument("--limit", type=int, default=None, help="replay at most this many messages")
    commands.add_parser("check-broker")
    rebuild = commands.add_parser("rebuild-analytics", help="rebuild the analytics read models from its event log")
    rebuild.add_argument("arguments", nargs=argparse.REMAINDER, help="passed to services.analytics.rebuild")
    args = parser.parse_args(argv)

    if args.command == "rebuild-analytics":
        from services.analytics import rebuild as rebuild_module

        return rebuild_module.main(["--config", args.config, *args.arguments])

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    config = load_config(args.config)
    names = getattr(args, "services", None) or installed_services()

    if args.command == "migrate":
        migrate(config, names)
    elif args.command == "seed":
        seed(config, names)
    elif args.command == "declare-queues":
        declare_queues(config, names)
    elif args.command == "replay-dead-letters":
        replay_dead_letters(config, args.queue, args.limit)
    elif args.command == "check-broker":
        check_broker(config)


if __name__ == "__main__":
    main()
