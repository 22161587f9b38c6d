"""Operator commands run as a new process would run them, on SQLite files."""

import subprocess
import sys

from cybervaccine.settings import PROJECT_ROOT


def run_manage(tmp_path, *arguments):
    env = {"DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "cybervaccine.manage", *arguments],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300,
    )


def test_migrate_then_rebuild_analytics(tmp_path):
    migrated = run_manage(tmp_path, "migrate", "analytics")
    rebuilt = run_manage(tmp_path, "rebuild-analytics")

    assert migrated.returncode == 0, migrated.stderr
    assert "analytics: database migrated" in migrated.stdout
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "read models rebuilt from 0 events" in rebuilt.stdout + rebuilt.stderr


def test_unknown_command_fails_with_usage(tmp_path):
    result = run_manage(tmp_path, "launch-rockets")

    assert result.returncode == 2
    assert "invalid choice" in result.stderr
