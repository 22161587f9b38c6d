"""Run a local S3-compatible object store (SeaweedFS ``weed mini``).

For ``make run`` and the tests when no ``S3_ENDPOINT`` of another store is
configured. It binds to 127.0.0.1 only, keeps its data under the project's
data folder, checks request signatures against keys generated on first
run, and has SeaweedFS's telemetry switched off.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from cybervaccine import settings

DEFAULT_S3_PORT = 8333


def development_credentials(data_dir):
    """Return (access key, secret key), generating them on first use."""
    path = Path(data_dir) / "secrets" / "s3_credentials.json"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        keys = {"access_key": "cv" + secrets.token_hex(9), "secret_key": secrets.token_urlsafe(30)}
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            json.dump(keys, handle)
    keys = json.loads(path.read_text())
    return keys["access_key"], keys["secret_key"]


def write_s3_config(folder, access_key, secret_key):
    """Write SeaweedFS's identity file: one identity with full rights on this store."""
    identities = {
        "identities": [
            {
                "name": "cybervaccine",
                "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            }
        ]
    }
    path = Path(folder) / "s3.json"
    path.write_text(json.dumps(identities))
    return path


PORTS_PER_STORE = 9


def weed_command(data_folder, config_path, s3_port, port_base):
    """Build the ``weed mini`` command line; every port is on 127.0.0.1.

    Besides the S3 port it uses ``PORTS_PER_STORE`` ports from
    ``port_base`` (HTTP and gRPC of master, filer, volume, admin, and the S3
    gRPC port), so that several stores can run on one machine. WebDAV and
    the optional table-format endpoints are off.
    """
    weed = shutil.which("weed") or str(Path(sys.executable).with_name("weed"))
    return [
        weed, "mini",
        "-dir={}".format(data_folder),
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        "-master.telemetry=false",
        "-admin.ui=false",
        "-webdav=false",
        "-s3.config={}".format(config_path),
        "-s3.port={}".format(s3_port),
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        "-master.port={}".format(port_base),
        "-filer.port={}".format(port_base + 1),
        "-volume.port={}".format(port_base + 2),
        "-admin.port={}".format(port_base + 3),
        "-master.port.grpc={}".format(port_base + 4),
        "-filer.port.grpc={}".format(port_base + 5),
        "-volume.port.grpc={}".format(port_base + 6),
        "-admin.port.grpc={}".format(port_base + 7),
        "-s3.port.grpc={}".format(port_base + 8),
    ]


def wait_for_port(port, timeout=60):
    """Wait until something accepts connections on 127.0.0.1:port; raise on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            probe.settimeout(0.5)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError("object store did not open port {} within {} s".format(port, timeout))


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run SeaweedFS as the local S3 object store.")
    parser.add_argument("--data-dir", default=os.environ.get("DATA_DIR") or str(settings.DEFAULT_DATA_DIR))
    parser.add_argument("--s3-port", type=int, default=DEFAULT_S3_PORT, help="S3 API port (default 8333)")
    parser.add_argument(
        "--port-base", type=int, default=19333, help="first of {} internal ports".format(PORTS_PER_STORE)
    )
    args = parser.parse_args(argv)

    data_dir = Path(args.data_dir)
    store = data_dir / "objectstore"
    store.mkdir(parents=True, exist_ok=True)
    access_key, secret_key = development_credentials(data_dir)
    config_path = write_s3_config(data_dir / "secrets", access_key, secret_key)

    command = weed_command(store, config_path, args.s3_port, args.port_base)
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
