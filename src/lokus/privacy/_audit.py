"""The audit trail: every view or export of personal data leaves a row in ``audit_log``.

The log is **append-only and hash-chained** (tamper-evident):

* every row carries ``seq`` (1, 2, 3, …), the previous row's hash (``prev_hash``; the first row
  has 64 zeros) and its own ``row_hash`` = SHA-256 over the canonical JSON (sorted keys, no
  spaces, UTF-8) of all its fields including ``prev_hash``;
* the identifiers a row touched (``records=``, e.g. the NIKs of an exported worklist) are kept
  in ``audit_detail``, one row each, with a random 16-byte nonce and ``record_hash`` =
  SHA-256(nonce ‖ identifier). The chained row holds only ``records_count`` and
  ``records_digest`` = SHA-256 over the sorted ``record_hash`` values, so the chain never
  contains a clear identifier. Erasure (``lokus person erase``) blanks the identifier and its
  nonce but keeps ``record_hash``: the chain still verifies and what is left cannot be
  reversed (the nonce is gone);
* :func:`verify_chain` walks the log and names every edited, inserted or removed row;
  :func:`chain_head` gives the newest ``(seq, row_hash)`` to keep elsewhere, and
  ``verify_chain(head=...)`` also catches the newest rows being cut off or the whole chain
  being recomputed.

The acting user comes from the session: the web app passes the account (``user=``); on the
command line it is the operating-system account of the process (``pwd``, not ``$USER``, which
anyone can set). ``$LOKUS_USER`` may name someone else (a shared service account), but the row
then keeps both names: ``user_name`` = the override, ``session_user`` = the real account,
``user_source`` = ``LOKUS_USER``.

Limits: the chain makes edits *evident*, it does not prevent them. Someone who can write the
file and knows this algorithm can recompute every hash after an edit; only a head exported
earlier and kept elsewhere (``lokus audit head``) shows that. Rows are written only after the
action they record succeeded (callers call :func:`audit` last).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from lokus.errors import WorkspaceError
from lokus.workspace import Workspace

AUDIT_TABLE = "audit_log"
DETAIL_TABLE = "audit_detail"
GENESIS = "0" * 64
USER_ENV = "LOKUS_USER"

_COLUMNS: tuple[tuple[str, str, Any], ...] = (
    ("seq", "BIGINT", pa.int64()),
    ("logged_at", "TIMESTAMP", pa.timestamp("us")),
    ("user_name", "VARCHAR", pa.string()),
    ("session_user", "VARCHAR", pa.string()),
    ("user_source", "VARCHAR", pa.string()),
    ("action", "VARCHAR", pa.string()),
    ("target", "VARCHAR", pa.string()),
    ("scope", "VARCHAR", pa.string()),
    ("rows", "BIGINT", pa.int64()),
    ("pseudonymised", "BOOLEAN", pa.bool_()),
    ("output", "VARCHAR", pa.string()),
    ("records_count", "BIGINT", pa.int64()),
    ("records_digest", "VARCHAR", pa.string()),
    ("prev_hash", "VARCHAR", pa.string()),
    ("row_hash", "VARCHAR", pa.string()),
)
_FIELDS = [c for c, _, _ in _COLUMNS]
_DDL = f"CREATE TABLE IF NOT EXISTS {AUDIT_TABLE} (" + ", ".join(f"{c} {t}" for c, t, _ in _COLUMNS) + ")"
_DETAIL_DDL = (
    f"CREATE TABLE IF NOT EXISTS {DETAIL_TABLE} (seq BIGINT, record VARCHAR, nonce VARCHAR, "
    "record_hash VARCHAR, erased_at TIMESTAMP)"
)


# -- who -------------------------------------------------------------------------------------------
def session_account() -> str:
    """The operating-system account running this process (not ``$USER``/``$LOGNAME``)."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, OSError, AttributeError):  # Windows, or no passwd entry
        import getpass

        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def acting_user(user: str | None = None) -> tuple[str, str, str]:
    """``(user_name, session_user, user_source)`` for an audit row.

    ``user`` is the web app's account (source ``account``); else the OS account (``os``), or the
    ``$LOKUS_USER`` override (``LOKUS_USER``), which keeps the real account in ``session_user``.
    """
    if user:
        return user, user, "account"
    real = session_account()
    override = (os.environ.get(USER_ENV) or "").strip()
    if override and override != real:
        return override, real, USER_ENV
    return real, real, "os"


# -- hashing ---------------------------------------------------------------------------------------
def _canonical(value: Any) -> Any:
    if hasattr(value, "isoformat"):  # datetime (timestamps are stored without time zone)
        return value.isoformat()
    return value


def row_hash(row: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of every field of ``row`` except ``row_hash``."""
    payload = {k: _canonical(row.get(k)) for k in _FIELDS if k != "row_hash"}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_hash(nonce: str, record: str) -> str:
    return hashlib.sha256(f"{nonce}\x1f{record}".encode()).hexdigest()


def records_digest(hashes: Iterable[str]) -> str | None:
    items = sorted(hashes)
    if not items:
        return None
    return hashlib.sha256("\n".join(items).encode("ascii")).hexdigest()


# -- writing ---------------------------------------------------------------------------------------
#: connections whose ``audit_log`` is known to be chained (:func:`ensure_tables`)
_CHAINED: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def ensure_tables(con: Any) -> None:
    """Create the audit tables; seal a pre-chain ``audit_log`` (old workspaces) into a chain.

    Looking for a pre-chain log takes two catalogue queries, most of what an audit row costs; it is
    done once per connection (a workspace file opened anew is looked at anew). The tables' ``CREATE
    ... IF NOT EXISTS`` runs every time, so a table dropped, or created in a transaction that was rolled
    back, is there again. A connection is remembered only when its log was chained already: a sealing
    rolled back leaves the pre-chain log, to be sealed next time.
    """
    try:
        known = _CHAINED.get(con, False)
    except TypeError:  # a connection that cannot be weakly referenced: look every time
        known = False
    chained = known
    if not known:
        exists = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [AUDIT_TABLE]
        ).fetchone()[0]
        chained = True
        if exists:
            cols = {r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [AUDIT_TABLE]
            ).fetchall()}
            if "row_hash" not in cols:
                _seal_legacy(con)
                chained = False
    con.execute(_DDL)
    con.execute(_DETAIL_DDL)
    if chained and not known:
        with contextlib.suppress(TypeError):
            _CHAINED[con] = True


def _seal_legacy(con: Any) -> None:
    old = con.execute(
        f"SELECT logged_at, user_name, action, target, scope, rows, pseudonymised, output "
        f"FROM {AUDIT_TABLE} ORDER BY logged_at, rowid"
    ).fetchall()
    con.execute(f"DROP TABLE {AUDIT_TABLE}")
    con.execute(_DDL)
    prev = GENESIS
    for seq, r in enumerate(old, start=1):
        row = dict(zip(("logged_at", "user_name", "action", "target", "scope", "rows", "pseudonymised", "output"),
                       r, strict=True))
        row.update(seq=seq, session_user=None, user_source="legacy", records_count=0, records_digest=None,
                   prev_hash=prev)
        row["row_hash"] = prev = row_hash(row)
        con.execute(f"INSERT INTO {AUDIT_TABLE} VALUES ({', '.join('?' * len(_FIELDS))})",
                    [row[c] for c in _FIELDS])


def append(con: Any, row: dict[str, Any], records: Iterable[str] = ()) -> dict[str, Any]:
    """Append one chained row (inside the caller's transaction). ``row`` has the content fields."""
    ensure_tables(con)
    last = con.execute(f"SELECT seq, row_hash FROM {AUDIT_TABLE} ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    ids = [str(r) for r in dict.fromkeys(r for r in records if r not in (None, ""))]
    nonces = [secrets.token_hex(16) for _ in ids]
    hashes = [record_hash(n, r) for n, r in zip(nonces, ids, strict=True)]
    full = {**row, "seq": seq, "records_count": len(ids), "records_digest": records_digest(hashes),
            "prev_hash": prev}
    full["row_hash"] = row_hash(full)
    con.execute(f"INSERT INTO {AUDIT_TABLE} VALUES ({', '.join('?' * len(_FIELDS))})", [full[c] for c in _FIELDS])
    if ids:
        detail = pa.table({
            "seq": pa.array([seq] * len(ids), pa.int64()), "record": pa.array(ids, pa.string()),
            "nonce": pa.array(nonces, pa.string()), "record_hash": pa.array(hashes, pa.string()),
            "erased_at": pa.array([None] * len(ids), pa.timestamp("us")),
        })
        con.register("_audit_detail_new", detail)
        try:
            con.execute(f"INSERT INTO {DETAIL_TABLE} SELECT * FROM _audit_detail_new")
        finally:
            con.unregister("_audit_detail_new")
    return full


def audit(
    ws: Workspace,
    action: str,
    *,
    target: str,
    rows: int,
    scope: str | None = None,
    pseudonymised: bool = False,
    output: str | None = None,
    user: str | None = None,
    records: Iterable[str] | None = None,
) -> int:
    """Record one view/export of personal data, after it succeeded (its own small transaction).

    ``action`` e.g. ``quarantine.list``, ``worklist.export``; ``target`` the snapshot or table;
    ``scope`` the region the rows were limited to; ``output`` the file written, if any;
    ``user`` the web app's account (default: the session's OS account, see :func:`acting_user`);
    ``records`` the identifiers shown (NIK, else KK), kept in ``audit_detail`` for subject
    access. Returns the row's ``seq``. Raises :class:`WorkspaceError` on a read-only workspace:
    a personal-data view must be recorded, so it needs a writable workspace.
    """
    if ws.read_only:
        raise WorkspaceError("privacy.audit.read_only", path=str(ws.path))
    user_name, session_user, source = acting_user(user)
    now = datetime.now(UTC).replace(tzinfo=None)
    content = {
        "logged_at": now, "user_name": user_name, "session_user": session_user, "user_source": source,
        "action": action, "target": target, "scope": scope, "rows": int(rows), "pseudonymised": bool(pseudonymised),
        "output": output,
    }
    with ws.transaction() as con:
        return int(append(con, content, records or ())["seq"])


# -- reading ---------------------------------------------------------------------------------------
def _empty() -> pa.Table:
    return pa.table({c: pa.array([], t) for c, _, t in _COLUMNS})


def audit_entries(ws: Workspace, *, limit: int | None = 100) -> pa.Table:
    """The latest ``limit`` audit rows (None: all), newest first."""
    if not ws.has_table(AUDIT_TABLE):
        return _empty()
    return ws.con.sql(
        f"SELECT {', '.join(_FIELDS)} FROM {AUDIT_TABLE} ORDER BY seq DESC, rowid DESC"
        + (" LIMIT ?" if limit is not None else ""), params=[limit] if limit is not None else [],
    ).to_arrow_table()


def entries_touching(ws: Workspace, record: str) -> pa.Table:
    """Every audit row whose ``records`` included ``record`` (subject access), oldest first."""
    if not (ws.has_table(AUDIT_TABLE) and ws.has_table(DETAIL_TABLE)):
        return _empty()
    return ws.con.sql(
        f"SELECT {', '.join('a.' + c for c in _FIELDS)} FROM {AUDIT_TABLE} a WHERE a.seq IN "
        f"(SELECT seq FROM {DETAIL_TABLE} WHERE record = ?) ORDER BY a.seq", params=[record]
    ).to_arrow_table()


def records_of_export(ws: Workspace, action: str, file_name: str) -> list[str]:
    """The people (NIK, else KK) recorded by the newest ``action`` audit row whose ``output`` names a file
    called ``file_name`` — e.g. the ``pack.export`` that wrote a meeting pack, so that a later download
    of that file names the same people. Erased records are left out; [] when no such row exists."""
    if not (ws.has_table(AUDIT_TABLE) and ws.has_table(DETAIL_TABLE)):
        return []
    rows = ws.con.execute(
        f"SELECT seq, output FROM {AUDIT_TABLE} WHERE action = ? AND output IS NOT NULL ORDER BY seq DESC",
        [action]).fetchall()
    for seq, output in rows:  # output: the paths written, ", "-separated
        if any(os.path.basename(part.strip()) == file_name for part in str(output).split(", ")):
            found = ws.con.execute(f"SELECT record FROM {DETAIL_TABLE} WHERE seq = ? AND record IS NOT NULL "
                                   "ORDER BY rowid", [seq]).fetchall()
            return [r[0] for r in found]
    return []


def erase_records(con: Any, record: str) -> int:
    """Blank ``record`` (and its nonce) in ``audit_detail``; keep its hash. Returns rows blanked."""
    ensure_tables(con)
    n = con.execute(f"SELECT count(*) FROM {DETAIL_TABLE} WHERE record = ?", [record]).fetchone()[0]
    if n:
        con.execute(
            f"UPDATE {DETAIL_TABLE} SET record = NULL, nonce = NULL, erased_at = ? WHERE record = ?",
            [datetime.now(UTC).replace(tzinfo=None), record],
        )
    return int(n)


# -- verifying -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """One finding of :func:`verify_chain`: ``kind`` edited | inserted | removed | detail | head."""

    kind: str
    seq: int | None
    detail: str = ""

    def message(self, lang: str) -> str:
        from lokus.i18n import t_n

        # one removed row ("#5") or a run ("#5–7"): the sentence agrees with it
        many = self.kind == "removed" and "–" in self.detail
        return t_n(f"privacy.audit.problem.{self.kind}", 2 if many else 1, lang, seq=self.seq, detail=self.detail)


@dataclass
class Verification:
    rows: int = 0
    head_seq: int | None = None
    head_hash: str | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def chain_head(ws: Workspace) -> dict[str, Any]:
    """``{"seq", "row_hash", "logged_at", "rows"}`` of the newest row (seq 0 and the genesis hash if empty)."""
    if not ws.has_table(AUDIT_TABLE):
        return {"seq": 0, "row_hash": GENESIS, "logged_at": None, "rows": 0}
    last = ws.con.execute(
        f"SELECT seq, row_hash, logged_at FROM {AUDIT_TABLE} ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    n = ws.con.execute(f"SELECT count(*) FROM {AUDIT_TABLE}").fetchall()[0][0]
    if last is None:
        return {"seq": 0, "row_hash": GENESIS, "logged_at": None, "rows": 0}
    return {"seq": int(last[0]), "row_hash": last[1], "logged_at": last[2].isoformat() if last[2] else None,
            "rows": int(n)}


def verify_chain(ws: Workspace, *, head: Mapping[str, Any] | None = None) -> Verification:
    """Walk the chain; name every edited, inserted or removed row (and damaged detail rows).

    ``head`` (from :func:`chain_head`, kept elsewhere) also checks that the row it names is still
    there with the same hash: that catches the newest rows being removed and a recomputed chain.
    """
    result = Verification()
    if not ws.has_table(AUDIT_TABLE):
        if head and int(head.get("seq") or 0) > 0:
            result.problems.append(Problem("head", int(head["seq"]), "audit_log"))
        return result
    cols = {r[0] for r in ws.con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [AUDIT_TABLE]).fetchall()}
    if "row_hash" not in cols:  # a log from before the chain: nothing to verify yet
        result.problems.append(Problem("legacy", None))
        return result
    rows = ws.con.execute(f"SELECT {', '.join(_FIELDS)} FROM {AUDIT_TABLE} ORDER BY seq, rowid").fetchall()
    result.rows = len(rows)
    expected_seq, expected_prev = 1, GENESIS
    by_seq: dict[int, dict[str, Any]] = {}
    for values in rows:
        row = dict(zip(_FIELDS, values, strict=True))
        seq = row["seq"]
        if seq is None or row["row_hash"] is None:
            result.problems.append(Problem("inserted", seq))
            continue
        if seq < expected_seq:  # a second row with a number already used
            result.problems.append(Problem("inserted", seq))
            continue
        if row_hash(row) != row["row_hash"]:
            result.problems.append(Problem("edited", seq))
        elif seq > expected_seq:
            first, last = expected_seq, seq - 1
            result.problems.append(Problem("removed", first, str(first) if first == last else f"{first}–{last}"))
        elif row["prev_hash"] != expected_prev:
            result.problems.append(Problem("broken", seq))
        by_seq[seq] = row
        expected_seq, expected_prev = seq + 1, row["row_hash"]
    if rows:
        last_row = dict(zip(_FIELDS, rows[-1], strict=True))
        result.head_seq, result.head_hash = last_row["seq"], last_row["row_hash"]
    _verify_detail(ws, by_seq, result)
    if head:
        hseq, hhash = int(head.get("seq") or 0), str(head.get("row_hash") or "")
        if hseq > 0:
            kept = by_seq.get(hseq)
            if kept is None:
                result.problems.append(Problem("truncated", hseq, str(result.head_seq or 0)))
            elif kept["row_hash"] != hhash:
                result.problems.append(Problem("head", hseq))
    return result


def _verify_detail(ws: Workspace, by_seq: dict[int, dict[str, Any]], result: Verification) -> None:
    if not ws.has_table(DETAIL_TABLE):
        for seq, row in by_seq.items():
            if row["records_count"]:
                result.problems.append(Problem("detail", seq))
        return
    hashes: dict[int, list[str]] = {}
    bad: set[int] = set()
    for seq, record, nonce, rhash in ws.con.execute(
        f"SELECT seq, record, nonce, record_hash FROM {DETAIL_TABLE}"
    ).fetchall():
        hashes.setdefault(seq, []).append(rhash or "")
        if record is not None and (nonce is None or record_hash(nonce, record) != rhash):
            bad.add(seq)
    head = max(by_seq, default=0)
    for seq in set(hashes) - set(by_seq):
        if seq is None or seq > head:  # detail for a row that never existed (a removed row is named already)
            bad.add(seq if seq is not None else -1)
    for seq, row in by_seq.items():
        got = hashes.get(seq, [])
        if len(got) != (row["records_count"] or 0) or records_digest(got) != row["records_digest"]:
            bad.add(seq)
    for seq in sorted(bad):
        result.problems.append(Problem("detail", seq))


def load_head(ref: str) -> dict[str, Any]:
    """A chain head from a file written by ``lokus audit head`` or from its JSON text."""
    from pathlib import Path

    from lokus.errors import ConfigError

    text = ref
    try:
        p = Path(ref)
        if len(ref) < 4096 and p.exists():
            text = p.read_text(encoding="utf-8")
    except OSError:
        pass
    try:
        head = json.loads(text)
        int(head["seq"])
        str(head["row_hash"])
    except (ValueError, TypeError, KeyError):
        raise ConfigError("privacy.audit.head.bad", path=ref) from None
    return dict(head)
