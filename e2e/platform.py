"""Start and stop the whole platform as subprocesses for browser tests."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

from tests import support

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PROCESSES = ("directory", "media", "quiz", "reports", "analytics", "analytics-fold", "gateway")
MANAGEMENT_API = os.environ.get("RABBIT_MANAGEMENT_URL", "http://127.0.0.1:15672")
POSTGRES_URI = os.environ.get("TEST_POSTGRES_URI", "postgresql://postgres@127.0.0.1:5432/postgres")
START_TIMEOUT_SECONDS = 120


class Platform:
    """The platform on free loopback ports with its own database, vhost and object store."""

    def __init__(self, folder, admin_password):
        self.folder = Path(folder)
        self.admin_password = admin_password
        self.database = "cve2e_{}".format(uuid.uuid4().hex[:10])
        self.vhost = "cve2e_{}".format(uuid.uuid4().hex[:10])
        self.object_store = support.ObjectStoreServer(self.folder / "objectstore")
        self.ports = {name: support.free_port() for name in PROCESSES}
        self.base_url = "http://127.0.0.1:{}".format(self.ports["gateway"])
        self.honcho = None
        self.api = support.ApiClient(self.base_url)

    @property
    def env(self):
        env = dict(os.environ)
        env.update(
            {
                "AMQP_URI": "amqp://guest:guest@127.0.0.1:5672/{}".format(self.vhost),
                "DATABASE_URL": support.database_url(POSTGRES_URI, self.database),
                "DATA_DIR": str(self.folder / "data"),
                "CYBERVACCINE_ADMIN_PASSWORD": self.admin_password,
                "JWT_SECRET": "e2e-" + "x" * 40,
                "PYTHONWARNINGS": "ignore::DeprecationWarning",
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update({key: str(value) for key, value in self.object_store.config("cybervaccine-e2e").items()})
        for name, port in self.ports.items():
            env["{}_ADDRESS".format(name.upper().replace("-", "_"))] = "127.0.0.1:{}".format(port)
        return env

    def start(self):
        (self.folder / "objectstore").mkdir(parents=True, exist_ok=True)
        self.object_store.start()
        support.create_database(POSTGRES_URI, self.database)
        _create_vhost(self.vhost)

        for command in ("migrate", "declare-queues", "seed"):
            self._manage(command)
        self._start_processes()
        self._wait_until_healthy()

    def _manage(self, command):
        result = subprocess.run(
            [sys.executable, "-m", "cybervaccine.manage", command],
            cwd=PROJECT_ROOT, env=self.env, capture_output=True, text=True, timeout=300,
        )
        if result.returncode != 0:
            raise RuntimeError("manage {} failed:\n{}\n{}".format(command, result.stdout, result.stderr))

    def _start_processes(self):
        self.log_path = self.folder / "platform.log"
        log = open(self.log_path, "wb")
        honcho = str(Path(sys.executable).with_name("honcho"))
        self.honcho = subprocess.Popen(
            [honcho, "start", "-f", "Procfile", *PROCESSES],
            cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def _wait_until_healthy(self):
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        last = None
        while time.monotonic() < deadline:
            if self.honcho.poll() is not None:
                raise RuntimeError("the platform stopped while starting; see {}".format(self.log_path))
            try:
                last = requests.get(self.base_url + "/health", timeout=5)
                if last.status_code == 200:
                    return
            except requests.RequestException as error:
                last = error
            time.sleep(0.5)
        raise RuntimeError("the platform was not healthy after {} s: {}".format(START_TIMEOUT_SECONDS, _describe(last)))

    def log_tail(self, lines=80):
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        if self.honcho and self.honcho.poll() is None:
            os.killpg(self.honcho.pid, signal.SIGTERM)
            try:
                self.honcho.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.honcho.pid, signal.SIGKILL)
        self.object_store.stop()
        support.drop_database(POSTGRES_URI, self.database)
        _delete_vhost(self.vhost)


def _describe(response):
    if isinstance(response, requests.Response):
        return "{} {}".format(response.status_code, response.text[:500])
    return repr(response)


def _create_vhost(name):
    auth = ("guest", "guest")
    requests.put("{}/api/vhosts/{}".format(MANAGEMENT_API, name), auth=auth, timeout=10).raise_for_status()
    permissions = {"configure": ".*", "write": ".*", "read": ".*"}
    requests.put(
        "{}/api/permissions/{}/guest".format(MANAGEMENT_API, name), json=permissions, auth=auth, timeout=10
    ).raise_for_status()


def _delete_vhost(name):
    requests.delete("{}/api/vhosts/{}".format(MANAGEMENT_API, name), auth=("guest", "guest"), timeout=10)
