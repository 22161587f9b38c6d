"""Plain helpers of the shared package: languages, Buddhist-era dates, settings, tokens, areas."""

import datetime
import time

import jwt
import pytest

from cybervaccine import areas, auth, i18n, settings


@pytest.mark.parametrize(
    "header, expected",
    [
        (None, "th"),
        ("", "th"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("th-TH,th;q=0.9,en;q=0.8", "th"),
        ("fr-FR,en;q=0.5,th;q=0.9", "th"),
        ("de", "th"),
        ("en;q=0", "th"),
    ],
)
def test_negotiate_language(header, expected):
    assert i18n.negotiate_language(header) == expected


def test_thai_date_uses_buddhist_era():
    assert i18n.format_thai_date(datetime.date(2026, 12, 4)) == "4 ธันวาคม 2569"
    assert i18n.buddhist_year(2024) == 2567


def test_catalogue_requires_both_languages():
    with pytest.raises(ValueError):
        i18n.Catalogue({"only_thai": ("ข้อความ", "")})


def test_catalogue_error_carries_both_languages():
    catalogue = i18n.Catalogue({"missing": ("ไม่พบ {code}", "{code} not found")})

    error = catalogue.not_found("missing", details={"code": "x"}, code="x")

    assert error.message("th") == "ไม่พบ x"
    assert error.message("en") == "x not found"
    assert error.details == {"code": "x"}


def test_production_refuses_missing_jwt_secret(tmp_path):
    with pytest.raises(settings.ConfigurationError):
        settings.jwt_secret({"ENVIRONMENT": "production", "DATA_DIR": str(tmp_path)})


def test_production_refuses_short_jwt_secret(tmp_path):
    with pytest.raises(settings.ConfigurationError):
        settings.jwt_secret({"ENVIRONMENT": "production", "JWT_SECRET": "short"})


def test_development_secret_is_stable_and_private(tmp_path):
    config = {"DATA_DIR": str(tmp_path)}

    first = settings.jwt_secret(config)
    second = settings.jwt_secret(config)

    assert first == second
    assert len(first) >= 32
    assert (tmp_path / "secrets" / "jwt_secret").stat().st_mode & 0o077 == 0


def test_token_round_trip_and_expiry():
    caller = auth.Caller(account_id=5, username="u", unit_id=9, unit_path=(1, 9), roles=("officer",))
    past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=3)

    token, _ = auth.issue_token("k" * 40, caller, 60)
    expired, _ = auth.issue_token("k" * 40, caller, 60, now=past)

    assert auth.verify_token("k" * 40, token) == caller
    with pytest.raises(auth.InvalidToken) as raised:
        auth.verify_token("k" * 40, expired)
    assert raised.value.reason == "expired"


def test_remembered_token_is_refused_once_expired():
    from gateway.dependencies import TokenVerifier

    caller = auth.Caller(account_id=5, username="u", unit_id=9, unit_path=(1, 9), roles=("officer",))
    verifier = TokenVerifier()
    verifier.secret = "k" * 40
    token, _ = auth.issue_token("k" * 40, caller, 2)
    forged, _ = auth.issue_token("x" * 40, caller, 60)

    assert verifier.verify(token) == caller
    assert verifier.verify(token) == caller
    time.sleep(max(0.0, verifier.verified[token][0] - time.time()) + 0.05)
    with pytest.raises(auth.InvalidToken) as raised:
        verifier.verify(token)
    assert raised.value.reason == "expired"
    with pytest.raises(auth.InvalidToken):
        verifier.verify(forged)


def test_remembered_token_with_text_expiry():
    from gateway.dependencies import TokenVerifier

    verifier = TokenVerifier()
    verifier.secret = "k" * 40
    now = int(time.time())
    claims = {"iss": auth.TOKEN_ISSUER, "sub": "5", "iat": now, "exp": str(now + 60), "roles": ["officer"]}
    token = jwt.encode(claims, "k" * 40, algorithm=auth.TOKEN_ALGORITHM)

    assert verifier.verify(token).account_id == 5
    assert verifier.verify(token).account_id == 5


def test_caller_subtree_check():
    head = auth.Caller(account_id=1, unit_id=10, unit_path=(1, 10), roles=("unit_head",))
    group = auth.Caller(account_id=2, unit_id=1, unit_path=(1,), roles=("working_group",))

    assert head.can_see_unit([1, 10, 55])
    assert not head.can_see_unit([1, 11, 56])
    assert group.can_see_unit([1, 11, 56])


def test_reference_areas():
    assert len(areas.provinces()) == 77
    assert areas.provinces()["TH-50"].name_en == "Chiang Mai"
    assert areas.is_district("5001", "TH-50")
    assert not areas.is_district("5001", "TH-10")
    assert not areas.is_province("TH-S")
