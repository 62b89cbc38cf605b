"""The demo pipeline, through the same paths a user's files take."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute  # noqa: F401 - pa.compute

from lokus.demo import _messages  # noqa: F401 - registers the demo's messages
from lokus.demo._generate import DISTRICT, generate, with_field_errors
from lokus.engine import backend
from lokus.loci import DEFAULT_POLICY, load_policy, rank_policy, resolve_inputs
from lokus.reports import make_folder
from lokus.workspace import Workspace

REGISTRY_FILE = "p3ke_lampung_barat_2022.csv"
MEASUREMENTS_FILE = "eppgbm_lampung_barat_2022_08.csv"
MEASUREMENTS_SNAPSHOT = "eppgbm-2022-08"
LOCI_FILE = "lokus_stunting_lampung_barat_2022.csv"
RANKING_FILE = "lokus_prioritas_lampung_barat_2022.csv"
REGISTRY_SNAPSHOT = "p3ke-2022"
STUNTING_SNAPSHOT = "stunting-2022"


@dataclass
class DemoResult:
    workspace: Path
    out_dir: Path
    registry_file: Path
    loci_file: Path
    ranking_file: Path
    ranking: pa.Table
    ingest: Any  # lokus.registry.IngestSummary
    measurements: Any  # lokus.measurements.MeasurementSummary
    stunting: Any  # lokus.measurements.StuntingLociResult
    stunting_loci: int
    steps: list[str] = field(default_factory=list)
    convergence: Any = None  # lokus.demo._programs.ConvergenceDemo
    pack: Any = None  # lokus.pack.PackResult (when run with pack=True)


def write_ranking_csv(table: pa.Table, path: Path) -> None:
    """Write the ranking as CSV through :func:`lokus.reports.write_table` (formula-safe, codes as
    text), byte-identical for identical tables."""
    from lokus.reports import write_table

    write_table(table, path)


def _write_loci_csv(result: Any, path: Path) -> None:
    """The derived stunting loci as a list a person can read (and load again with
    ``lokus ingest stunting-loci``)."""
    table = result.table.filter(pa.compute.equal(result.table["is_locus"], True)).select(
        ["village_code", "measured", "stunted", "prevalence", "rank", "reason"]
    )
    write_ranking_csv(table.sort_by("village_code"), path)


def _demo_files() -> frozenset[str]:
    """The names of the files the demo writes and loads (its snapshots' ``source_file``)."""
    from lokus.demo._programs import PROGRAM_LISTS

    return frozenset({REGISTRY_FILE, MEASUREMENTS_FILE, LOCI_FILE, RANKING_FILE,
                      *(spec[0] for spec in PROGRAM_LISTS.values())})


def _refuse_foreign_data(workspace: str | os.PathLike[str] | None) -> None:
    """:class:`WorkspaceError` when ``workspace`` holds a snapshot the demo did not load: the demo replaces
    its snapshots (``p3ke-2022`` …, the names the README suggests for real files too) and becomes the latest
    registry, so running it there would replace or mix with the user's own data."""
    from lokus.errors import WorkspaceError
    from lokus.workspace import resolve_workspace_path

    path = resolve_workspace_path(workspace)
    if not path.is_file():
        return
    files = _demo_files()
    with Workspace(path, read_only=True) as ws:
        foreign = [s.name for s in ws.snapshots()
                   if not (s.source_file and (Path(s.source_file).name in files
                                              or s.source_file == f"measurements:{MEASUREMENTS_SNAPSHOT}"))]
    if foreign:
        shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
        raise WorkspaceError("error.demo.foreign_data", path=str(path), snapshots=shown)


def run_demo(
    workspace: str | os.PathLike[str] | None = None,
    *,
    out_dir: str | os.PathLike[str] = "demo-output",
    seed: int = 2022,
    lang: str = "id",
    step: Callable[[str], None] | None = None,
    pack: bool = False,
) -> DemoResult:
    """Generate the synthetic district, load it like a user's file, and apply the founding rule
    (the built-in policy ``lampung-barat-2022``)."""
    from lokus.demo._measurements import generate_measurements
    from lokus.measurements import derive_stunting_loci, ingest_measurements
    from lokus.registry import ingest_registry

    say = step or (lambda _msg: None)
    out = Path(out_dir)
    _refuse_foreign_data(workspace)
    make_folder(out)

    say("generate")
    district = generate(seed)
    registry_path = out / REGISTRY_FILE
    with_field_errors(district.people, seed).write_csv(registry_path)
    measurements_path = out / MEASUREMENTS_FILE
    generate_measurements(district.people, district.villages, seed).write_csv(measurements_path)
    loci_path = out / LOCI_FILE

    ws = Workspace(workspace)
    try:
        say("ingest")
        # The demo rebuilds its own snapshots: replacing them is its purpose.
        summary = ingest_registry(ws, registry_path, snapshot=REGISTRY_SNAPSHOT, fmt="p3ke", district=DISTRICT,
                                  replace=True)
        say("measurements")
        measured = ingest_measurements(ws, measurements_path, snapshot=MEASUREMENTS_SNAPSHOT, district=DISTRICT,
                                       registry_snapshot=REGISTRY_SNAPSHOT, replace=True)
        say("stunting")
        stunting = derive_stunting_loci(ws, measurements=MEASUREMENTS_SNAPSHOT, region=DISTRICT,
                                        snapshot=STUNTING_SNAPSHOT, top=20, lang=lang)
        _write_loci_csv(stunting, loci_path)
        n_loci = len(stunting.loci)
        say("rank")
        policy = load_policy(DEFAULT_POLICY)  # lampung-barat-2022: the founding rule
        inputs = resolve_inputs(
            ws, policy, registry=REGISTRY_SNAPSHOT, stunting_loci=STUNTING_SNAPSHOT, region=DISTRICT
        )
        ranking = rank_policy(backend(ws.con), policy, inputs, lang=lang)
        ranking_path = out / RANKING_FILE
        write_ranking_csv(ranking, ranking_path)
        say("programs")
        from lokus.demo._programs import run_convergence_demo

        convergence = run_convergence_demo(ws, out, seed, people=district.people)
    finally:
        ws.close()
    meeting_pack = None
    if pack:
        say("pack")
        from lokus.pack import build_pack

        meeting_pack = build_pack(ws.path, out_dir=out / "rakor", lang=lang)
    return DemoResult(
        workspace=ws.path.resolve(), out_dir=out.resolve(), registry_file=registry_path, loci_file=loci_path,
        ranking_file=ranking_path, ranking=ranking, ingest=summary, measurements=measured, stunting=stunting,
        stunting_loci=n_loci, convergence=convergence, pack=meeting_pack,
    )
