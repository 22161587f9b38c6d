"""Start the part of the platform the media benchmarks need, on 127.0.0.1, and stop it again.

``MediaPlatform`` creates a RabbitMQ vhost, a PostgreSQL database and a
SeaweedFS object store of its own. It migrates the directory and media
schemas and seeds the directory with ``manage``. Then it runs the directory
service, the media service and the gateway with ``nameko run`` in
subprocesses, as ``make run`` does. Extra nameko targets (the echo baseline) can be started in the same
environment. ``stop`` removes every process and everything it created.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from tests import support  # noqa: E402

POSTGRES_URI = os.environ.get("TEST_POSTGRES_URI", "postgresql://postgres@127.0.0.1:5432/postgres")
MANAGEMENT_API = os.environ.get("RABBIT_MANAGEMENT_URL", "http://127.0.0.1:15672")
START_TIMEOUT_SECONDS = 120
ADMIN_PASSWORD = "bench-admin-password-1"


class MediaPlatform:
    """Directory, media and gateway processes with a vhost, database and object store of their own."""

    def __init__(self, folder, extra_config=None):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.database = "cvbench_media_{}".format(uuid.uuid4().hex[:8])
        self.vhost = "cvbench_media_{}".format(uuid.uuid4().hex[:8])
        self.object_store = support.ObjectStoreServer(self.folder / "objectstore")
        self.ports = {name: support.free_port() for name in ("gateway", "directory", "media", "echo", "echo_gateway")}
        self.base_url = "http://127.0.0.1:{}".format(self.ports["gateway"])
        self.extra_config = extra_config or {}
        self.processes = {}
        self.created = []

    @property
    def env(self):
        env = dict(os.environ)
        env.update(
            {
                "AMQP_URI": "amqp://guest:guest@127.0.0.1:5672/{}".format(self.vhost),
                "DATABASE_URL": support.database_url(POSTGRES_URI, self.database),
                "DATA_DIR": str(self.folder / "data"),
                "CYBERVACCINE_ADMIN_PASSWORD": ADMIN_PASSWORD,
                "JWT_SECRET": "bench-" + "x" * 40,
                "ENVIRONMENT": "test",
                "LOG_LEVEL": "WARNING",
                "PYTHONWARNINGS": "ignore",
            }
        )
        env.update({key: str(value) for key, value in self.object_store.config("cybervaccine-bench").items()})
        env.update({key: str(value) for key, value in self.extra_config.items()})
        return env

    def config_file(self):
        """Write the platform's config.yaml plus the extra settings; return its path.

        nameko passes a service only the keys the file names, so extra settings need lines of their own.
        """
        path = self.folder / "config.yaml"
        text = (PROJECT_ROOT / "config.yaml").read_text()
        lines = ["{}: ${{{}:}}".format(key, key) for key in self.extra_config]
        path.write_text(text + "\n" + "\n".join(lines) + "\n")
        return path

    def start(self):
        (self.folder / "objectstore").mkdir(parents=True, exist_ok=True)
        self.object_store.start()
        self.created.append("object store")
        support.create_database(POSTGRES_URI, self.database)
        self.created.append("database")
        _vhost("PUT", self.vhost)
        self.created.append("vhost")

        self.manage("migrate", "directory", "media")
        self.manage("declare-queues", "directory", "media")
        self.manage("seed", "directory")

        config = self.config_file()
        self.start_process("directory", "services.directory.service:DirectoryService", config)
        self.start_process("media", "services.media.service:MediaService", config)
        self.start_process("gateway", "gateway.service:GatewayService", config)
        self.wait_until_ready()

    def manage(self, *command):
        result = subprocess.run(
            [sys.executable, "-m", "cybervaccine.manage", *command], cwd=PROJECT_ROOT, env=self.env,
            capture_output=True, text=True, timeout=300,
        )
        if result.returncode != 0:
            raise RuntimeError("manage {} failed:\n{}".format(" ".join(command), result.stderr[-3000:]))

    def start_process(self, name, target, config=None):
        command = [str(Path(sys.executable).with_name("nameko")), "run", "--config",
                   str(config or self.config_file()), target]
        env = dict(self.env, WEB_SERVER_ADDRESS="127.0.0.1:{}".format(self.ports[name]))
        log = open(self.folder / "{}.log".format(name), "wb")
        self.processes[name] = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        return self.processes[name]

    def wait_until_ready(self):
        """Wait until an administrator can log in and the media service responds through the gateway."""
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        last = None
        while time.monotonic() < deadline:
            self._check_running()
            try:
                admin = self.api().login("admin", ADMIN_PASSWORD)
                last = admin.get("/api/v1/media/vocabulary")
                if last.status_code == 200:
                    return
            except (AssertionError, requests.RequestException) as error:
                last = error
            time.sleep(0.5)
        raise RuntimeError("the platform was not ready after {} s: {!r}".format(START_TIMEOUT_SECONDS, last))

    def _check_running(self):
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise RuntimeError("{} stopped while starting; see {}".format(name, self.folder / (name + ".log")))

    def api(self):
        return support.ApiClient(self.base_url)

    def account(self, roles, unit_level="national", province_code=None):
        """Create an account with ``roles`` in the first unit of a level; return a signed-in client."""
        admin = self.api().login("admin", ADMIN_PASSWORD)
        params = {"level": unit_level}
        if province_code:
            params["province_code"] = province_code
        unit = admin.get("/api/v1/units", params=params).json()[0]
        username = "bench-{}".format(uuid.uuid4().hex[:8])
        password = "bench-password-{}".format(uuid.uuid4().hex[:8])
        response = admin.post(
            "/api/v1/accounts",
            json={"username": username, "password": password, "display_name": username, "unit_id": unit["id"],
                  "roles": list(roles)},
        )
        response.raise_for_status()
        return self.api().login(username, password)

    def cpu_seconds(self, name):
        """Return the CPU time (user plus system) a process has used so far, in seconds."""
        with open("/proc/{}/stat".format(self.processes[name].pid)) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mib(self, name):
        """Return the peak resident memory (VmHWM) of a process since it started, in MiB."""
        with open("/proc/{}/status".format(self.processes[name].pid)) as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM for {}".format(name))

    def stop(self):
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        if "vhost" in self.created:
            _vhost("DELETE", self.vhost)
        if "database" in self.created:
            support.drop_database(POSTGRES_URI, self.database)
        if "object store" in self.created:
            self.object_store.stop()


def _vhost(method, name):
    auth = ("guest", "guest")
    requests.request(method, "{}/api/vhosts/{}".format(MANAGEMENT_API, name), auth=auth, timeout=10).raise_for_status()
    if method == "PUT":
        permissions = {"configure": ".*", "write": ".*", "read": ".*"}
        requests.put("{}/api/permissions/{}/guest".format(MANAGEMENT_API, name), json=permissions, auth=auth,
                     timeout=10).raise_for_status()
