"""The tombstone of erased persons: an erasure that stays erased (UU PDP 27/2022 art. 8, 16, 43).

``lokus person erase`` removes a person's rows; without a record of it, the next load of the ministry's
file (or the same file with ``--replace``) would bring them back. So the erasure leaves a tombstone in
``erased_subjects`` (:data:`lokus.workspace.ERASED_TABLE`): HMAC-SHA256 of ``erased:<NIK>`` under the
workspace's pseudonym key (:func:`lokus.privacy.load_key`, kept outside the workspace file) and the id of
that key — never the NIK. Without the key the 16-digit NIK space cannot be tried against it; the domain
``erased:`` keeps it different from the ``NIK-`` pseudonym of an export, so it links to none.

Every ingest applies one rule through :func:`screen_erased`, before it reads a cell of the file:

* a row **of** an erased person (their own NIK cell) is quarantined with the reason ``subject_erased``
  and no raw cells (:meth:`Tombstone.mark` for a staged table, :meth:`Tombstone.holds` for rows in
  Python); so is a row of a file with no NIK column that names an erased NIK (it is the only identifier);
* a row of somebody else that only **mentions** an erased person (a child's row naming the mother in
  "NIK Ibu Kandung", a note) is loaded, with the erased NIK taken out of that cell
  (:meth:`Tombstone.screen`; the cell left empty when nothing else was written in it) — as
  ``lokus person erase`` does to the rows already held.

The one quarantine keeps no raw cells for a ``subject_erased`` row and scrubs any quarantined row whose
raw cells still name an erased NIK (:meth:`Tombstone.scrub_quarantine`: a line the reader could not split
into cells, whose own person cannot be told), so the person's data is not stored again.

A key rotated with ``lokus pseudonym rotate`` is kept beside the new one and still read here; a tombstone
whose key cannot be found stops the load with one sentence (a silent miss would bring people back).
``lokus person restore`` lifts an erasure deliberately (:func:`lift_erasure`), with an audit row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lokus._sql import sql_literal
from lokus.errors import ConfigError
from lokus.privacy._pseudonym import digest, digest_sql, key_id, key_path, known_keys, load_key
from lokus.workspace import ERASED_TABLE, QUARANTINE_TABLE, ensure_tables

if TYPE_CHECKING:
    from lokus.tables import LoadedTable

__all__ = ["SUBJECT_ERASED", "Tombstone", "erased_on", "lift_erasure", "record_erasure", "screen_erased",
           "tombstone", "without", "workspace_file"]

SUBJECT_ERASED = "subject_erased"
_DOMAIN = "erased"
# 16 digits in a cell, written with or without a space, dot or dash between them (RE2 and Python alike)
_NIK_RUN = r"\d(?:[ .-]?\d){15}"
# every 16 digits in a row, at every digit (a NIK written after a telephone number, "0812 3456 1804…", starts
# inside a longer run of digits): Python, where a lookahead is allowed; SQL takes the windows of each run
_NIK_AT = re.compile(rf"(?=({_NIK_RUN}))")
# a run of digits holding at least 16 (a shorter run holds no NIK; leaving those to the regular expression rather
# than to the list lambdas halved the search at 1M registry rows: 2.64 → 1.43 s, bench/RESULTS.md, session 14)
_DIGIT_RUN = r"\d(?:[ .-]?\d){15,}"
_SCREENED = "temp.__lokus_screened"  # the file's relation with the mentions of erased persons taken out


@dataclass(frozen=True)
class Tombstone:
    """The erased persons' digests, grouped by the key that made them (empty: nobody erased)."""

    groups: tuple[tuple[bytes, tuple[str, ...]], ...] = ()

    def __bool__(self) -> bool:
        return any(digests for _key, digests in self.groups)

    def __len__(self) -> int:
        return sum(len(digests) for _key, digests in self.groups)

    def holds(self, nik: str | None) -> bool:
        """Whether ``nik`` (16 digits) belongs to an erased person."""
        if not nik:
            return False
        return any(digest(key, _DOMAIN, nik) in digests for key, digests in self.groups)

    def erased_in(self, text: str | None) -> list[str]:
        """The erased NIKs written in ``text`` (as written: with their spaces, dots or dashes)."""
        if not text:
            return []
        return [m for m in _NIK_AT.findall(text) if self.holds(re.sub(r"\D", "", m))]

    def screen(self, con: Any, loaded: LoadedTable, own: int | None) -> int:
        """Take the erased NIKs out of the cells that only mention them: every cell of a row but its own NIK
        cell (column ``own`` of ``loaded``). Rows whose own NIK is erased are left for :meth:`mark`, and so is
        every row of a file without a NIK column (``own`` None: the mention may be the row's only identifier).
        ``loaded.relation`` is pointed at the screened rows (a view: the file's other rows are not copied).
        Returns the rows in which a mention was taken out."""
        if not self or own is None:
            return 0
        loaded.screened_nik = own  # from here on an erased NIK can be left only in an own NIK cell (mark_cells)
        columns = loaded.columns
        others = [c for i, c in enumerate(columns) if i != own]
        if not others:
            return 0
        text = f"concat_ws(' | ', {', '.join(others)})"
        found: dict[int, tuple[Any, ...]] = {}
        for key, digests in self.groups:
            _expr, params = digest_sql("x", _DOMAIN, key)
            for row in con.execute(
                f"SELECT __line, {', '.join(columns)} FROM {loaded.relation} WHERE {self._names_sql(text, key)}",
                {**params, "lokus_digests": list(digests)},
            ).fetchall():
                found[int(row[0])] = row[1:]
        blanked: list[tuple[int, list[str | None]]] = []
        for line, cells in sorted(found.items()):
            if self.erased_in(cells[own]):
                continue  # the erased person's own row: quarantined by mark()
            new = [cell if i == own else without(cell, self.erased_in(cell)) for i, cell in enumerate(cells)]
            if new != list(cells):
                blanked.append((line, new))
        if not blanked:
            return 0
        values = ", ".join(f"({line}, " + ", ".join(sql_literal(v) for v in cells) + ")" for line, cells in blanked)
        picked = ", ".join(f"CASE WHEN s.__line IS NULL THEN r.{c} ELSE s.{c}::VARCHAR END AS {c}" for c in columns)
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {_SCREENED.split('.', 1)[1]} AS SELECT r.__line, {picked} "
            f"FROM {loaded.relation} r LEFT JOIN (VALUES {values}) s(__line, {', '.join(columns)}) "
            "ON r.__line = s.__line"
        )
        loaded.relation = _SCREENED
        return len(blanked)

    def mark(self, con: Any, table: str, *, nik: str = "nik", reasons: str = "__reasons", cells: list[str] | None = None,
             source: str | None = None) -> int:
        """Set ``reasons`` to ``['subject_erased']`` on the rows of ``table`` (a staged table of an ingest, before
        its rows are written) that belong to an erased person: their ``nik`` column, or any 16-digit number in
        the raw ``cells`` (a mother's or head's NIK among the other columns; ``source``: the relation holding
        those cells, joined on ``__line``). Returns the rows marked."""
        marked = 0
        for key, digests in self.groups:
            own, params = digest_sql(f'"{nik}"', _DOMAIN, key)
            cond = f'("{nik}" IS NOT NULL AND list_contains($lokus_digests, {own}))'
            if cells:
                text = f"concat_ws(' | ', {', '.join(cells)})"
                named = self._names_sql(text, key)
                cond += (f" OR __line IN (SELECT r.__line FROM {source} r WHERE {named})" if source
                         else f" OR {named}")
            rows = con.execute(
                f"UPDATE {table} SET {reasons} = ['{SUBJECT_ERASED}'] WHERE {cond}",
                {**params, "lokus_digests": list(digests)},
            ).fetchall()
            marked += int(rows[0][0]) if rows else 0
        return marked

    @staticmethod
    def mark_cells(loaded: LoadedTable, template: str = "c{}") -> list[str]:
        """The raw cells :meth:`mark` must search for an erased NIK (``template`` names cell ``i``: ``c{}``,
        ``r.c{}``). After :meth:`screen` took the mentions out of other people's rows, only the row's own NIK
        cell (an erased person's own row whose NIK the reader could not read as one); in a file without a NIK
        column, every cell (the mention may be the row's only identifier). One search of every cell per load,
        not two: at 1M registry rows the second cost about 3 s (bench/RESULTS.md, session 14)."""
        if loaded.screened_nik is not None:
            return [template.format(loaded.screened_nik)]
        return [template.format(i) for i in range(len(loaded.headers))]

    @staticmethod
    def _names_sql(text: str, key: bytes) -> str:
        """SQL: ``text`` holds 16 digits (anywhere in a run of digits, as :meth:`erased_in` reads it) whose
        digest is in ``$lokus_digests`` (parameters as :func:`digest_sql`'s)."""
        expr, _params = digest_sql("x", _DOMAIN, key)
        runs = (f"list_transform(regexp_extract_all({text}, '{_DIGIT_RUN}'), "
                "lambda r: regexp_replace(r, '[^0-9]', '', 'g'))")
        windows = f"flatten(list_transform({runs}, lambda d: list_transform(range(1, len(d) - 14), lambda i: substr(d, i, 16))))"
        return f"len(list_filter({windows}, lambda x: list_contains($lokus_digests, {expr}))) > 0"

    def scrub_quarantine(self, con: Any, snapshot: str) -> int:
        """Quarantined rows of ``snapshot`` whose raw cells name an erased NIK anywhere (a bad row of theirs, a
        line that could not be split, a mother's NIK): reason ``subject_erased`` only, raw cells dropped."""
        scrubbed = 0
        for key, digests in self.groups:
            _expr, params = digest_sql("x", _DOMAIN, key)
            rows = con.execute(
                f"UPDATE {QUARANTINE_TABLE} SET reasons = ['{SUBJECT_ERASED}'], raw = NULL "
                f"WHERE snapshot = $snapshot AND raw IS NOT NULL AND {self._names_sql('raw::VARCHAR', key)}",
                {**params, "lokus_digests": list(digests), "snapshot": snapshot},
            ).fetchall()
            scrubbed += int(rows[0][0]) if rows else 0
        return scrubbed

def without(cell: str | None, niks: list[str]) -> str | None:
    """``cell`` with ``niks`` (as written in it) taken out; None when nothing else was written in it. The one way
    a mention of a person is blanked from a text: at erasure (:mod:`lokus.privacy._person`) and at later loads."""
    if not cell or not niks:
        return cell
    for nik in niks:
        cell = cell.replace(nik, "")
    rest = re.sub(r"\s{2,}", " ", cell).strip()
    return rest if rest.strip(" \t.,;:/|()[]-") else None


def screen_erased(con: Any, workspace: Path | None, loaded: LoadedTable, own: int | None) -> Tombstone:
    """The one rule every ingest applies to a file before reading its cells (module docstring): the mentions of
    erased persons in other people's rows are taken out (:meth:`Tombstone.screen`; ``own``: the index of the
    file's own NIK column, None when it has none). Returns the tombstone, for :meth:`Tombstone.mark` or
    :meth:`Tombstone.holds` to set aside the erased persons' own rows."""
    stone = tombstone(con, workspace)
    stone.screen(con, loaded, own)
    return stone


def workspace_file(con: Any) -> Path | None:
    """The file of the workspace ``con`` is connected to (None in memory)."""
    rows = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    return Path(rows[0][0]) if rows and rows[0][0] else None


def _has_table(con: Any) -> bool:
    rows = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [ERASED_TABLE]).fetchall()
    return bool(rows and rows[0][0])


def _stored(con: Any) -> list[tuple[str, str]]:
    if not _has_table(con):
        return []
    return [(str(k), str(d)) for k, d in con.execute(f"SELECT key_id, digest FROM {ERASED_TABLE}").fetchall()]


def _keys(workspace: Path | None) -> dict[str, bytes]:
    return {key_id(k): k for k in known_keys(workspace)}


def tombstone(con: Any, workspace: Path | None = None) -> Tombstone:
    """The tombstone of the workspace ``con`` (``workspace``: its file, for a key kept beside it).

    Empty, and no key read or created, when nobody was erased. :class:`ConfigError` when a digest was made
    with a key that is no longer available (restore the key file, or point ``$LOKUS_PSEUDONYM_KEY_FILE``
    at it): loading on would bring the erased persons back.
    """
    stored = _stored(con)
    if not stored:
        return Tombstone()
    workspace = workspace or workspace_file(con)
    keys = _keys(workspace)
    by_key: dict[str, list[str]] = {}
    for kid, dig in stored:
        by_key.setdefault(kid, []).append(dig)
    missing = [kid for kid in by_key if kid not in keys]
    if missing:
        raise ConfigError("privacy.erased.key_missing", n=sum(len(by_key[k]) for k in missing),
                          path=str(key_path(workspace)))
    return Tombstone(tuple((keys[kid], tuple(digests)) for kid, digests in by_key.items()))


def _digests(nik: str, workspace: Path | None) -> dict[str, str]:
    """key id → digest of ``nik`` under every known key."""
    return {kid: digest(key, _DOMAIN, nik) for kid, key in _keys(workspace).items()}


def record_erasure(con: Any, workspace: Path | None, nik: str, when: datetime) -> bool:
    """Add ``nik`` to the tombstone (inside the erasure's transaction); False when it is there already."""
    ensure_tables(con, ERASED_TABLE)
    if erased_on(con, workspace, nik) is not None:
        return False
    key = load_key(workspace)
    con.execute(f"INSERT INTO {ERASED_TABLE} VALUES (?, ?, ?)", [digest(key, _DOMAIN, nik), key_id(key), when])
    return True


def erased_on(con: Any, workspace: Path | None, nik: str) -> datetime | None:
    """When ``nik`` was erased (None: it is not in the tombstone)."""
    if not _stored(con):
        return None
    pairs = _digests(nik, workspace)
    return _first(con, pairs)


def _first(con: Any, pairs: dict[str, str]) -> datetime | None:
    for kid, dig in pairs.items():
        rows = con.execute(f"SELECT min(erased_at) FROM {ERASED_TABLE} WHERE key_id = ? AND digest = ?",
                           [kid, dig]).fetchall()
        if rows and rows[0][0] is not None:
            return rows[0][0]  # type: ignore[no-any-return]
    return None


def lift_erasure(con: Any, workspace: Path | None, nik: str) -> int:
    """Remove ``nik`` from the tombstone (inside a transaction); returns the entries removed."""
    if not _stored(con):
        return 0
    removed = 0
    for kid, dig in _digests(nik, workspace).items():
        rows = con.execute(f"DELETE FROM {ERASED_TABLE} WHERE key_id = ? AND digest = ?", [kid, dig]).fetchall()
        removed += int(rows[0][0]) if rows else 0
    return removed

