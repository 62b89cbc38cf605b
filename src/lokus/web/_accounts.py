"""Web accounts: who may log in, with which role, over which region (and office).

Accounts live in the workspace table ``web_accounts``; only the ``lokus users`` commands write it.
Passwords are hashed with Argon2id (argon2-cffi defaults, RFC 9106); no default password exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from lokus.errors import ConfigError
from lokus.regions import LEVELS, load_regions
from lokus.workspace import Workspace

ACCOUNTS_TABLE = "web_accounts"
MIN_PASSWORD = 10
_DDL = (
    f"CREATE TABLE IF NOT EXISTS {ACCOUNTS_TABLE} (username VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, "
    "scope VARCHAR NOT NULL, office VARCHAR, password_hash VARCHAR NOT NULL, disabled BOOLEAN NOT NULL, "
    "created_at TIMESTAMP, password_changed_at TIMESTAMP)"
)


class Role(StrEnum):
    """The six roles of issue 12. ``level`` is the region level their scope must have."""

    province = "province"
    admin = "admin"  # district admin
    analyst = "analyst"  # district analyst
    office = "office"  # a sector office (dinas) of the district
    village_head = "village_head"  # peratin / kepala desa
    midwife = "midwife"  # bidan desa

    @property
    def level(self) -> str:
        return {"province": "province", "village_head": "village", "midwife": "village"}.get(self.value, "regency")


@dataclass(frozen=True)
class Account:
    username: str
    role: Role
    scope: str  # dotted Kemendagri code
    office: str | None
    disabled: bool

    def covers(self, code: str | None) -> bool:
        """Whether region ``code`` lies inside this account's scope."""
        return bool(code) and (code == self.scope or str(code).startswith(self.scope + "."))

    def as_dict(self) -> dict[str, Any]:
        return {"username": self.username, "role": self.role.value, "scope": self.scope, "office": self.office,
                "disabled": self.disabled}


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


_DUMMY_HASH: str | None = None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _check_username(username: str) -> str:
    name = username.strip().lower()
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-@" for c in name):
        raise ConfigError("web.error.username", value=username)
    return name


def check_password(password: str) -> None:
    """Refuse short passwords (one sentence, never echoing the password)."""
    if len(password) < MIN_PASSWORD:
        raise ConfigError("web.error.password_short", min=MIN_PASSWORD)


def _check_scope(role: Role, scope: str | None, office: str | None) -> tuple[str, str | None]:
    if not scope:
        raise ConfigError("web.error.scope_missing", role=role.value, level=role.level)
    region = load_regions().get(scope)
    if region.level != role.level:
        raise ConfigError("web.error.scope_level", role=role.value, level=role.level, value=scope,
                          actual=region.level)
    if role is Role.office:
        from lokus.convergence import Office

        valid = [o.value for o in Office]
        if not office or office.strip().lower() not in valid:
            raise ConfigError(key="--office", value=office or "-", valid_values=", ".join(valid))
        return region.code, office.strip().lower()
    if office:
        raise ConfigError("web.error.office_only", role=role.value)
    return region.code, None


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower().replace("-", "_"))
    except ValueError:
        raise ConfigError(key="--role", value=value, valid_values=", ".join(r.value for r in Role)) from None


def add_account(ws: Workspace, username: str, role: Role, password: str, *, scope: str | None = None,
                office: str | None = None) -> Account:
    """Create an account. The province/district/village ``scope`` must match the role's level."""
    name = _check_username(username)
    check_password(password)
    code, office_code = _check_scope(role, scope, office)
    with ws.transaction() as con:
        con.execute(_DDL)
        if con.execute(f"SELECT 1 FROM {ACCOUNTS_TABLE} WHERE username = ?", [name]).fetchall():
            raise ConfigError("web.error.user_exists", value=name)
        now = _now()
        con.execute(f"INSERT INTO {ACCOUNTS_TABLE} VALUES (?, ?, ?, ?, ?, FALSE, ?, ?)",
                    [name, role.value, code, office_code, _hasher().hash(password), now, now])
    return Account(name, role, code, office_code, False)


def list_accounts(ws: Workspace) -> list[Account]:
    if not ws.has_table(ACCOUNTS_TABLE):
        return []
    rows = ws.con.execute(
        f"SELECT username, role, scope, office, disabled FROM {ACCOUNTS_TABLE} ORDER BY username").fetchall()
    return [Account(r[0], Role(r[1]), r[2], r[3], bool(r[4])) for r in rows]


def get_account(ws: Workspace, username: str) -> Account | None:
    if not ws.has_table(ACCOUNTS_TABLE):
        return None
    rows = ws.con.execute(f"SELECT username, role, scope, office, disabled FROM {ACCOUNTS_TABLE} "
                          "WHERE username = ?", [username.strip().lower()]).fetchall()
    return Account(rows[0][0], Role(rows[0][1]), rows[0][2], rows[0][3], bool(rows[0][4])) if rows else None


def _require(ws: Workspace, username: str) -> str:
    name = username.strip().lower()
    if get_account(ws, name) is None:
        raise ConfigError("web.error.no_user", value=username)
    return name


def set_disabled(ws: Workspace, username: str, disabled: bool = True) -> None:
    name = _require(ws, username)
    with ws.transaction() as con:
        con.execute(f"UPDATE {ACCOUNTS_TABLE} SET disabled = ? WHERE username = ?", [disabled, name])


def reset_password(ws: Workspace, username: str, password: str) -> None:
    name = _require(ws, username)
    check_password(password)
    with ws.transaction() as con:
        con.execute(f"UPDATE {ACCOUNTS_TABLE} SET password_hash = ?, password_changed_at = ? WHERE username = ?",
                    [_hasher().hash(password), _now(), name])


def verify_login(ws: Any, username: str, password: str) -> Account | None:
    """The account if ``password`` is right and the account active, else None.

    A missing user still costs one Argon2 verification, so timing does not tell which names exist."""
    global _DUMMY_HASH
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = _hasher()
    rows = []
    if ws.has_table(ACCOUNTS_TABLE):
        rows = ws.con.execute(f"SELECT password_hash FROM {ACCOUNTS_TABLE} WHERE username = ?",
                              [username.strip().lower()]).fetchall()
    if not rows:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = hasher.hash("lokus-dummy-password")
        try:
            hasher.verify(_DUMMY_HASH, password + "x")
        except (VerificationError, InvalidHashError):
            pass
        return None
    try:
        hasher.verify(rows[0][0], password)
    except (VerificationError, InvalidHashError):
        return None
    account = get_account(ws, username)
    return account if account is not None and not account.disabled else None


__all__ = ["ACCOUNTS_TABLE", "LEVELS", "Account", "Role", "add_account", "check_password", "get_account",
           "list_accounts", "parse_role", "reset_password", "set_disabled", "verify_login"]
