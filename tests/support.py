"""Helpers for the test fixtures: databases, the object store, seeding and an HTTP client."""

import contextlib
import json
import os
import random
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path

import requests
from minio import Minio
from sqlalchemy import create_engine, text

from cybervaccine import db, migrations, objectstore
from cybervaccine.manage import SERVICES

ADMIN_PASSWORD = "admin-test-password-1"
# Test servers take ports from the PORT_SPAN ports just below the ephemeral range.
PORT_SPAN = 12000


def free_port():
    """Return a free loopback port below the kernel's ephemeral range.

    A port that the kernel hands out for port 0 lies in the ephemeral range,
    where any outgoing connection of any process can take it before the
    server that was meant to bind it starts. SeaweedFS failed that way when
    its admin port was taken. Ports below the range are only ever bound on
    purpose.
    """
    return _free_port_block(1)


# PostgreSQL

def database_url(server_uri, name):
    return server_uri.rsplit("/", 1)[0] + "/" + name


def _admin_engine(server_uri):
    return create_engine(server_uri, isolation_level="AUTOCOMMIT", pool_size=1)


def create_database(server_uri, name, template=None):
    engine = _admin_engine(server_uri)
    statement = 'CREATE DATABASE "{}"'.format(name)
    if template:
        statement += ' TEMPLATE "{}"'.format(template)
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


def close_connections(server_uri, name):
    engine = _admin_engine(server_uri)
    with engine.connect() as connection:
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name AND pid <> pg_backend_pid()"),
            {"name": name},
        )
    engine.dispose()


@contextlib.contextmanager
def empty_database(kind, tmp_path, server_uri, schema):
    """Yield the URL of an empty database with ``schema`` created, on SQLite (``kind``) or on PostgreSQL."""
    if kind == "sqlite":
        yield "sqlite:///{}".format(tmp_path / "{}.sqlite".format(schema))
        return
    name = "cvtest_{}".format(uuid.uuid4().hex[:12])
    create_database(server_uri, name)
    url = database_url(server_uri, name)
    engine = db.make_engine(url, schema=schema, pool_size=1)
    db.ensure_schema(engine, schema)
    engine.dispose()
    try:
        yield url
    finally:
        drop_database(server_uri, name)


def drop_database(server_uri, name):
    close_connections(server_uri, name)
    engine = _admin_engine(server_uri)
    with engine.connect() as connection:
        connection.execute(text('DROP DATABASE IF EXISTS "{}" WITH (FORCE)'.format(name)))
    engine.dispose()


def migrate_all(url):
    config = {"DATABASE_URL": url}
    for name in SERVICES:
        migrations.upgrade(name, config)


def session_for(config, service_name):
    """Open a session on one service's schema of the test database."""
    engine = db.make_engine(config["DATABASE_URL"], schema=service_name, pool_size=2)
    return db.sessionmaker_for(engine)()


def seed_directory(config, admin_password=ADMIN_PASSWORD):
    from services.directory import seed

    session = session_for(config, "directory")
    try:
        seed.seed(session, admin_password)
    finally:
        session.close()
        session.bind.dispose()


# Object storage

class ObjectStoreServer:
    """A SeaweedFS ``weed mini`` process on free loopback ports, for one test session."""

    def __init__(self, folder):
        self.folder = folder
        self.s3_port = free_port()
        self.process = None
        self.access_key, self.secret_key = objectstore.development_credentials(folder)

    def start(self):
        config_path = objectstore.write_s3_config(self.folder, self.access_key, self.secret_key)
        port_base = _free_port_block(objectstore.PORTS_PER_STORE, avoid=self.s3_port)
        command = objectstore.weed_command(self.folder / "data", config_path, self.s3_port, port_base)
        (self.folder / "data").mkdir(exist_ok=True)
        self.log = open(self.folder / "weed.log", "wb")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        objectstore.wait_for_port(self.s3_port, timeout=60)
        self._wait_until_serving()

    def _wait_until_serving(self, timeout=60):
        client = self.client()
        deadline = time.monotonic() + timeout
        while True:
            try:
                client.list_buckets()
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

    def client(self):
        return Minio("127.0.0.1:{}".format(self.s3_port), self.access_key, self.secret_key, secure=False, region="us-east-1")

    def config(self, bucket):
        return {
            "S3_ENDPOINT": "127.0.0.1:{}".format(self.s3_port),
            "S3_PUBLIC_ENDPOINT": "127.0.0.1:{}".format(self.s3_port),
            "S3_ACCESS_KEY": self.access_key,
            "S3_SECRET_KEY": self.secret_key,
            "S3_SECURE": False,
            "S3_REGION": "us-east-1",
            "S3_BUCKET": bucket,
        }

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def _free_port_block(count, avoid=None):
    """Return a port p such that p .. p+count-1 are free now, all below the ephemeral range and none ``avoid``."""
    low = _ephemeral_port_low() - PORT_SPAN
    for _ in range(200):
        base = random.randrange(low, low + PORT_SPAN - count)
        ports = range(base, base + count)
        if avoid not in ports and all(_is_free(port) for port in ports):
            return base
    raise RuntimeError("no block of {} free ports found in {}–{}".format(count, low, low + PORT_SPAN))


def _ephemeral_port_low():
    """Return the first port of the kernel's ephemeral range (32768 when it cannot be read)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _is_free(port):
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def remove_bucket(config):
    client = Minio(config["S3_ENDPOINT"], config["S3_ACCESS_KEY"], config["S3_SECRET_KEY"], secure=False, region="us-east-1")
    if not client.bucket_exists(config["S3_BUCKET"]):
        return
    for item in client.list_objects(config["S3_BUCKET"], recursive=True):
        client.remove_object(config["S3_BUCKET"], item.object_name)
    client.remove_bucket(config["S3_BUCKET"])


# HTTP

class ApiClient:
    """A small JSON client for the gateway with an optional bearer token."""

    def __init__(self, base_url, token=None, language=None):
        self.base_url = base_url
        self.token = token
        self.language = language
        self.session = requests.Session()

    def headers(self, extra=None):
        headers = {}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        if self.language:
            headers["Accept-Language"] = self.language
        headers.update(extra or {})
        return headers

    def request(self, method, path, **kwargs):
        kwargs["headers"] = self.headers(kwargs.get("headers"))
        kwargs.setdefault("timeout", 30)
        kwargs.setdefault("allow_redirects", False)
        return self.session.request(method, self.base_url + path, **kwargs)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def patch(self, path, **kwargs):
        return self.request("PATCH", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)

    def login(self, username, password):
        """Log in and return a client that sends the new token."""
        response = self.post("/api/v1/auth/login", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return ApiClient(self.base_url, response.json()["token"], self.language)

    def as_admin(self):
        return self.login("admin", ADMIN_PASSWORD)

    def as_admin_with(self, password):
        return self.login("admin", password)


def wait_for(condition, timeout=10, interval=0.05, message="condition"):
    """Poll ``condition`` until it returns a truthy value; fail after ``timeout`` seconds."""
    import eventlet

    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out after {} s waiting for {}".format(timeout, message))
        eventlet.sleep(interval)


def close_named_connections(rabbit_manager, vhost, connection_name):
    """Close a process's named broker connections from the broker's side, as a restart would; return how many."""
    def named():
        return [
            connection["name"]
            for connection in rabbit_manager.get_connections()
            if connection["vhost"] == vhost
            and connection.get("client_properties", {}).get("connection_name") == connection_name
        ]

    names = wait_for(named, message="connection '{}' in the broker's list".format(connection_name))
    for name in names:
        rabbit_manager.delete_connection(name)
    return len(names)


def standalone_group_commit(provider, engine, service_name, outbox_model):
    """Set up a group-commit provider on a test database, outside a container; its relay is not needed."""
    import types

    provider.container = types.SimpleNamespace(service_name=service_name)
    provider.database = types.SimpleNamespace(engine=engine)
    provider.outbox = types.SimpleNamespace(model=outbox_model, notify=lambda: None)
    return provider
