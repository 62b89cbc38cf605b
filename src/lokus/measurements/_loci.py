"""Stunting loci derived from a measurement snapshot and stored for the locus policies."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyarrow as pa

from lokus.loci import STUNTING_LOCI_TABLE
from lokus.measurements._ingest import MEASUREMENTS_TABLE
from lokus.regions import load_regions
from lokus.workspace import Workspace

__all__ = ["StuntingLociResult", "derive_stunting_loci", "zscore_disagreements", "DETAIL_TABLE"]

DETAIL_TABLE = "stunting_loci_detail"


@dataclass
class StuntingLociResult:
    snapshot: str | None  # the stunting-loci snapshot written, or None for a view
    measurements: str
    table: pa.Table  # one row per village of the region: measured, stunted, prevalence, CI, is_locus, reason
    loci: list[str]
    children: int
    stunted: int

    @property
    def prevalence(self) -> float:
        return 100.0 * self.stunted / self.children if self.children else float("nan")


def derive_stunting_loci(
    ws: Workspace,
    *,
    measurements: str | None = None,
    region: str | None = None,
    snapshot: str | None = None,
    min_measured: int = 10,
    min_prevalence: float | None = 20.0,
    top: int | None = None,
    lang: str = "id",
) -> StuntingLociResult:
    """Rank the villages of ``region`` (default: :func:`lokus.loci.default_region`; ``national`` for
    every village of the country) from snapshot ``measurements`` (default: the latest), through
    :func:`lokus.engine.rank_stunting` (each child's latest measurement, counted per village on the engine).

    With ``snapshot``, also store the loci as stunting-loci snapshot ``snapshot`` (replacing it
    atomically); without it nothing in the workspace changes (a view: the workspace may be open
    read-only)."""
    from lokus.engine import backend, rank_stunting
    from lokus.loci import default_region
    from lokus.regions import is_national

    name = measurements or ws.latest_snapshot("measurements").name
    ws.snapshot(name, "measurements")
    # The one computation of stunting loci (the same Ibis expressions on Spark), on the workspace's DuckDB:
    # out of core under the connection's memory limit.
    table, loci, children, stunted = rank_stunting(
        backend(ws.con).table(MEASUREMENTS_TABLE), name, region, min_measured=min_measured,
        min_prevalence=min_prevalence, top=top, lang=lang)
    code = "national" if region is not None and is_national(region) else \
        load_regions().get(default_region(region)).code
    if snapshot is None:
        return StuntingLociResult(None, name, table, loci, children, stunted)
    con = ws.con
    with ws.transaction():
        con.execute(f"CREATE TABLE IF NOT EXISTS {STUNTING_LOCI_TABLE} (snapshot VARCHAR, village_code VARCHAR)")
        con.execute(f"DELETE FROM {STUNTING_LOCI_TABLE} WHERE snapshot = ?", [snapshot])
        if loci:
            con.executemany(f"INSERT INTO {STUNTING_LOCI_TABLE} VALUES (?, ?)", [(snapshot, c) for c in loci])
        detail = table.select(["village_code", "measured", "stunted", "prevalence", "ci_low", "ci_high", "rank",
                               "is_locus", "reason"])
        con.register("__lokus_loci_detail", detail)
        con.execute(f"CREATE TABLE IF NOT EXISTS {DETAIL_TABLE} AS SELECT ''::VARCHAR AS snapshot, * "
                    "FROM __lokus_loci_detail LIMIT 0")
        con.execute(f"DELETE FROM {DETAIL_TABLE} WHERE snapshot = ?", [snapshot])
        con.execute(f"INSERT INTO {DETAIL_TABLE} SELECT ?, * FROM __lokus_loci_detail", [snapshot])
        con.unregister("__lokus_loci_detail")
        details = {"measurements": name, "region": code, "min_measured": min_measured,
                   "min_prevalence": min_prevalence, "top": top, "children": children, "stunted": stunted}
        ws.record_snapshot(snapshot, "stunting_loci", source_file=f"measurements:{name}", sha256=None,
                           rows_read=len(loci), rows=len(loci), quarantined=0, details=json.dumps(details))
    return StuntingLociResult(snapshot, name, table, loci, children, stunted)


def zscore_disagreements(ws: Workspace, snapshot: str | None = None, *, limit: int = 50) -> tuple[str, pa.Table]:
    """(snapshot, rows) where the file's own z-scores differ from lokus's WHO computation (> 0.1).

    ``snapshot`` defaults to the latest measurement snapshot; at most ``limit`` rows, by source line.
    No NIK or name is returned. Read-only."""
    name = snapshot or ws.latest_snapshot("measurements").name
    ws.snapshot(name, "measurements")
    table = ws.con.sql(
        "SELECT source_line, village_code, sex, age_days, weight_kg, lenhei_cm, measure, "
        f"file_zlen, zlen, file_zwei, zwei, file_zwfl, zwfl FROM {MEASUREMENTS_TABLE} "
        "WHERE snapshot = ? AND zs_disagree ORDER BY source_line LIMIT ?", params=[name, limit],
    ).to_arrow_table()
    return name, table
