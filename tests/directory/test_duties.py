"""Duty assignment: subtree rules, the heavy-workload override, and the duty_assigned event."""

import json
import uuid

import eventlet
from kombu import Connection, Exchange, Queue

from tests import support


def make_officer(admin, unit_id, **extra):
    data = {
        "username": "officer-" + uuid.uuid4().hex[:8],
        "password": "long-enough-password",
        "display_name": "ด.ต. ทดสอบ",
        "unit_id": unit_id,
        "roles": ["officer"],
    }
    data.update(extra)
    response = admin.post("/api/v1/accounts", json=data)
    assert response.status_code == 201, response.text
    return data, response.json()


def stations(client, province_code):
    return client.get("/api/v1/units", params={"level": "station", "province_code": province_code}).json()


def bind_queue(config, routing_key):
    """Bind a test queue to the directory's event exchange and return a function that reads it."""
    connection = Connection(config["AMQP_URI"])
    exchange = Exchange("directory.events", type="topic", durable=True)
    queue = Queue("test-" + uuid.uuid4().hex, exchange=exchange, routing_key=routing_key, auto_delete=True)
    bound = queue(connection.channel())
    bound.declare()

    def read():
        message = bound.get(no_ack=True)
        return json.loads(message.body) if message else None

    return read


def test_head_assigns_duty_and_event_is_emitted(gateway, service_config):
    admin = gateway.as_admin()
    station = stations(gateway, "TH-50")[0]
    head_data, _ = make_officer(admin, station["id"], roles=["unit_head"])
    _, officer = make_officer(admin, station["id"])
    head = gateway.login(head_data["username"], head_data["password"])
    read_event = bind_queue(service_config, "duty_assigned")

    response = head.post("/api/v1/duties", json={"account_id": officer["id"], "duty": "reporting"})

    assert response.status_code == 201, response.text
    assert response.json()["unit_id"] == station["id"]
    event = support.wait_for(read_event, message="duty_assigned event")
    assert event["account_id"] == officer["id"]
    assert event["duty"] == "reporting"
    assert event["workload_override"] is False
    assert event["version"] == 1
    assert len(event["event_id"]) == 36


def test_heavy_workload_needs_override_with_reason(gateway):
    admin = gateway.as_admin()
    station = stations(gateway, "TH-50")[0]
    _, investigator = make_officer(admin, station["id"], heavy_workload=True, workload_note="สำนวนคดีค้าง 40 สำนวน")

    plain = admin.post("/api/v1/duties", json={"account_id": investigator["id"], "duty": "outreach"})
    no_reason = admin.post("/api/v1/duties", json={"account_id": investigator["id"], "duty": "outreach",
                                                   "override": True, "override_reason": "  "})
    overridden = admin.post("/api/v1/duties", json={"account_id": investigator["id"], "duty": "outreach",
                                                    "override": True, "override_reason": "งานวันเด็ก ขาดกำลังพล"})

    assert plain.status_code == 409
    assert plain.json()["error"] == "override_required"
    assert "สำนวนคดีค้าง" in plain.json()["message"]
    assert no_reason.status_code == 400
    assert no_reason.json()["error"] == "override_reason_missing"
    assert overridden.status_code == 201
    assert overridden.json()["workload_override"] is True
    assert overridden.json()["override_reason"] == "งานวันเด็ก ขาดกำลังพล"


def test_same_duty_twice_is_409(gateway):
    admin = gateway.as_admin()
    _, officer = make_officer(admin, stations(gateway, "TH-50")[0]["id"])

    first = admin.post("/api/v1/duties", json={"account_id": officer["id"], "duty": "media_download"})
    second = admin.post("/api/v1/duties", json={"account_id": officer["id"], "duty": "media_download"})

    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json()["error"] == "duty_already_assigned"


def test_head_cannot_assign_outside_subtree(gateway):
    admin = gateway.as_admin()
    head_data, _ = make_officer(admin, stations(gateway, "TH-50")[0]["id"], roles=["unit_head"])
    _, other = make_officer(admin, stations(gateway, "TH-83")[0]["id"])
    head = gateway.login(head_data["username"], head_data["password"])

    response = head.post("/api/v1/duties", json={"account_id": other["id"], "duty": "outreach"})

    assert response.status_code == 403
    assert response.json()["error"] == "unit_outside_subtree"


def test_officer_cannot_assign_duties(gateway):
    admin = gateway.as_admin()
    station = stations(gateway, "TH-50")[0]
    officer_data, officer = make_officer(admin, station["id"])
    officer_client = gateway.login(officer_data["username"], officer_data["password"])

    response = officer_client.post("/api/v1/duties", json={"account_id": officer["id"], "duty": "outreach"})

    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


def test_unknown_duty_and_account(gateway):
    admin = gateway.as_admin()
    _, officer = make_officer(admin, stations(gateway, "TH-50")[0]["id"])

    unknown_duty = admin.post("/api/v1/duties", json={"account_id": officer["id"], "duty": "patrol"})
    unknown_account = admin.post("/api/v1/duties", json={"account_id": 424242, "duty": "outreach"})

    assert unknown_duty.status_code == 400
    assert "duty" in unknown_duty.json()["details"]["fields"]
    assert unknown_account.status_code == 404
    assert unknown_account.json()["error"] == "account_not_found"


def test_ended_duty_leaves_history(gateway):
    admin = gateway.as_admin()
    station = stations(gateway, "TH-50")[0]
    officer_data, officer = make_officer(admin, station["id"])
    assignment = admin.post("/api/v1/duties", json={"account_id": officer["id"], "duty": "outreach"}).json()

    ended = admin.delete("/api/v1/duties/{}".format(assignment["id"]))
    current = admin.get("/api/v1/duties", params={"unit_id": station["id"]}).json()
    history = admin.get("/api/v1/duties", params={"unit_id": station["id"], "include_ended": "true"}).json()

    assert ended.status_code == 200
    assert ended.json()["ended_at"] is not None
    assert assignment["id"] not in [item["id"] for item in current]
    assert assignment["id"] in [item["id"] for item in history]


def test_ending_duty_emits_one_event(gateway, service_config):
    admin = gateway.as_admin()
    station = stations(gateway, "TH-50")[0]
    _, officer = make_officer(admin, station["id"])
    assignment = admin.post("/api/v1/duties", json={"account_id": officer["id"], "duty": "reporting"}).json()
    read_event = bind_queue(service_config, "duty_ended")

    first = admin.delete("/api/v1/duties/{}".format(assignment["id"]))
    again = admin.delete("/api/v1/duties/{}".format(assignment["id"]))

    assert first.status_code == 200
    assert again.status_code == 200
    assert again.json()["ended_at"] == first.json()["ended_at"]
    event = support.wait_for(read_event, message="duty_ended event")
    assert event["assignment_id"] == assignment["id"]
    assert event["account_id"] == officer["id"]
    assert event["unit_id"] == station["id"]
    assert event["duty"] == "reporting"
    assert event["ended_by"] == admin.get("/api/v1/me").json()["id"]
    # The second DELETE committed before the first event was read; give its relay a moment.
    eventlet.sleep(0.5)
    assert read_event() is None


def test_officer_sees_own_duties(gateway):
    admin = gateway.as_admin()
    officer_data, officer = make_officer(admin, stations(gateway, "TH-50")[0]["id"])
    admin.post("/api/v1/duties", json={"account_id": officer["id"], "duty": "outreach"})
    officer_client = gateway.login(officer_data["username"], officer_data["password"])

    own = officer_client.get("/api/v1/duties", params={"account_id": officer["id"]})
    unit = officer_client.get("/api/v1/duties")

    assert own.status_code == 200
    assert [item["duty"] for item in own.json()] == ["outreach"]
    assert unit.status_code == 403
