"""Finding the Kemendagri village of a row: by code, by an old BPS code, or by region names.

Three lookup tables are loaded into the ingest connection: the current Kemendagri villages, the
BPS → Kemendagri village crosswalk (2018, Lampung; only unambiguous, still-current pairs) and the
village names keyed by kabupaten/kecamatan/desa name. :func:`village_sql` gives the SQL pieces
the stage query uses; a village found through BPS or names carries a warning saying so.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

import duckdb

from lokus.regions import load_regions
from lokus.tables._sqlnorm import dotted_sql

__all__ = ["VILLAGES", "BPS", "NAMES", "load_village_lookups", "village_sql", "VillageSql", "name_key_sql"]

VILLAGES = "__lokus_villages"
BPS = "__lokus_bps_villages"
NAMES = "__lokus_village_names"

_PREFIX = r"^(desa|pekon|kelurahan|kel|kampung|kecamatan|kec|kabupaten|kab)\b[\s.]*"


def name_key_sql(x: str) -> str:
    """Comparable form of a region name: lower case, common prefixes (Desa, Pekon, Kec., Kab.)
    dropped, only letters and digits (``KAB. LAMPUNG BARAT`` → ``lampungbarat``; ``Kota`` is kept)."""
    return f"regexp_replace(regexp_replace(lower(trim({x})), '{_PREFIX}', ''), '[^a-z0-9]', '', 'g')"


def _bps_pairs() -> list[tuple[str, str]]:
    pairs: dict[str, set[str]] = {}
    path = resources.files("lokus.regions").joinpath("data", "bps_kemendagri_villages_lampung.csv")
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["kemendagri_code"] and row["kemendagri_code_in_current_list"] == "yes":
                pairs.setdefault(row["bps_code"], set()).add(row["kemendagri_code"])
    return [(bps, next(iter(codes))) for bps, codes in pairs.items() if len(codes) == 1]


def load_village_lookups(con: duckdb.DuckDBPyConnection, district: str | None, *, names: bool) -> None:
    """Create the lookup tables (temporary) on ``con``; the name table only when ``names``."""
    import pyarrow as pa

    regions = load_regions()
    villages = regions.table("village")  # whole columns: no Region object for 83,762 villages
    con.register("__lokus_v_arrow", pa.table({"code": villages.column("code")}))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {VILLAGES} AS SELECT code AS kv_code FROM __lokus_v_arrow")
    con.unregister("__lokus_v_arrow")

    bps = _bps_pairs()
    con.register(
        "__lokus_b_arrow",
        pa.table(
            {"b": pa.array([b for b, _ in bps], pa.string()), "k": pa.array([k for _, k in bps], pa.string())}
        ),
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {BPS} AS SELECT b AS bps_code, k AS bps_kemendagri "
        "FROM __lokus_b_arrow"
    )
    con.unregister("__lokus_b_arrow")

    if not names:
        return
    name_of = {code: name for level in ("district", "regency")
               for code, name in zip(*regions.table(level).select(["code", "name"]).to_pydict().values(), strict=True)}
    table: dict[str, list[str | None]] = {"code": [], "v": [], "d": [], "r": []}
    for code, name in zip(*villages.select(["code", "name"]).to_pydict().values(), strict=True):
        if district is None or code.startswith(district + "."):
            table["code"].append(code)
            table["v"].append(name)
            table["d"].append(name_of.get(code[:8]))
            table["r"].append(name_of.get(code[:5]))
    con.register("__lokus_n_arrow", pa.table({k: pa.array(vals, pa.string()) for k, vals in table.items()}))
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {NAMES} AS SELECT code AS n_code, {name_key_sql('v')} AS n_vk, "
        f"{name_key_sql('d')} AS n_dk, {name_key_sql('r')} AS n_rk FROM __lokus_n_arrow"
    )
    con.unregister("__lokus_n_arrow")


@dataclass(frozen=True)
class VillageSql:
    """SQL pieces for the stage query (see :func:`village_sql`)."""

    layer1: list[str]  # extra prepared columns
    joins: str  # LEFT JOINs appended to the layer-3 FROM clause
    value: str  # the dotted Kemendagri code, NULL when not found
    source: str  # 'code', 'bps', 'name' or NULL
    empty: str  # true when the row names no village at all


def village_sql(col: dict[str, str], has_code_plan: bool) -> VillageSql:
    """How to find the village from the mapped raw columns ``col`` (canonical name → raw column).

    A code column wins; names are used only when the file has no code column at all.
    """
    layer1: list[str] = []
    joins = ""
    cases: list[tuple[str, str, str]] = []  # (condition, value, source)
    empties: list[str] = []
    if has_code_plan:
        joins += f" LEFT JOIN {VILLAGES} kv ON kv.kv_code = (CASE WHEN village_code__m THEN {_dotted()} END)"
        joins += f" LEFT JOIN {BPS} bv ON bv.bps_code = village_code__d"
        cases += [
            ("kv.kv_code IS NOT NULL", "kv.kv_code", "'code'"),
            ("bv.bps_kemendagri IS NOT NULL", "bv.bps_kemendagri", "'bps'"),
        ]
        empties.append("village_code__e")
    if not has_code_plan and "village_name" in col and "subdistrict_name" in col:
        layer1 += [
            f"{name_key_sql(col['village_name'])} AS __vk",
            f"{name_key_sql(col['subdistrict_name'])} AS __dk",
        ]
        on = "n.n_vk = __vk AND n.n_dk = __dk"
        group = "n_vk, n_dk"
        if "regency_name" in col:
            layer1.append(f"{name_key_sql(col['regency_name'])} AS __rk")
            on += " AND n.n_rk = __rk"
            group += ", n_rk"
        unique = (
            f"(SELECT {group}, any_value(n_code) AS n_code FROM {NAMES} GROUP BY {group} HAVING count(*) = 1)"
        )
        joins += f" LEFT JOIN {unique} n ON {on}"
        cases.append(("n.n_code IS NOT NULL", "n.n_code", "'name'"))
        empties.append("(__vk = '' OR __vk IS NULL)")
    value = "(CASE " + " ".join(f"WHEN {c} THEN {v}" for c, v, _ in cases) + " END)" if cases else "NULL"
    source = "(CASE " + " ".join(f"WHEN {c} THEN {s}" for c, _, s in cases) + " END)" if cases else "NULL"
    empty = "(" + " AND ".join(empties) + ")" if empties else "true"
    return VillageSql(layer1, joins, value, source, empty)


def _dotted() -> str:
    return dotted_sql("village_code__d")
