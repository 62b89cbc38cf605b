"""The demo at province and national scale: ``lokus demo --scale province|national``.

The same steps as the district demo, on a synthetic registry written by :func:`lokus.synth.synthesize`
over the real villages of Lampung (province 18) or of all Indonesia (83,762 villages):
synth → ``ingest_registry`` (the people Parquet, unchanged) → ``ingest_measurements`` → stunting loci →
the founding rule for every village of the region → recipient lists per program → coverage gaps.
DuckDB works under ``memory_limit`` (spilling to disk beyond it) so the run stays out of core.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from lokus.reports import make_folder
from lokus.synth import SynthSummary, synthesize

__all__ = ["SCALES", "ScaleResult", "run_scale_demo"]

# scale -> (region for the generator, default people, loci region (None = the whole country))
SCALES: dict[str, tuple[str, int, str | None]] = {
    "province": ("18", 940_000, "18"),  # Lampung at 10% of its 9.4M people
    "national": ("national", 2_700_000, None),  # Indonesia at 1% of 270M
}
REGISTRY_SNAPSHOT = "synth-p3ke"
MEASUREMENTS_SNAPSHOT = "synth-eppgbm"
STUNTING_SNAPSHOT = "synth-stunting"
PERIOD = "2022-08"


@dataclass
class ScaleResult:
    scale: str
    workspace: Path
    out_dir: Path
    synth: SynthSummary
    ingest: Any  # lokus.registry.IngestSummary
    measurements: Any  # lokus.measurements.MeasurementSummary
    stunting: list[Any]  # lokus.measurements.StuntingLociResult, one per region ranked (province: one)
    ranking: pa.Table
    ranking_file: Path
    coverage: pa.Table | None = None
    seconds: dict[str, float] = field(default_factory=dict)


def run_scale_demo(
    scale: str,
    workspace: str | os.PathLike[str] | None = None,
    *,
    out_dir: str | os.PathLike[str] = "demo-output",
    people: int | None = None,
    seed: int = 2022,
    memory_limit: str = "3GB",
    lang: str = "id",
    step: Callable[[str], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ScaleResult:
    """Run the demo at ``scale`` (``province`` or ``national``) with ``people`` synthetic people
    (default: 10% of Lampung, 1% of Indonesia). Files go under ``out_dir/<scale>/``; the workspace
    is ``workspace`` (default: ``out_dir/<scale>/lokus.duckdb``). Snapshots of an earlier run in the
    same workspace are replaced (rebuilding them is the demo's purpose)."""
    import time

    import duckdb

    from lokus.convergence import compute_coverage, ingest_programs
    from lokus.demo._run import write_ranking_csv
    from lokus.engine import backend
    from lokus.loci import DEFAULT_POLICY, PolicyInputs, load_policy, rank_policy, resolve_inputs
    from lokus.measurements import derive_stunting_loci, ingest_measurements
    from lokus.registry import ingest_registry
    from lokus.synth._generate import PROGRAMS
    from lokus.workspace import Workspace

    region, default_people, loci_region = SCALES[scale]
    say = step or (lambda _msg: None)
    out = Path(out_dir) / scale
    make_folder(out)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = now - clock
        clock = now

    say("synth")
    synth_dir = out / "synth"
    summary = synthesize(region, people or default_people, synth_dir, seed=seed, progress=progress)
    lap("synth")
    ws = Workspace(workspace if workspace is not None else out / "lokus.duckdb")
    try:
        ws.con.execute("SET memory_limit = ?", [memory_limit])
        say("ingest")
        ingest = ingest_registry(ws, synth_dir / "people.parquet", snapshot=REGISTRY_SNAPSHOT, fmt="p3ke",
                                 memory_limit=memory_limit, replace=True)
        lap("ingest")
        say("measurements")
        measured = ingest_measurements(ws, synth_dir / "measurements.parquet", snapshot=MEASUREMENTS_SNAPSHOT,
                                       registry_snapshot=REGISTRY_SNAPSHOT, replace=True)
        lap("measurements")
        say("stunting")
        policy = load_policy(DEFAULT_POLICY)
        if loci_region is not None:
            stunting = [derive_stunting_loci(ws, measurements=MEASUREMENTS_SNAPSHOT, region=loci_region,
                                             snapshot=STUNTING_SNAPSHOT, lang=lang)]
            inputs = resolve_inputs(ws, policy, registry=REGISTRY_SNAPSHOT, stunting_loci=STUNTING_SNAPSHOT,
                                    region=loci_region)
        else:  # the country: the stunting loci of every province, ranked within their province
            from lokus.regions import load_regions

            stunting = [derive_stunting_loci(ws, measurements=MEASUREMENTS_SNAPSHOT, region=p.code, lang=lang)
                        for p in sorted(load_regions().all("province"), key=lambda r: r.code)]
            codes = tuple(sorted(c for r in stunting for c in r.loci))
            inputs = PolicyInputs(REGISTRY_SNAPSHOT, stunting_source="derived", stunting_codes=codes, region=None)
        lap("stunting")
        say("rank")
        ranking = rank_policy(backend(ws.con, memory_limit), policy, inputs, lang=lang)
        ranking_file = out / f"lokus_prioritas_{scale}.csv"
        write_ranking_csv(ranking, ranking_file)
        lap("rank")
        say("programs")
        lists = out / "programs"
        make_folder(lists)
        con = duckdb.connect()
        try:
            for code, *_ in PROGRAMS:
                path = lists / f"{code.lower()}.parquet"
                con.execute(
                    f"COPY (SELECT nik, no_kk, nama, kode_wilayah FROM read_parquet(?) WHERE program = '{code}') "
                    f"TO '{path}' (FORMAT parquet)", [str(synth_dir / "recipients.parquet")])
                ingest_programs(ws, path, program=code, period=PERIOD, registry_snapshot=REGISTRY_SNAPSHOT,
                                replace=True)
        finally:
            con.close()
        cov = compute_coverage(ws, region=loci_region, registry_snapshot=REGISTRY_SNAPSHOT)
        coverage = cov.by_program()
        lap("programs")
    finally:
        ws.close()
    return ScaleResult(scale=scale, workspace=ws.path.resolve(), out_dir=out.resolve(), synth=summary,
                       ingest=ingest, measurements=measured, stunting=stunting, ranking=ranking,
                       ranking_file=ranking_file.resolve(), coverage=coverage, seconds=seconds)

