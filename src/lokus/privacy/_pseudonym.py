"""Keyed pseudonyms (HMAC-SHA256) for exports that leave the district (``--pseudonymise``).

Why keyed: a NIK is 6 digits of region, 6 of birth date (day + 40 for women) and a 4-digit serial,
so the plausible NIKs of one kecamatan and one birth decade number a few million; a plain SHA-256
of a NIK is reversed by trying them all in seconds. HMAC-SHA256 with a 256-bit secret key cannot
be tried without the key.

What is replaced (by column name, and by content as a safety net):

* direct and linkable identifiers → ``PREFIX-`` + 20 hex characters of HMAC-SHA256(key,
  ``kind:value``): NIK (``nik``, ``head_nik``, ``*_nik``) → ``NIK-``, KK (``kk``, ``no_kk``) →
  ``KK-``, household and person ids of any source (``household_id``, ``dtks_id``, ``p3ke_id``,
  ``id_keluarga*``, ``id_individu``, ``*_household_id``) → ``RT-`` / ``ID-``, names (``name``,
  ``*_name`` of persons, ``nama*``) → ``NAMA-``, addresses (``address``, ``alamat``) → ``ALAMAT-``,
  phone numbers (``phone``, ``telepon``, ``no_hp``) → ``TEL-``; any other text column whose
  values are 16-digit numbers is treated as a NIK;
* quasi-identifiers that would link rows back are coarsened: ``household_size`` → a band
  (``1-2``, ``3-4``, ``5-6``, ``7+``), ``birth_date`` → the birth year.

The same key gives the same pseudonym, so the district (which holds the key) can join a returned
list back; nobody else can.

Key: ``$LOKUS_PSEUDONYM_KEY`` (the key itself, ≥ 16 characters), else the file
``$LOKUS_PSEUDONYM_KEY_FILE``, else a key file kept beside an older workspace
(``<workspace>.pseudonym-key``, if one exists), else ``$XDG_CONFIG_HOME/lokus/pseudonym.key``
(``~/.config/lokus/pseudonym.key``) — outside the workspace file and its folder, created on first
use with 32 random bytes and permissions 0600. ``lokus pseudonym rotate`` makes a new key and keeps
the old one beside it (renamed); pseudonyms made with the new key do not match the old ones.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa

from lokus._sql import sql_literal
from lokus.errors import ConfigError

__all__ = [
    "KEY_ENV", "KEY_FILE_ENV", "PERSONAL_COLUMNS", "digest", "digest_sql", "identifier_kind", "key_id", "key_path",
    "known_keys", "load_key", "pseudonym", "pseudonymise_table", "rotate_key",
]

KEY_ENV = "LOKUS_PSEUDONYM_KEY"
KEY_FILE_ENV = "LOKUS_PSEUDONYM_KEY_FILE"
MIN_KEY = 16
_PREFIX = {"nik": "NIK", "kk": "KK", "name": "NAMA", "household": "RT", "person": "ID", "address": "ALAMAT",
           "phone": "TEL"}
# the columns lokus itself writes; others are recognised by :func:`identifier_kind`
PERSONAL_COLUMNS = {"nik": "nik", "head_nik": "nik", "kk": "kk", "name": "name", "head_name": "name",
                    "household_id": "household", "dtks_id": "household", "address": "address"}
_RULES: tuple[tuple[str, str], ...] = (
    (r"(^|_)nik($|_)", "nik"),
    (r"^(no_)?kk$|(^|_)no_kk$|(^|_)kk_", "kk"),
    (r"(^|_)(household|keluarga|rumah_tangga|rt)_?id$|^id_(keluarga|rumah_tangga|rt)|(^|_)(dtks|p3ke|pkh|bdt)_id$"
     r"|^id_(dtks|p3ke)", "household"),
    (r"^id_individu|(^|_)person_id$|(^|_)individu_id$|(^|_)bpjs|(^|_)no_jkn", "person"),
    (r"^(nama|name)($|_)|_(nama|name)$", "name"),
    (r"(^|_)(address|alamat)($|_)", "address"),
    (r"(^|_)(phone|telepon|telp|no_hp|hp|handphone|whatsapp|wa)($|_)", "phone"),
)
_NOT_PERSON_NAMES = ("village_name", "district_name", "regency_name", "province_name", "parent_name", "office_name",
                     "program_name", "posyandu_name", "puskesmas_name", "nama_desa", "nama_kecamatan",
                     "nama_program")
_NIK_LIKE = re.compile(r"^\d{16}$")


def identifier_kind(column: str) -> str | None:
    """The identifier kind of a column by its name (``nik``, ``kk``, ``household``, ``person``,
    ``name``, ``address``, ``phone``), or None."""
    col = column.lower().strip()
    if col in PERSONAL_COLUMNS:
        return PERSONAL_COLUMNS[col]
    if col in _NOT_PERSON_NAMES or col.endswith(("_code", "village_name", "_region_name")):
        return None
    for pattern, kind in _RULES:
        if re.search(pattern, col):
            return kind
    return None


# -- the key ----------------------------------------------------------------------------------------
def _config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "lokus"


def key_path(workspace: Path | None = None) -> Path:
    """Where the key file is (see the module docstring for the order)."""
    explicit = os.environ.get(KEY_FILE_ENV)
    if explicit:
        return Path(explicit)
    if workspace is not None:
        legacy = Path(workspace).with_name(Path(workspace).name + ".pseudonym-key")
        if legacy.exists():
            return legacy
    return _config_dir() / "pseudonym.key"


def _create(path: Path) -> None:
    from lokus.reports import make_folder

    make_folder(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_hex(32) + "\n")


def load_key(workspace: Path | None = None) -> bytes:
    """The pseudonymisation key (environment, else the key file, created when absent)."""
    env = os.environ.get(KEY_ENV)
    if env:
        if len(env) < MIN_KEY:
            raise ConfigError("privacy.pseudonym.key", path=KEY_ENV)
        return env.encode("utf-8")
    path = key_path(workspace)
    if not path.exists():
        _create(path)
    try:
        key = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        raise ConfigError("privacy.pseudonym.key", path=str(path)) from None
    if len(key) < MIN_KEY:
        raise ConfigError("privacy.pseudonym.key", path=str(path))
    return key.encode("ascii")


def known_keys(workspace: Path | None = None) -> list[bytes]:
    """The current key, then the keys :func:`rotate_key` kept beside it (newest first): what a keyed
    digest made before a rotation (an erasure's tombstone) is looked up with. Nothing is created."""
    env = os.environ.get(KEY_ENV)
    path = key_path(workspace)
    keys = [load_key(workspace)] if env or path.exists() else []
    for old in sorted(path.parent.glob(f"{path.name}.*.old"), reverse=True) if path.parent.is_dir() else []:
        try:
            text = old.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if len(text) >= MIN_KEY:
            keys.append(text.encode("ascii"))
    return keys


def key_id(key: bytes) -> str:
    """A short public name of ``key`` (16 hex characters of a digest made with it): which key made a
    stored digest, without revealing the key."""
    return digest(key, "key", "id")[:16]


def rotate_key(workspace: Path | None = None) -> tuple[Path, Path | None]:
    """Replace the key file by a new random key; the old one is renamed ``<name>.<UTC time>.old``.

    Returns ``(new key path, old key path or None)``. ``$LOKUS_PSEUDONYM_KEY`` (a key in the
    environment) cannot be rotated here: change the variable.
    """
    if os.environ.get(KEY_ENV):
        raise ConfigError(key=KEY_ENV, value="(set)", valid_values="unset it to rotate the key file")
    path = key_path(workspace)
    old: Path | None = None
    if path.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        old = path.with_name(f"{path.name}.{stamp}.old")
        path.rename(old)
    _create(path)
    return path, old


# -- pseudonyms -------------------------------------------------------------------------------------
def digest(key: bytes, kind: str, value: str) -> str:
    """HMAC-SHA256(``key``, ``kind:value``) in hex: the one keyed digest (pseudonyms, erasure tombstones)."""
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def digest_sql(expr: str, kind: str, key: bytes) -> tuple[str, dict[str, bytes]]:
    """SQL computing :func:`digest` of the text expression ``expr`` in DuckDB, and its parameters
    (``$lokus_ipad``, ``$lokus_opad``: the key's inner and outer HMAC pads, never written into the SQL).
    RFC 2104: H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)), K padded to SHA-256's 64-byte block."""
    block = hashlib.sha256(key).digest() if len(key) > 64 else key
    block = block.ljust(64, b"\0")
    pads = {"lokus_ipad": bytes(b ^ 0x36 for b in block), "lokus_opad": bytes(b ^ 0x5C for b in block)}
    message = f"encode({sql_literal(kind + ':')} || ({expr}))"
    return f"sha256($lokus_opad || unhex(sha256($lokus_ipad || {message})))", pads


def pseudonym(key: bytes, kind: str, value: str | None) -> str | None:
    """``kind`` and value → ``PREFIX-`` + 20 hex characters of HMAC-SHA256 over ``kind:value``;
    None and empty stay as they are."""
    if value is None or value == "":
        return value
    return f"{_PREFIX.get(kind, 'ID')}-{digest(key, kind, value)[:20]}"


def _size_band(n: int | None) -> str | None:
    if n is None:
        return None
    if n <= 2:
        return "1-2"
    if n <= 4:
        return "3-4"
    if n <= 6:
        return "5-6"
    return "7+"


def _year(value: object) -> str | None:
    if isinstance(value, (date, datetime)):
        return str(value.year)
    if isinstance(value, str) and len(value) >= 4:
        m = re.search(r"(19|20)\d\d", value)
        return m.group(0) if m else None
    return None


def pseudonymise_table(table: pa.Table, key: bytes, columns: Iterable[str] | None = None) -> pa.Table:
    """``table`` with every identifier replaced by a keyed pseudonym and quasi-identifiers coarsened.

    ``columns`` limits the replacement to those columns (default: every column recognised by
    name, plus text columns holding 16-digit numbers).
    """
    chosen = set(columns) if columns is not None else None
    for name in list(table.column_names):
        if chosen is not None and name not in chosen:
            continue
        col = table.column(name)
        kind = identifier_kind(name)
        values = col.to_pylist()
        if kind is None and (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)):
            sample = [v for v in values if v][:50]
            if sample and all(_NIK_LIKE.match(str(v).strip()) for v in sample):
                kind = "nik"
        idx = table.column_names.index(name)
        if kind is not None:
            new = [pseudonym(key, kind, None if v is None else str(v).strip()) for v in values]
            table = table.set_column(idx, name, pa.array(new, pa.string()))
        elif name == "household_size":
            table = table.set_column(idx, name, pa.array([_size_band(v) for v in values], pa.string()))
        elif name in ("birth_date", "tanggal_lahir", "tgl_lahir"):
            table = table.set_column(idx, name, pa.array([_year(v) for v in values], pa.string()))
    return table
