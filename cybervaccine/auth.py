"""Access tokens, roles and the caller identity passed from the gateway to services.

The directory service issues a signed JWT (HS256) at login. The gateway
verifies it itself and passes the caller to each RPC as a plain dict
(``Caller.to_dict``). Services rebuild it with ``Caller.from_dict`` and
check roles and unit scope again for unit-scoped data.
"""

import dataclasses
import datetime

import jwt

PUBLIC = "public"
OFFICER = "officer"
UNIT_HEAD = "unit_head"
WORKING_GROUP = "working_group"
ADMINISTRATOR = "administrator"
ROLES = (OFFICER, UNIT_HEAD, WORKING_GROUP, ADMINISTRATOR)

TOKEN_ALGORITHM = "HS256"
TOKEN_ISSUER = "cybervaccine"


class InvalidToken(Exception):
    """Raised when a token is malformed, has a bad signature or has expired."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclasses.dataclass(frozen=True)
class Caller:
    """The maker of a request: an account with a unit and roles, or the anonymous public."""

    account_id: int = None
    username: str = None
    unit_id: int = None
    unit_path: tuple = ()
    roles: tuple = ()

    @property
    def is_authenticated(self):
        return self.account_id is not None

    def has_role(self, *roles):
        return any(role in self.roles for role in roles)

    def can_see_unit(self, unit_path):
        """Return True if a unit with ``unit_path`` is in the caller's subtree.

        Working group members and administrators see the whole country.
        """
        if self.has_role(WORKING_GROUP, ADMINISTRATOR):
            return True
        if self.unit_id is None:
            return False
        return self.unit_id in tuple(unit_path)

    def to_dict(self):
        return {
            "account_id": self.account_id,
            "username": self.username,
            "unit_id": self.unit_id,
            "unit_path": list(self.unit_path),
            "roles": list(self.roles),
        }

    @classmethod
    def from_dict(cls, data):
        data = data or {}
        return cls(
            account_id=data.get("account_id"),
            username=data.get("username"),
            unit_id=data.get("unit_id"),
            unit_path=tuple(data.get("unit_path") or ()),
            roles=tuple(data.get("roles") or ()),
        )


ANONYMOUS = Caller()


def issue_token(secret, caller, lifetime_seconds, now=None):
    """Sign a token for ``caller``; return (token, expiry datetime in UTC)."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    expires_at = now + datetime.timedelta(seconds=lifetime_seconds)
    claims = {
        "iss": TOKEN_ISSUER,
        "sub": str(caller.account_id),
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
        "username": caller.username,
        "unit_id": caller.unit_id,
        "unit_path": list(caller.unit_path),
        "roles": list(caller.roles),
    }
    return jwt.encode(claims, secret, algorithm=TOKEN_ALGORITHM), expires_at


def verify_token(secret, token):
    """Return the ``Caller`` a token was issued for; raise ``InvalidToken`` otherwise."""
    return verify_token_with_expiry(secret, token)[0]


def verify_token_with_expiry(secret, token):
    """Return the token's ``Caller`` and its expiry as a Unix time, or raise ``InvalidToken``."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[TOKEN_ALGORITHM],
            issuer=TOKEN_ISSUER,
            options={"require": ["exp", "iat", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise InvalidToken("expired")
    except jwt.PyJWTError:
        raise InvalidToken("invalid")

    caller = Caller(
        account_id=int(claims["sub"]),
        username=claims.get("username"),
        unit_id=claims.get("unit_id"),
        unit_path=tuple(claims.get("unit_path") or ()),
        roles=tuple(claims.get("roles") or ()),
    )
    return caller, claims["exp"]
