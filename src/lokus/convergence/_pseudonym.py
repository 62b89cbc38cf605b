"""Pseudonymisation of worklists (UU PDP 27/2022): NIK, KK and names replaced by a keyed
HMAC-SHA256, so lists can be shared and joined again by whoever holds the key, and by nobody else.

The key comes from ``LOKUS_PSEUDONYM_KEY`` when set; otherwise from the key file beside the
workspace (``<workspace>.pseudonym-key``), created on first use with 32 random bytes and
permissions 0600. Keep that file out of shared folders; losing it means old pseudonyms cannot be
matched with new ones.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa

from lokus.errors import ConfigError

__all__ = ["KEY_ENV", "key_path", "load_key", "pseudonym", "pseudonymise_table", "PERSONAL_COLUMNS"]

KEY_ENV = "LOKUS_PSEUDONYM_KEY"
MIN_KEY = 16
_PREFIX = {"nik": "NIK", "kk": "KK", "name": "NAMA"}
PERSONAL_COLUMNS = {"nik": "nik", "head_nik": "nik", "kk": "kk", "name": "name", "head_name": "name"}


def key_path(workspace: Path) -> Path:
    return workspace.with_name(workspace.name + ".pseudonym-key")


def load_key(workspace: Path) -> bytes:
    """The pseudonymisation key (environment, else the key file, created when absent)."""
    env = os.environ.get(KEY_ENV)
    if env:
        if len(env) < MIN_KEY:
            raise ConfigError("convergence.pseudonym.key", path=KEY_ENV)
        return env.encode("utf-8")
    path = key_path(workspace)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32) + "\n")
    try:
        key = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        raise ConfigError("convergence.pseudonym.key", path=str(path)) from None
    if len(key) < MIN_KEY:
        raise ConfigError("convergence.pseudonym.key", path=str(path))
    return key.encode("ascii")


def pseudonym(key: bytes, kind: str, value: str | None) -> str | None:
    """``kind`` (nik, kk, name) and value → ``NIK-``/``KK-``/``NAMA-`` + 20 hex characters of
    HMAC-SHA256 over ``kind:value``; None stays None."""
    if value is None or value == "":
        return value
    digest = hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{_PREFIX[kind]}-{digest[:20]}"


def pseudonymise_table(table: pa.Table, key: bytes, columns: Iterable[str] | None = None) -> pa.Table:
    """``table`` with its personal columns (NIK, KK, names) replaced by pseudonyms."""
    targets = {c: PERSONAL_COLUMNS[c] for c in (columns or PERSONAL_COLUMNS) if c in table.column_names}
    for name, kind in targets.items():
        idx = table.column_names.index(name)
        values = [pseudonym(key, kind, v) for v in table.column(name).to_pylist()]
        table = table.set_column(idx, name, pa.array(values, pa.string()))
    return table
