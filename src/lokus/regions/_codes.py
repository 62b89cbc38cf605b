"""Region code parsing and the packaged Kemendagri/BPS tables."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from lokus.errors import RegionError

LEVELS = ("province", "regency", "district", "village")
_SEGMENTS = (2, 2, 2, 4)  # digits per level
_DIGITS_TO_LEVEL = {2: 0, 4: 1, 6: 2, 10: 3}
_CODE_LENGTH = (2, 5, 8, 13)  # characters of a dotted code per level: 18, 18.04, 18.04.04, 18.04.04.2001
_SEP = re.compile(r"[\s.\-_/]+")

# Regencies where a desa is called "pekon" (Lampung Barat, Tanggamus, Pesisir Barat).
PEKON_REGENCIES = frozenset({"18.04", "18.06", "18.13"})


NATIONAL_NAMES = ("national", "nasional", "indonesia", "all", "semua")


def is_national(region: str) -> bool:
    """Whether ``region`` names the whole country rather than a Kemendagri code (``national``,
    ``nasional``, ``indonesia``, ``all``, ``semua``, any case): the same words for every command."""
    return region.strip().lower() in NATIONAL_NAMES


def try_normalize_code(value: object) -> str | None:
    """Return the dotted Kemendagri form of ``value``, or None when it is not a code.

    Accepts ``1804042001``, ``18.04.04.2001``, ``18 04 04 2001``, ``18-04``; an integer or a float
    with a ``.0`` tail (as Excel writes it) too.
    """
    if value is None:
        return None
    text = str(value).strip().strip("'\"")
    if text.endswith(".0") and text[:-2].isascii() and text[:-2].isdigit():
        text = text[:-2]
    if not text:
        return None
    parts = [p for p in _SEP.split(text) if p]
    if not parts or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    if len(parts) == 1:
        digits = parts[0]
        level = _DIGITS_TO_LEVEL.get(len(digits))
        if level is None:
            return None
        out, pos = [], 0
        for width in _SEGMENTS[: level + 1]:
            out.append(digits[pos : pos + width])
            pos += width
        return ".".join(out)
    if len(parts) > 4:
        return None
    for part, width in zip(parts, _SEGMENTS, strict=False):
        if len(part) != width:
            return None
    return ".".join(parts)


def normalize_code(value: object) -> str:
    """Dotted Kemendagri form of ``value``; raises :class:`RegionError` when malformed."""
    code = try_normalize_code(value)
    if code is None:
        raise RegionError("error.region.malformed", code=value)
    return code


def level_of(code: str) -> str:
    """``province``, ``regency``, ``district`` or ``village`` for a dotted code."""
    return LEVELS[code.count(".")]


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    parent_code: str | None
    level: str
    kind: str  # provinsi, kabupaten, kota, kecamatan, desa, kelurahan
    local_kind: str  # what people call it there (pekon for desa in Lampung Barat)
    bps_code: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "code": self.code,
            "name": self.name,
            "parent_code": self.parent_code,
            "level": self.level,
            "kind": self.kind,
            "local_kind": self.local_kind,
            "bps_code": self.bps_code,
        }


_CODE_FILES = ("provinces.csv", "regencies.csv", "districts.csv", "villages.csv")
_CROSSWALK_FILES = (
    "bps_kemendagri_provinces.csv",
    "bps_kemendagri_regencies.csv",
    "bps_kemendagri_districts.csv",
    "bps_kemendagri_villages_lampung.csv",
)
REGION_COLUMNS = ("code", "name", "parent_code", "level", "kind", "local_kind", "bps_code")


def _data_file(name: str) -> str:
    return str(resources.files("lokus.regions").joinpath("data", name))


_CODE_COLUMNS = ("code", "name", "parent_code")
_CROSSWALK_COLUMNS = ("bps_code", "bps_name", "kemendagri_code", "kemendagri_name_then",
                      "kemendagri_code_in_current_list", "kemendagri_name_current")


def _csv(name: str, columns: tuple[str, ...]) -> str:
    """``read_csv`` of a packaged file whose columns are known: every cell as text, nothing sniffed."""
    path = _data_file(name).replace("'", "''")
    names = ", ".join(f"'{c}': 'VARCHAR'" for c in columns)
    return (f"read_csv('{path}', auto_detect = false, header = true, delim = ',', quote = '\"', escape = '\"', "
            f"columns = {{{names}}})")


def _crosswalk_sql() -> str:
    """Each Kemendagri code of the BPS–Kemendagri crosswalks (as in the current list) with the BPS code of its
    first row and that row's place (``pos``: file, then line)."""
    rows = " UNION ALL ".join(
        f"SELECT {i} AS file, row_number() OVER () AS line, kemendagri_code, bps_code FROM {_csv(f, _CROSSWALK_COLUMNS)} "
        f"WHERE kemendagri_code_in_current_list = 'yes' AND kemendagri_code <> ''"
        for i, f in enumerate(_CROSSWALK_FILES)
    )
    return (f"SELECT kemendagri_code AS code, arg_min(bps_code, file::BIGINT * 1000000000 + line) AS bps_code, "
            f"min(file::BIGINT * 1000000000 + line) AS pos FROM ({rows}) GROUP BY kemendagri_code")


def region_sql() -> str:
    """One DuckDB query for the packaged region table: one row per Kemendagri region, ordered by code, with
    the columns :data:`REGION_COLUMNS` (as :class:`Region` has them).

    ``kind`` is provinsi, kabupaten or kota (by the name), kecamatan, desa or kelurahan (a village code
    whose four-digit part starts with 1); ``local_kind`` is what people call it there: ``pekon`` for a
    desa in Lampung Barat, Tanggamus and Pesisir Barat (:data:`PEKON_REGENCIES`). ``bps_code`` comes from
    the BPS–Kemendagri crosswalks: the first row, in file order, that names the code as in the current
    list. Sources: ``data/PROVENANCE.md``."""
    return f"{_region_select()}\n        ORDER BY k.code"


def _region_select() -> str:
    """:func:`region_sql` without its order."""
    codes = " UNION ALL ".join(f"SELECT code, name, parent_code FROM {_csv(f, _CODE_COLUMNS)}" for f in _CODE_FILES)
    pekon = ", ".join(f"'{r}'" for r in sorted(PEKON_REGENCIES))
    return f"""
        WITH codes AS ({codes}),
        crosswalk AS ({_crosswalk_sql()}),
        levels AS (
            SELECT code, name, nullif(parent_code, '') AS parent_code,
                   ['province', 'regency', 'district', 'village'][1 + length(code) - length(replace(code, '.', ''))]
                       AS level
            FROM codes
        ),
        kinds AS (
            SELECT *, CASE level
                WHEN 'province' THEN 'provinsi'
                WHEN 'regency' THEN CASE WHEN starts_with(lower(name), 'kota') THEN 'kota' ELSE 'kabupaten' END
                WHEN 'district' THEN 'kecamatan'
                ELSE CASE WHEN code[-4] = '1' THEN 'kelurahan' ELSE 'desa' END
            END AS kind
            FROM levels
        )
        SELECT k.code, k.name, k.parent_code, k.level, k.kind,
               CASE WHEN k.kind = 'desa' AND k.code[1:5] IN ({pekon}) THEN 'pekon' ELSE k.kind END AS local_kind,
               c.bps_code
        FROM kinds k LEFT JOIN crosswalk c USING (code)"""


def _query(*sql: str) -> list[Any]:
    """Each query's result as a pyarrow Table, from one in-memory DuckDB connection."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("SET threads = 1")  # a few MB: one thread keeps the crosswalk's row numbers in file order
        return [con.sql(q).to_arrow_table() for q in sql]
    finally:
        con.close()


def region_table() -> Any:
    """The packaged region table (:func:`region_sql`) as a pyarrow Table."""
    return _query(region_sql())[0]


class Regions:
    """All Kemendagri regions with lookups by code, parent and BPS code.

    The table stays as the query's columns; a :class:`Region` is made the first time a lookup returns it,
    and kept. Loading costs the query and two indexes (code → row, parent → rows), not ~91,000 objects."""

    def __init__(self) -> None:
        # by level, then code: the order of ``all()``. A BPS code that two Kemendagri codes share names the
        # one whose first crosswalk row comes last.
        table, bps = _query(f"SELECT * FROM ({_region_select()}) ORDER BY length(code), code",
                            f"SELECT bps_code, arg_max(code, pos) AS code FROM ({_crosswalk_sql()}) GROUP BY bps_code")
        self._columns = [table.column(c) for c in REGION_COLUMNS]
        self._codes: list[str] = self._columns[0].to_pylist()
        self._row: dict[str, int] = dict(zip(self._codes, range(len(self._codes)), strict=True))
        self._made: list[Region | None] = [None] * len(self._codes)
        self._complete: set[str | None] = set()  # the levels (None: all) whose every Region is made
        self._lists: list[list[Any]] | None = None
        self._children: dict[str, list[int]] = {}
        for row, parent in enumerate(table.column("parent_code").to_pylist()):
            if parent:
                rows = self._children.get(parent)
                if rows is None:
                    self._children[parent] = [row]
                else:
                    rows.append(row)
        self._bps_to_kemendagri: dict[str, str] = dict(zip(*bps.to_pydict().values(), strict=True))

    def _region(self, row: int) -> Region:
        """The region of one row of the table, made on first use."""
        region = self._made[row]
        if region is None:
            region = Region(self._codes[row], *(column[row].as_py() for column in self._columns[1:]))
            self._made[row] = region
        return region

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._row

    def __len__(self) -> int:
        return len(self._codes)

    def get(self, code: object) -> Region:
        """The region for any spelling of its code; :class:`RegionError` when unknown."""
        dotted = normalize_code(code)
        try:
            row = self._row[dotted]
        except KeyError:
            raise RegionError("error.region.unknown", code=dotted) from None
        return self._region(row)

    def children(self, code: str) -> list[Region]:
        rows = sorted(self._children.get(code, []), key=self._codes.__getitem__)
        return [self._region(row) for row in rows]

    def descendants(self, code: str, level: str) -> list[Region]:
        """All regions of ``level`` under ``code`` (the region itself if it has that level)."""
        root = self.get(code)
        target = LEVELS.index(level)
        frontier = [root]
        while frontier and LEVELS.index(frontier[0].level) < target:
            frontier = [child for r in frontier for child in self.children(r.code)]
        return sorted((r for r in frontier if r.level == level), key=lambda r: r.code)

    def ancestors(self, code: str) -> list[Region]:
        """Parents from the province down to (excluding) ``code``."""
        out: list[Region] = []
        region = self.get(code)
        while region.parent_code:
            region = self._region(self._row[region.parent_code])
            out.append(region)
        return list(reversed(out))

    def from_bps(self, bps_code: str) -> Region:
        """The Kemendagri region for a BPS code (e.g. BPS 1801 → Kemendagri 18.04)."""
        digits = re.sub(r"\D", "", str(bps_code))
        try:
            row = self._row[self._bps_to_kemendagri[digits]]
        except KeyError:
            raise RegionError("error.region.unknown", code=bps_code) from None
        return self._region(row)

    def table(self, level: str | None = None) -> Any:
        """The regions of ``level`` (None: every level) as a pyarrow Table with the columns
        :data:`REGION_COLUMNS`, in the order of :meth:`all`; no :class:`Region` is made (for code that needs
        whole columns, such as the 83,762 village codes)."""
        import pyarrow as pa

        table = pa.table(dict(zip(REGION_COLUMNS, self._columns, strict=True)))
        if level is None:
            return table
        # The rows are ordered by the code's length, and a level is a code length: each level is one run.
        target = _CODE_LENGTH[LEVELS.index(level)]
        start = bisect.bisect_left(self._codes, target, key=len)
        return table.slice(start, bisect.bisect_right(self._codes, target, key=len) - start)

    def all(self, level: str | None = None) -> list[Region]:
        if level not in self._complete and None not in self._complete:
            self._make_all(level)
        return [r for r in self._made if r is not None and (level is None or r.level == level)]

    def _make_all(self, level: str | None) -> None:
        """Make every region of ``level`` (of every level: None) not made yet, from whole columns."""
        if self._lists is None:  # the columns as Python lists, once
            self._lists = [self._codes, *(column.to_pylist() for column in self._columns[1:])]
        rows = zip(*self._lists, strict=True)
        made, at = self._made, REGION_COLUMNS.index("level")
        for i, row in enumerate(rows):
            if made[i] is None and (level is None or row[at] == level):
                made[i] = Region(*row)
        self._complete.add(level)


@lru_cache(maxsize=1)
def load_regions() -> Regions:
    """The packaged region table, loaded once per process."""
    return Regions()
