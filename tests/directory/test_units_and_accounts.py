"""Units, station import, accounts and roles through the gateway."""

import uuid

STATION_HEADER = "code,name_th,name_en,parent_code,province_code,district_code\n"


def unique_name(prefix):
    return "{}-{}".format(prefix, uuid.uuid4().hex[:8])


def station_in(client, province_code="TH-50"):
    return client.get("/api/v1/units", params={"level": "station", "province_code": province_code}).json()[0]


def create_account(admin, unit_id, roles, **extra):
    data = {
        "username": unique_name("user"),
        "password": "long-enough-password",
        "display_name": "ทดสอบ",
        "unit_id": unit_id,
        "roles": roles,
    }
    data.update(extra)
    response = admin.post("/api/v1/accounts", json=data)
    assert response.status_code == 201, response.text
    return data, response.json()


def test_units_filter_by_parent(gateway):
    root = gateway.get("/api/v1/units", params={"level": "national"}).json()[0]

    bureaus = gateway.get("/api/v1/units", params={"parent_id": root["id"]}).json()

    codes = {unit["code"] for unit in bureaus}
    assert {"MPB", "PPR1", "PPR9", "CIB", "CCIB"} <= codes
    assert all(unit["level"] == "bureau" for unit in bureaus)
    assert all(unit["children"] >= 0 for unit in bureaus)


def test_every_province_has_one_division(gateway):
    divisions = gateway.get("/api/v1/units", params={"level": "division"}).json()

    assert len(divisions) == 77
    assert len({unit["province_code"] for unit in divisions}) == 77


def test_chiang_mai_division_is_under_region_5(gateway):
    division = gateway.get("/api/v1/units", params={"level": "division", "province_code": "TH-50"}).json()[0]
    bureau = gateway.get("/api/v1/units/{}".format(division["parent_id"])).json()

    assert division["name_th"] == "ตำรวจภูธรจังหวัดเชียงใหม่"
    assert bureau["code"] == "PPR5"


def test_stand_in_stations_are_labelled(gateway):
    station = station_in(gateway)

    assert station["stand_in"] is True
    assert "(ตัวแทน)" in station["name_th"]
    assert "(stand-in)" in station["name_en"]


def test_unknown_unit_is_404(gateway):
    response = gateway.get("/api/v1/units/999999")

    assert response.status_code == 404
    assert response.json()["error"] == "unit_not_found"


def test_unit_filter_rejects_bad_province(gateway):
    response = gateway.get("/api/v1/units", params={"province_code": "Chiang Mai"})

    assert response.status_code == 400
    assert "province_code" in response.json()["details"]["fields"]


def test_station_import_creates_real_stations(gateway):
    admin = gateway.as_admin()
    csv_text = STATION_HEADER + (
        "CM-001,สถานีตำรวจภูธรเมืองเชียงใหม่,Mueang Chiang Mai Police Station,DIV-TH-50,TH-50,5001\n"
        "CM-002,สถานีตำรวจภูธรช้างเผือก,Chang Phueak Police Station,DIV-TH-50,TH-50,\n"
    )

    response = admin.post("/api/v1/units/import", json={"csv": csv_text})

    assert response.status_code == 200, response.text
    assert response.json() == {"created": 2, "updated": 0}
    found = gateway.get("/api/v1/units", params={"q": "ช้างเผือก"}).json()
    assert [unit["code"] for unit in found] == ["CM-002"]
    assert found[0]["stand_in"] is False


def test_station_import_with_errors_imports_nothing(gateway):
    admin = gateway.as_admin()
    csv_text = STATION_HEADER + (
        "CM-101,สถานีดี,Good station,DIV-TH-50,TH-50,5001\n"
        "CM-102,,Missing Thai,DIV-TH-50,TH-50,\n"
        "CM-103,สถานี,Unknown parent,NOPE,TH-50,\n"
        "CM-104,สถานี,Bad province,DIV-TH-50,TH-99,\n"
        "CM-105,สถานี,District elsewhere,DIV-TH-50,TH-50,1001\n"
        "CM-101,สถานีซ้ำ,Duplicate,DIV-TH-50,TH-50,\n"
    )

    response = admin.post("/api/v1/units/import", json={"csv": csv_text})

    assert response.status_code == 400
    errors = response.json()["details"]["errors"]
    assert [(error["line"], error["code"]) for error in errors] == [
        (3, "missing_value"),
        (4, "unknown_parent"),
        (5, "unknown_province"),
        (6, "unknown_district"),
        (7, "duplicate_code"),
    ]
    assert gateway.get("/api/v1/units", params={"q": "CM-101"}).json() == []


def test_station_import_needs_header(gateway):
    admin = gateway.as_admin()

    response = admin.post("/api/v1/units/import", json={"csv": "a,b\n1,2\n"})

    assert response.status_code == 400
    assert response.json()["details"]["errors"][0]["code"] == "missing_column"


def test_station_import_needs_admin_or_working_group(gateway):
    admin = gateway.as_admin()
    data, _ = create_account(admin, station_in(gateway)["id"], ["officer"])
    officer = gateway.login(data["username"], data["password"])

    response = officer.post("/api/v1/units/import", json={"csv": STATION_HEADER})

    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


def test_duplicate_username_is_409(gateway):
    admin = gateway.as_admin()
    data, _ = create_account(admin, station_in(gateway)["id"], ["officer"])

    response = admin.post("/api/v1/accounts", json=data)

    assert response.status_code == 409
    assert response.json()["error"] == "duplicate_username"
    assert data["username"] in response.json()["message"]


def test_account_needs_known_unit(gateway):
    admin = gateway.as_admin()

    response = admin.post(
        "/api/v1/accounts",
        json={"username": unique_name("x"), "password": "long-enough-password", "display_name": "x",
              "unit_id": 987654, "roles": ["officer"]},
    )

    assert response.status_code == 404
    assert response.json()["error"] == "unit_not_found"


def test_account_rejects_short_password_and_unknown_role(gateway):
    admin = gateway.as_admin()
    unit_id = station_in(gateway)["id"]

    short = admin.post("/api/v1/accounts", json={"username": unique_name("x"), "password": "short",
                                                 "display_name": "x", "unit_id": unit_id, "roles": ["officer"]})
    unknown = admin.post("/api/v1/accounts", json={"username": unique_name("x"), "password": "long-enough-pw",
                                                   "display_name": "x", "unit_id": unit_id, "roles": ["sheriff"]})

    assert short.status_code == 400
    assert short.json()["error"] == "weak_password"
    assert unknown.status_code == 400
    assert "roles" in unknown.json()["details"]["fields"]


def test_account_fields_have_right_types(gateway):
    admin = gateway.as_admin()

    response = admin.post("/api/v1/accounts", json={"username": 12, "password": "long-enough-pw",
                                                    "display_name": "x", "unit_id": "not a number", "roles": "officer"})

    assert response.status_code == 400
    assert set(response.json()["details"]["fields"]) == {"username", "unit_id", "roles"}


def test_officer_cannot_create_accounts(gateway):
    admin = gateway.as_admin()
    unit_id = station_in(gateway)["id"]
    data, _ = create_account(admin, unit_id, ["officer"])
    officer = gateway.login(data["username"], data["password"])

    response = officer.post("/api/v1/accounts", json={"username": unique_name("x"), "password": "long-enough-pw",
                                                      "display_name": "x", "unit_id": unit_id, "roles": ["officer"]})

    assert response.status_code == 403


def test_unit_head_sees_only_own_subtree(gateway):
    admin = gateway.as_admin()
    chiang_mai = station_in(gateway, "TH-50")
    phuket = station_in(gateway, "TH-83")
    head_data, _ = create_account(admin, chiang_mai["id"], ["unit_head"])
    create_account(admin, phuket["id"], ["officer"])
    head = gateway.login(head_data["username"], head_data["password"])

    own = head.get("/api/v1/accounts")
    other = head.get("/api/v1/accounts", params={"unit_id": phuket["id"]})

    assert own.status_code == 200
    assert {account["unit_id"] for account in own.json()} == {chiang_mai["id"]}
    assert other.status_code == 403
    assert other.json()["error"] == "unit_outside_subtree"


def test_unit_head_cannot_grant_administrator(gateway):
    admin = gateway.as_admin()
    unit_id = station_in(gateway)["id"]
    head_data, _ = create_account(admin, unit_id, ["unit_head"])
    head = gateway.login(head_data["username"], head_data["password"])

    response = head.post("/api/v1/accounts", json={"username": unique_name("x"), "password": "long-enough-pw",
                                                   "display_name": "x", "unit_id": unit_id, "roles": ["administrator"]})

    assert response.status_code == 403


def test_disabled_account_cannot_log_in(gateway):
    admin = gateway.as_admin()
    data, account = create_account(admin, station_in(gateway)["id"], ["officer"])
    assert admin.patch("/api/v1/accounts/{}".format(account["id"]), json={"active": False}).status_code == 200

    response = gateway.post("/api/v1/auth/login", json={"username": data["username"], "password": data["password"]})

    assert response.status_code == 401
    assert response.json()["error"] == "account_disabled"


def test_scam_types_are_seeded_and_extendable(gateway):
    admin = gateway.as_admin()

    created = admin.post("/api/v1/scam-types", json={"code": "qr-payment", "name_th": "หลอกสแกนคิวอาร์",
                                                     "name_en": "QR payment scams"})
    duplicate = admin.post("/api/v1/scam-types", json={"code": "qr-payment", "name_th": "ซ้ำ", "name_en": "dup"})
    invalid = admin.post("/api/v1/scam-types", json={"code": "Bad Code!", "name_th": "x", "name_en": "x"})
    listed = gateway.get("/api/v1/scam-types").json()

    assert created.status_code == 201
    assert duplicate.status_code == 409
    assert invalid.status_code == 400
    codes = [item["code"] for item in listed]
    assert codes[:2] == ["shopping", "shopping-organised"]
    assert "qr-payment" in codes
    assert len(codes) == 15
