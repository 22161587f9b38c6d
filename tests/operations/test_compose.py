"""docker-compose.yml runs the same processes as the Procfile with every setting they need.

Docker does not run on the test machines, so these tests read the compose
file with PyYAML and compare it with config.yaml, the Procfile and the
image's entrypoint script.
"""

import os
import re
import subprocess
import sys

import pytest
import yaml

from tests.operations.conftest import DEPLOY, PROJECT_ROOT

COMPOSE = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
PROCESS_PORTS = {"gateway": 8000, "directory": 8001, "media": 8002, "quiz": 8003, "reports": 8004, "analytics": 8005}
INFRASTRUCTURE = ("rabbitmq", "postgres", "minio")
SECRETS = ("JWT_SECRET", "S3_ACCESS_KEY", "S3_SECRET_KEY")
CREDENTIAL_URLS = ("AMQP_URI", "DATABASE_URL")
# Settings with an empty or loopback default that compose may leave unset:
# per-service database URLs (DATABASE_URL covers every service), the data
# folder (only used without a database URL) and the process address, which
# each service sets itself.
OPTIONAL_SETTINGS = {
    "DIRECTORY_DATABASE_URL", "MEDIA_DATABASE_URL", "QUIZ_DATABASE_URL", "REPORTS_DATABASE_URL",
    "ANALYTICS_DATABASE_URL", "WEB_SERVER_ADDRESS", "ANALYTICS_FOLD_METRICS_ADDRESS",
}
INTERPOLATION = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)(:?[-?])?([^}]*)\}")


def procfile_processes():
    """Return {process name: "module:Class"} for the Procfile's nameko processes."""
    processes = {}
    for line in (PROJECT_ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        match = re.search(r"nameko run --config config.yaml (\S+)", command)
        if match:
            processes[name.strip()] = match.group(1)
    return processes


def config_settings_without_safe_default():
    """Return the config.yaml variables whose default is empty or a loopback address."""
    names = set()
    for name, default in re.findall(r"\$\{([A-Z_][A-Z0-9_]*):([^}]*)\}", (PROJECT_ROOT / "config.yaml").read_text()):
        if default.strip() == "" or "127.0.0.1" in default or "localhost" in default:
            names.add(name)
    return names - OPTIONAL_SETTINGS


def environment(service):
    return {key: str(value) for key, value in SERVICES[service]["environment"].items()}


def platform_services():
    return [name for name in SERVICES if name in PROCESS_PORTS or name == "setup"]


def test_every_procfile_process_is_a_compose_service():
    for name in procfile_processes():
        assert name in SERVICES, "{} from the Procfile is missing in docker-compose.yml".format(name)
        assert SERVICES[name]["command"] == [name]


def test_procfile_has_no_unexpected_process():
    names = set(procfile_processes())

    assert names == set(PROCESS_PORTS)


def test_fold_worker_runs_beside_analytics():
    procfile = (PROJECT_ROOT / "Procfile").read_text()
    script = (PROJECT_ROOT / "docker" / "entrypoint.sh").read_text()
    fold = SERVICES["analytics-fold"]

    assert re.search(r"^analytics-fold: .*-m services\.analytics\.fold_worker --config config\.yaml$", procfile, re.MULTILINE)
    assert re.search(r"^analytics: ANALYTICS_FOLD_IN_SERVICE=false ", procfile, re.MULTILINE)
    assert re.search(r"^\s+analytics-fold\) exec python -m services\.analytics\.fold_worker ", script, re.MULTILINE)
    assert fold["command"] == ["analytics-fold"]
    assert environment("analytics-fold")["ANALYTICS_FOLD_METRICS_ADDRESS"] == "0.0.0.0:8006"
    assert "http://127.0.0.1:8006/metrics" in " ".join(fold["healthcheck"]["test"])
    assert environment("analytics")["ANALYTICS_FOLD_IN_SERVICE"] == "false"


def test_make_run_starts_every_procfile_process():
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    started = set(re.search(r"^PLATFORM_PROCESSES := (.+)$", makefile, re.MULTILINE).group(1).split())
    procfile = {line.partition(":")[0] for line in (PROJECT_ROOT / "Procfile").read_text().splitlines() if line}

    # make run starts the local object store only when no S3 endpoint is configured.
    assert started == procfile - {"objectstore"}


def test_entrypoint_starts_the_procfile_classes():
    script = (PROJECT_ROOT / "docker" / "entrypoint.sh").read_text()

    for name, target in procfile_processes().items():
        assert re.search(r"^\s+{}\) run_service {}".format(name, re.escape(target)), script, re.MULTILINE), name


def test_required_settings_are_read_from_config():
    required = config_settings_without_safe_default()

    assert {"AMQP_URI", "DATABASE_URL", "JWT_SECRET", "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY",
            "S3_PUBLIC_ENDPOINT"} <= required


@pytest.mark.parametrize("service", sorted(PROCESS_PORTS) + ["setup"])
def test_service_sets_every_required_setting(service):
    env = environment(service)
    missing = config_settings_without_safe_default() - set(env)

    assert not missing, "{} does not set {}".format(service, sorted(missing))
    assert env["ENVIRONMENT"] == "production"


@pytest.mark.parametrize("service", sorted(PROCESS_PORTS) + ["setup"])
def test_secrets_come_from_the_env_file(service):
    env = environment(service)

    for name in SECRETS:
        match = INTERPOLATION.fullmatch(env[name])
        assert match and match.group(2) == ":?", "{} of {} must be ${{VAR:?message}}, not a literal".format(name, service)
    for name in CREDENTIAL_URLS:
        password = re.search(r"://[^:/@]+:([^@]+)@", env[name]).group(1)
        assert INTERPOLATION.fullmatch(password), "the password in {} of {} is hard-coded".format(name, service)


def test_env_example_lists_every_required_variable():
    text = (PROJECT_ROOT / "docker-compose.yml").read_text()
    required = {name for name, operator, _ in INTERPOLATION.findall(text) if operator == ":?"}
    example = {line.split("=", 1)[0] for line in (PROJECT_ROOT / ".env.example").read_text().splitlines()
               if line and not line.startswith("#")}

    assert required <= example, sorted(required - example)


def test_env_file_is_not_in_the_repository():
    tracked = subprocess.run(["git", "ls-files", ".env"], cwd=PROJECT_ROOT, capture_output=True, text=True)

    assert tracked.stdout.strip() == ""


@pytest.mark.parametrize("service", sorted(PROCESS_PORTS))
def test_process_listens_on_its_port(service):
    port = PROCESS_PORTS[service]
    env = environment(service)
    healthcheck = " ".join(SERVICES[service]["healthcheck"]["test"])

    assert env["WEB_SERVER_ADDRESS"] == "0.0.0.0:{}".format(port)
    assert "http://127.0.0.1:{}/health/ready".format(port) in healthcheck


def test_only_the_edge_is_published_on_loopback():
    published = {name: service.get("ports", []) for name, service in SERVICES.items()}

    assert published["gateway"] == ["127.0.0.1:8000:8000"]
    for name in ("directory", "media", "quiz", "reports", "analytics", "setup", "postgres"):
        assert not published[name], name
    for ports in published.values():
        for port in ports:
            assert port.startswith("127.0.0.1:"), port


@pytest.mark.parametrize("service", sorted(PROCESS_PORTS))
def test_process_waits_for_setup_and_infrastructure(service):
    depends = SERVICES[service]["depends_on"]

    assert depends["setup"]["condition"] == "service_completed_successfully"
    for name in INFRASTRUCTURE:
        assert depends[name]["condition"] == "service_healthy"


def test_setup_runs_migrate_declare_queues_and_seed():
    script = (PROJECT_ROOT / "docker" / "entrypoint.sh").read_text()
    setup_branch = script[script.index("    setup)"):script.index(";;", script.index("    setup)"))]

    assert SERVICES["setup"]["command"] == ["setup"]
    assert SERVICES["setup"]["depends_on"]["rabbitmq"]["condition"] == "service_healthy"
    assert SERVICES["setup"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert SERVICES["setup"]["depends_on"]["minio"]["condition"] == "service_healthy"
    steps = [step for step in ("check-broker", "migrate", "declare-queues", "seed") if step in setup_branch]
    assert steps == ["check-broker", "migrate", "declare-queues", "seed"]
    assert "CYBERVACCINE_ADMIN_PASSWORD" in environment("setup")


def test_health_conditions_have_healthchecks():
    for name, service in SERVICES.items():
        for dependency, rule in service.get("depends_on", {}).items():
            assert dependency in SERVICES, "{} depends on unknown {}".format(name, dependency)
            if rule["condition"] == "service_healthy":
                assert "healthcheck" in SERVICES[dependency], "{} has no healthcheck".format(dependency)


def test_long_running_services_have_healthchecks():
    for name, service in SERVICES.items():
        if name != "setup":
            assert "healthcheck" in service, name


def test_images_are_pinned():
    for name, service in SERVICES.items():
        image = service["image"]
        repository, _, tag = image.rpartition(":")
        assert repository and tag, "{} has no image tag".format(name)
        assert tag != "latest", "{} uses the latest tag".format(name)
        assert re.search(r"\d", tag), "{} uses an unpinned tag {}".format(name, tag)


def test_platform_containers_are_locked_down():
    for name in platform_services():
        service = SERVICES[name]
        assert service["read_only"] is True, name
        assert service["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in service["security_opt"], name
        assert "/tmp" in service["tmpfs"], name


def test_rabbitmq_exposes_prometheus_and_management():
    rabbitmq = SERVICES["rabbitmq"]
    plugins = (DEPLOY / "rabbitmq" / "enabled_plugins").read_text()

    assert "-management" in rabbitmq["image"]
    assert "rabbitmq_prometheus" in plugins
    assert "rabbitmq_management" in plugins
    assert "./deploy/rabbitmq/enabled_plugins:/etc/rabbitmq/enabled_plugins:ro" in rabbitmq["volumes"]
    assert environment("gateway")["AMQP_URI"].endswith("@rabbitmq:5672/cybervaccine")
    assert rabbitmq["environment"]["RABBITMQ_DEFAULT_VHOST"] == "cybervaccine"


def test_prometheus_and_grafana_get_the_deploy_files():
    prometheus = SERVICES["prometheus"]

    assert "./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro" in prometheus["volumes"]
    assert "./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro" in prometheus["volumes"]
    assert SERVICES["grafana"]["depends_on"]["prometheus"]["condition"] == "service_healthy"


def test_object_store_endpoints():
    env = environment("media")

    assert env["S3_ENDPOINT"] == "minio:9000"
    assert "127.0.0.1:9000:9000" in SERVICES["minio"]["ports"]


def test_entrypoint_rejects_an_unknown_command():
    result = subprocess.run(["sh", str(PROJECT_ROOT / "docker" / "entrypoint.sh"), "nonsense"],
                            capture_output=True, text=True, timeout=30)

    assert result.returncode == 64
    assert "usage: entrypoint.sh" in result.stderr


def test_entrypoint_runs_manage_commands(rabbit_config):
    env = dict(os.environ, PATH="{}:{}".format(os.path.dirname(sys.executable), os.environ["PATH"]),
               AMQP_URI=rabbit_config["AMQP_URI"])

    result = subprocess.run(["sh", str(PROJECT_ROOT / "docker" / "entrypoint.sh"), "check-broker"],
                            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stderr
    assert "RabbitMQ is reachable" in result.stdout
