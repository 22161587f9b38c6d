"""Login and the signed-in account through the gateway, against real services."""

import datetime

import jwt


def test_login_returns_token_and_unit(gateway):
    response = gateway.post("/api/v1/auth/login", json={"username": "admin", "password": "admin-test-password-1"})

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["account"]["username"] == "admin"
    assert "administrator" in body["account"]["roles"]
    assert body["unit"]["code"] == "RTP"
    assert "password" not in body["account"]


def test_wrong_password_is_401_in_thai(gateway):
    response = gateway.post("/api/v1/auth/login", json={"username": "admin", "password": "nope"})

    assert response.status_code == 401
    assert response.json()["error"] == "login_failed"
    assert "รหัสผ่าน" in response.json()["message"]


def test_error_message_follows_accept_language(gateway):
    response = gateway.post(
        "/api/v1/auth/login",
        json={"username": "ghost", "password": "nope"},
        headers={"Accept-Language": "en-GB,en;q=0.9,th;q=0.5"},
    )

    assert response.status_code == 401
    assert response.json()["message"].startswith("The username or password is wrong")


def test_login_missing_fields_names_them(gateway):
    response = gateway.post("/api/v1/auth/login", json={"username": 5})

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_input"
    assert set(body["details"]["fields"]) == {"username", "password"}


def test_malformed_json_is_400(gateway):
    response = gateway.post("/api/v1/auth/login", data=b"{not json", headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_json"


def test_body_over_limit_is_413(gateway):
    response = gateway.post("/api/v1/auth/login", data=b"x" * (1024 * 1024 + 1))

    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"


def test_me_needs_token(gateway):
    response = gateway.get("/api/v1/me")

    assert response.status_code == 401
    assert response.json()["error"] == "unauthenticated"


def test_me_shows_account_unit_and_duties(gateway):
    admin = gateway.as_admin()

    response = admin.get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["username"] == "admin"
    assert response.json()["unit"]["level"] == "national"
    assert response.json()["duties"] == []


def test_expired_token_is_401(gateway, service_config):
    past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=2)
    claims = {"iss": "cybervaccine", "sub": "1", "iat": int(past.timestamp()), "exp": int(past.timestamp()) + 60}
    token = jwt.encode(claims, service_config["JWT_SECRET"], algorithm="HS256")

    response = gateway.get("/api/v1/me", headers={"Authorization": "Bearer " + token})

    assert response.status_code == 401
    assert response.json()["error"] == "token_expired"


def test_token_signed_with_other_key_is_401(gateway):
    now = datetime.datetime.now(datetime.timezone.utc)
    claims = {"iss": "cybervaccine", "sub": "1", "iat": int(now.timestamp()), "exp": int(now.timestamp()) + 600}
    token = jwt.encode(claims, "another-secret-that-is-long-enough-000", algorithm="HS256")

    response = gateway.get("/api/v1/me", headers={"Authorization": "Bearer " + token})

    assert response.status_code == 401
    assert response.json()["error"] == "token_invalid"


def test_unknown_route_is_json_404(gateway):
    response = gateway.get("/api/v1/does-not-exist")

    assert response.status_code == 404
    assert response.json()["error"] == "route_not_found"
