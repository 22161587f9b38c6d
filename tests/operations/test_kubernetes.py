"""Kubernetes manifests: both kustomize overlays render, validate and follow the platform's rules.

``kubectl kustomize`` renders the overlays; kubernetes-validate checks every
built-in resource against the Kubernetes 1.31 JSON schemas it ships (strict:
unknown fields fail). The operators' custom resources (RabbitmqCluster,
CloudNativePG Cluster and ScheduledBackup, MinIO Tenant) have no schema
offline, so their required fields are checked here by hand.
"""

import re
import subprocess

import kubernetes_validate
import pytest
import yaml

from tests.operations.conftest import DEPLOY, PROJECT_ROOT, require_tool
from tests.operations.test_compose import config_settings_without_safe_default

K8S = DEPLOY / "k8s"
OVERLAYS = ("dev", "production")
KUBERNETES_VERSION = "1.31.0"
PROCESS_PORTS = {"gateway": 8000, "directory": 8001, "media": 8002, "quiz": 8003, "reports": 8004, "analytics": 8005}
AUTOSCALED = {"gateway", "quiz"}
CUSTOM_KINDS = {"RabbitmqCluster", "Cluster", "ScheduledBackup", "Tenant"}
ALLOWED_SECRETS = {"cybervaccine-secrets", "cybervaccine-db-app"}


def render(overlay):
    kubectl = require_tool("kubectl", "kubectl package with kustomize 5 (Debian's kubernetes-client 1.20 is too old)")
    result = subprocess.run([kubectl, "kustomize", str(K8S / "overlays" / overlay)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return [document for document in yaml.safe_load_all(result.stdout) if document]


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request):
    return request.param, render(request.param)


def of_kind(resources, kind):
    return {resource["metadata"]["name"]: resource for resource in resources if resource["kind"] == kind}


def deployments(resources):
    return of_kind(resources, "Deployment")


def container(workload):
    return workload["spec"]["template"]["spec"]["containers"][0]


def test_built_in_resources_match_kubernetes_schemas(rendered):
    _, resources = rendered

    for resource in resources:
        if resource["kind"] in CUSTOM_KINDS:
            continue
        try:
            kubernetes_validate.validate(resource, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            path = ".".join(str(item) for item in error.path)
            pytest.fail("{} {}: {}: {}".format(resource["kind"], resource["metadata"]["name"], path, error.message))


def test_overlay_contains_every_part(rendered):
    _, resources = rendered
    kinds = {}
    for resource in resources:
        kinds.setdefault(resource["kind"], set()).add(resource["metadata"]["name"])

    assert set(PROCESS_PORTS) <= kinds["Deployment"]
    assert set(PROCESS_PORTS) <= kinds["Service"]
    assert set(PROCESS_PORTS) <= kinds["PodDisruptionBudget"]
    assert kinds["HorizontalPodAutoscaler"] == AUTOSCALED
    assert kinds["Job"] == {"cybervaccine-setup"}
    assert {"gateway", "media-downloads"} <= kinds["Ingress"]
    assert kinds["RabbitmqCluster"] == {"cybervaccine-rabbitmq"}
    assert kinds["Cluster"] == {"cybervaccine-db"}
    assert kinds["Tenant"] == {"cybervaccine-minio"}


def test_no_secret_is_committed(rendered):
    _, resources = rendered

    assert not [resource for resource in resources if resource["kind"] == "Secret"]
    assert not list(K8S.rglob("*secret*"))


def test_everything_is_in_one_namespace(rendered):
    _, resources = rendered

    for resource in resources:
        if resource["kind"] != "Namespace":
            assert resource["metadata"]["namespace"] == "cybervaccine", resource["metadata"]["name"]


def test_images_are_pinned(rendered):
    _, resources = rendered
    images = [c["image"] for workload in list(deployments(resources).values()) + list(of_kind(resources, "Job").values())
              for c in workload["spec"]["template"]["spec"]["containers"]]
    images += [resource["spec"]["image"] for resource in resources if resource["kind"] in ("RabbitmqCluster", "Tenant")]
    images += [resource["spec"]["imageName"] for resource in resources if resource["kind"] == "Cluster"]

    for image in images:
        repository, _, tag = image.rpartition(":")
        assert repository, image
        assert tag != "latest", image
        assert re.search(r"\d", tag), image


@pytest.mark.parametrize("process", sorted(PROCESS_PORTS))
def test_deployment_probes_use_the_health_routes(rendered, process):
    _, resources = rendered
    workload = deployments(resources)[process]
    main = container(workload)

    assert main["args"] == [process]
    assert main["ports"] == [{"name": "http", "containerPort": PROCESS_PORTS[process]}]
    assert main["livenessProbe"]["httpGet"] == {"path": "/health/live", "port": "http"}
    assert main["readinessProbe"]["httpGet"] == {"path": "/health/ready", "port": "http"}
    assert main["startupProbe"]["httpGet"] == {"path": "/health/live", "port": "http"}
    env = {item["name"]: item for item in main["env"]}
    assert env["WEB_SERVER_ADDRESS"]["value"] == "0.0.0.0:{}".format(PROCESS_PORTS[process])


@pytest.mark.parametrize("process", sorted(PROCESS_PORTS))
def test_deployment_is_scraped_by_prometheus(rendered, process):
    _, resources = rendered
    template = deployments(resources)[process]["spec"]["template"]["metadata"]

    assert template["annotations"]["prometheus.io/scrape"] == "true"
    assert template["annotations"]["prometheus.io/port"] == str(PROCESS_PORTS[process])
    assert template["annotations"]["prometheus.io/path"] == "/metrics"
    assert template["labels"]["app.kubernetes.io/component"] == process
    assert template["labels"]["app.kubernetes.io/part-of"] == "cybervaccine"


def test_workloads_are_locked_down(rendered):
    _, resources = rendered
    workloads = list(deployments(resources).values()) + list(of_kind(resources, "Job").values())

    for workload in workloads:
        name = workload["metadata"]["name"]
        pod = workload["spec"]["template"]["spec"]
        main = container(workload)
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["runAsUser"] == 10001, name
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert pod["automountServiceAccountToken"] is False, name
        assert main["securityContext"] == {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        }, name
        assert {"name": "tmp", "mountPath": "/tmp"} in main["volumeMounts"], name
        assert {"name": "tmp", "emptyDir": pod["volumes"][0]["emptyDir"]} == pod["volumes"][0], name


def test_workloads_have_requests_and_limits(rendered):
    _, resources = rendered
    workloads = list(deployments(resources).values()) + list(of_kind(resources, "Job").values())

    for workload in workloads:
        resources_spec = container(workload)["resources"]
        assert {"cpu", "memory"} <= set(resources_spec["requests"]), workload["metadata"]["name"]
        assert {"cpu", "memory"} <= set(resources_spec["limits"]), workload["metadata"]["name"]


def test_workloads_get_every_required_setting(rendered):
    _, resources = rendered
    config_map = next(iter(of_kind(resources, "ConfigMap").values()))
    required = config_settings_without_safe_default()
    needs = {
        "gateway": required - {"DATABASE_URL"},
        "directory": required - {"S3_ACCESS_KEY", "S3_SECRET_KEY"},
        "quiz": required - {"S3_ACCESS_KEY", "S3_SECRET_KEY", "JWT_SECRET"},
        "analytics": required - {"S3_ACCESS_KEY", "S3_SECRET_KEY", "JWT_SECRET"},
        "media": required - {"JWT_SECRET"},
        "reports": required - {"JWT_SECRET"},
        "analytics-fold": {"DATABASE_URL"},
    }

    for name, workload in deployments(resources).items():
        main = container(workload)
        assert main["envFrom"] == [{"configMapRef": {"name": config_map["metadata"]["name"]}}], name
        provided = set(config_map["data"]) | {item["name"] for item in main["env"]}
        assert not needs[name] - provided, "{} lacks {}".format(name, sorted(needs[name] - provided))
        assert config_map["data"]["ENVIRONMENT"] == "production"


def test_secrets_are_referenced_not_inlined(rendered):
    _, resources = rendered
    workloads = list(deployments(resources).values()) + list(of_kind(resources, "Job").values())
    secret_settings = {"AMQP_URI", "DATABASE_URL", "JWT_SECRET", "S3_ACCESS_KEY", "S3_SECRET_KEY",
                       "CYBERVACCINE_ADMIN_PASSWORD"}

    for workload in workloads:
        for item in container(workload)["env"]:
            if item["name"] in secret_settings:
                assert "value" not in item, item["name"]
                assert item["valueFrom"]["secretKeyRef"]["name"] in ALLOWED_SECRETS, item["name"]
    config_map = next(iter(of_kind(resources, "ConfigMap").values()))
    assert not secret_settings & set(config_map["data"])


def test_services_select_their_deployments(rendered):
    _, resources = rendered
    workloads = deployments(resources)

    for name, service in of_kind(resources, "Service").items():
        labels = workloads[name]["spec"]["template"]["metadata"]["labels"]
        assert set(service["spec"]["selector"].items()) <= set(labels.items()), name
        assert service["spec"]["ports"] == [{"name": "http", "port": PROCESS_PORTS[name], "targetPort": "http"}]


def test_ingress_routes_to_the_gateway(rendered):
    overlay, resources = rendered
    ingress = of_kind(resources, "Ingress")["gateway"]
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]

    assert backend == {"name": "gateway", "port": {"name": "http"}}
    if overlay == "production":
        assert ingress["spec"]["tls"][0]["secretName"] == "cybervaccine-gateway-tls"


def test_fold_worker_runs_beside_analytics(rendered):
    _, resources = rendered
    workloads = deployments(resources)
    fold = container(workloads["analytics-fold"])
    template = workloads["analytics-fold"]["spec"]["template"]["metadata"]

    assert fold["args"] == ["analytics-fold"]
    assert fold["ports"] == [{"name": "metrics", "containerPort": 8006}]
    assert fold["livenessProbe"]["httpGet"] == {"path": "/metrics", "port": "metrics"}
    assert {"name": "ANALYTICS_FOLD_METRICS_ADDRESS", "value": "0.0.0.0:8006"} in fold["env"]
    assert template["annotations"]["prometheus.io/port"] == "8006"
    assert template["labels"]["app.kubernetes.io/component"] == "analytics-fold"
    analytics_env = {item["name"]: item.get("value") for item in container(workloads["analytics"])["env"]}
    assert analytics_env["ANALYTICS_FOLD_IN_SERVICE"] == "false"


def test_autoscaled_deployments_leave_replicas_to_the_autoscaler(rendered):
    _, resources = rendered
    workloads = deployments(resources)

    for name, autoscaler in of_kind(resources, "HorizontalPodAutoscaler").items():
        assert autoscaler["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}
        assert "replicas" not in workloads[name]["spec"], name
        assert autoscaler["spec"]["minReplicas"] <= autoscaler["spec"]["maxReplicas"]
    for name in set(workloads) - AUTOSCALED:
        assert workloads[name]["spec"]["replicas"] >= 1, name


def test_disruption_budgets_cover_every_process(rendered):
    _, resources = rendered
    workloads = deployments(resources)

    for name, budget in of_kind(resources, "PodDisruptionBudget").items():
        selector = budget["spec"]["selector"]["matchLabels"]
        assert selector == workloads[name]["spec"]["selector"]["matchLabels"], name
        assert budget["spec"]["maxUnavailable"] == 1


def test_setup_job_runs_setup(rendered):
    _, resources = rendered
    job = of_kind(resources, "Job")["cybervaccine-setup"]

    assert container(job)["args"] == ["setup"]
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "OnFailure"
    env = {item["name"] for item in container(job)["env"]}
    assert {"AMQP_URI", "DATABASE_URL", "JWT_SECRET", "CYBERVACCINE_ADMIN_PASSWORD", "S3_ACCESS_KEY", "S3_SECRET_KEY"} <= env


def test_operator_resources_have_required_fields(rendered):
    overlay, resources = rendered
    rabbitmq = of_kind(resources, "RabbitmqCluster")["cybervaccine-rabbitmq"]
    database = of_kind(resources, "Cluster")["cybervaccine-db"]
    backup = of_kind(resources, "ScheduledBackup")["cybervaccine-db-nightly"]
    tenant = of_kind(resources, "Tenant")["cybervaccine-minio"]

    assert rabbitmq["apiVersion"] == "rabbitmq.com/v1beta1"
    assert rabbitmq["spec"]["replicas"] == (1 if overlay == "dev" else 3)
    assert "rabbitmq_prometheus" in rabbitmq["spec"]["rabbitmq"]["additionalPlugins"]

    assert database["apiVersion"] == "postgresql.cnpg.io/v1"
    assert database["spec"]["instances"] == (1 if overlay == "dev" else 3)
    assert database["spec"]["bootstrap"]["initdb"] == {"database": "cybervaccine", "owner": "cybervaccine"}
    assert database["spec"]["storage"]["size"]
    assert database["spec"]["backup"]["barmanObjectStore"]["destinationPath"].startswith("s3://")
    assert backup["spec"]["cluster"] == {"name": "cybervaccine-db"}
    assert len(backup["spec"]["schedule"].split()) == 6

    assert tenant["apiVersion"] == "minio.min.io/v2"
    pool = tenant["spec"]["pools"][0]
    assert {"name", "servers", "volumesPerServer", "volumeClaimTemplate"} <= set(pool)
    assert pool["servers"] * pool["volumesPerServer"] in ((1,) if overlay == "dev" else range(4, 1000))
    assert {"name": "cybervaccine-media"} in tenant["spec"]["buckets"]
    assert tenant["spec"]["configuration"]["name"]


def test_database_secret_name_matches_the_cluster(rendered):
    """CloudNativePG names the application Secret <cluster>-app."""
    _, resources = rendered
    database = of_kind(resources, "Cluster")["cybervaccine-db"]

    for workload in deployments(resources).values():
        for item in container(workload)["env"]:
            if item["name"] == "DATABASE_URL":
                assert item["valueFrom"]["secretKeyRef"] == {"name": database["metadata"]["name"] + "-app", "key": "uri"}


def test_public_addresses_match_the_ingresses(rendered):
    _, resources = rendered
    config_map = next(iter(of_kind(resources, "ConfigMap").values()))
    downloads = of_kind(resources, "Ingress")["media-downloads"]
    public_host = downloads["spec"]["rules"][0]["host"]

    gateway_host = of_kind(resources, "Ingress")["gateway"]["spec"]["rules"][0]["host"]

    assert config_map["data"]["S3_ENDPOINT"] == "minio.cybervaccine.svc.cluster.local:80"
    assert config_map["data"]["S3_PUBLIC_ENDPOINT"].split("://")[1] == public_host
    assert config_map["data"]["PUBLIC_BASE_URL"].split("://")[1] == gateway_host
    assert config_map["data"]["RATE_LIMIT_TRUSTED_PROXIES"] == "1"


def test_dockerfile_user_matches_pod_user():
    assert "USER 10001:10001" in (PROJECT_ROOT / "Dockerfile").read_text()


def test_deploy_phases_select_every_resource_once(rendered):
    """The runbook applies an overlay in three phases chosen by label selectors:
    infrastructure (no component label), then config and setup, then the rest."""
    _, resources = rendered
    labels = [resource["metadata"].get("labels", {}) for resource in resources]

    infrastructure = [label for label in labels
                      if label.get("app.kubernetes.io/part-of") == "cybervaccine" and "app.kubernetes.io/component" not in label]
    setup = [label for label in labels if label.get("app.kubernetes.io/component") in ("config", "setup")]

    assert all(label.get("app.kubernetes.io/part-of") == "cybervaccine" for label in labels)
    assert len(infrastructure) + len(setup) < len(labels)
    assert {"config", "setup"} == {label["app.kubernetes.io/component"] for label in setup}
    kinds = {resource["kind"] for resource, label in zip(resources, labels) if label in infrastructure}
    assert {"Namespace", "RabbitmqCluster", "Cluster", "Tenant"} <= kinds
