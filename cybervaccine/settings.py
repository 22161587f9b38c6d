"""Settings read from a nameko config dict (YAML with ``${VAR:default}``).

Every process reads its configuration in one place: nameko passes the
parsed config.yaml to each extension, and the helpers below turn it into
values. Production refuses missing or default secrets.
"""

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = PROJECT_ROOT / "var"


class ConfigurationError(RuntimeError):
    """Raised at start-up when a required setting is missing or unsafe."""


def is_production(config):
    return str(config.get("ENVIRONMENT", "development")).lower() == "production"


def data_dir(config):
    """Return the folder for local state (SQLite files, object store data, dev secrets)."""
    return Path(config.get("DATA_DIR") or DEFAULT_DATA_DIR)


def database_url(config, service_name):
    """Return the SQLAlchemy URL for ``service_name``.

    ``<SERVICE>_DATABASE_URL`` wins over the shared ``DATABASE_URL``. With
    neither set, each service gets its own SQLite file under the data folder.
    """
    specific = config.get("{}_DATABASE_URL".format(service_name.upper()))
    shared = config.get("DATABASE_URL")
    url = specific or shared
    if url:
        return url

    folder = data_dir(config) / "db"
    folder.mkdir(parents=True, exist_ok=True)
    return "sqlite:///{}".format(folder / "{}.sqlite".format(service_name))


def jwt_secret(config):
    """Return the key that signs and verifies access tokens.

    Development without ``JWT_SECRET`` uses a random key kept in the data
    folder, so that the gateway and the directory service of one machine
    agree. Production without a strong ``JWT_SECRET`` refuses to start.
    """
    secret = config.get("JWT_SECRET") or ""
    if secret:
        if len(secret) < 32:
            raise ConfigurationError("JWT_SECRET must be at least 32 characters long")
        return secret

    if is_production(config):
        raise ConfigurationError("JWT_SECRET is required when ENVIRONMENT=production")

    return _development_secret(data_dir(config) / "secrets" / "jwt_secret")


def _development_secret(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def rpc_timeout(config):
    """Return the seconds the gateway waits for a service's reply."""
    return float(config.get("RPC_TIMEOUT", 10))
