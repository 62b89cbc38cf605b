"""Region code parsing and the packaged Kemendagri/BPS tables."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from lokus.errors import RegionError

LEVELS = ("province", "regency", "district", "village")
_SEGMENTS = (2, 2, 2, 4)  # digits per level
_DIGITS_TO_LEVEL = {2: 0, 4: 1, 6: 2, 10: 3}
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


def _kind(code: str, name: str, level: str) -> tuple[str, str]:
    if level == "province":
        return "provinsi", "provinsi"
    if level == "regency":
        kind = "kota" if name.lower().startswith("kota") else "kabupaten"
        return kind, kind
    if level == "district":
        return "kecamatan", "kecamatan"
    kind = "kelurahan" if code[-4] == "1" else "desa"
    local = "pekon" if kind == "desa" and code[:5] in PEKON_REGENCIES else kind
    return kind, local


def _read_csv(name: str) -> Iterator[dict[str, str]]:
    with resources.files("lokus.regions").joinpath("data", name).open(encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


class Regions:
    """All Kemendagri regions with lookups by code, parent and BPS code."""

    def __init__(self) -> None:
        self._by_code: dict[str, Region] = {}
        self._children: dict[str, list[str]] = {}
        bps_of: dict[str, str] = {}
        for fname in (
            "bps_kemendagri_provinces.csv",
            "bps_kemendagri_regencies.csv",
            "bps_kemendagri_districts.csv",
            "bps_kemendagri_villages_lampung.csv",
        ):
            for row in _read_csv(fname):
                k = row["kemendagri_code"]
                if k and row["kemendagri_code_in_current_list"] == "yes" and k not in bps_of:
                    bps_of[k] = row["bps_code"]
        self._bps_to_kemendagri: dict[str, str] = {b: k for k, b in bps_of.items()}
        for fname in ("provinces.csv", "regencies.csv", "districts.csv", "villages.csv"):
            for row in _read_csv(fname):
                code = row["code"]
                level = level_of(code)
                kind, local = _kind(code, row["name"], level)
                parent = row["parent_code"] or None
                self._by_code[code] = Region(code, row["name"], parent, level, kind, local, bps_of.get(code))
                if parent:
                    self._children.setdefault(parent, []).append(code)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code: object) -> Region:
        """The region for any spelling of its code; :class:`RegionError` when unknown."""
        dotted = normalize_code(code)
        try:
            return self._by_code[dotted]
        except KeyError:
            raise RegionError("error.region.unknown", code=dotted) from None

    def children(self, code: str) -> list[Region]:
        return [self._by_code[c] for c in sorted(self._children.get(code, []))]

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
            region = self._by_code[region.parent_code]
            out.append(region)
        return list(reversed(out))

    def from_bps(self, bps_code: str) -> Region:
        """The Kemendagri region for a BPS code (e.g. BPS 1801 → Kemendagri 18.04)."""
        digits = re.sub(r"\D", "", str(bps_code))
        try:
            return self._by_code[self._bps_to_kemendagri[digits]]
        except KeyError:
            raise RegionError("error.region.unknown", code=bps_code) from None

    def all(self, level: str | None = None) -> list[Region]:
        regions = self._by_code.values()
        return [r for r in regions if level is None or r.level == level]


@lru_cache(maxsize=1)
def load_regions() -> Regions:
    """The packaged region table, loaded once per process."""
    return Regions()
