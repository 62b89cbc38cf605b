"""The demo pipeline, through the same paths a user's files take."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from lokus.demo._generate import DISTRICT, generate, with_field_errors
from lokus.engine import backend
from lokus.loci import founding_rule, ingest_stunting_loci
from lokus.workspace import Workspace

REGISTRY_FILE = "p3ke_lampung_barat_2022.csv"
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
    stunting_loci: int
    steps: list[str] = field(default_factory=list)
    convergence: Any = None  # lokus.demo._programs.ConvergenceDemo


def write_ranking_csv(table: pa.Table, path: Path) -> None:
    """Write the ranking as CSV, byte-identical for identical tables."""
    opts = pacsv.WriteOptions(include_header=True, quoting_style="needed")
    pacsv.write_csv(table, str(path), write_options=opts)


def run_demo(
    workspace: str | os.PathLike[str] | None = None,
    *,
    out_dir: str | os.PathLike[str] = "demo-output",
    seed: int = 2022,
    lang: str = "id",
    step: Callable[[str], None] | None = None,
) -> DemoResult:
    """Generate the synthetic district, load it like a user's file, and run the founding rule."""
    from lokus.registry import ingest_registry

    say = step or (lambda _msg: None)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    say("generate")
    district = generate(seed)
    registry_path = out / REGISTRY_FILE
    with_field_errors(district.people, seed).write_csv(registry_path)
    loci_path = out / LOCI_FILE
    district.stunting_loci.write_csv(loci_path)

    ws = Workspace(workspace)
    try:
        say("ingest")
        summary = ingest_registry(ws, registry_path, snapshot=REGISTRY_SNAPSHOT, fmt="p3ke", district=DISTRICT)
        say("stunting")
        n_loci = ingest_stunting_loci(ws, loci_path, snapshot=STUNTING_SNAPSHOT, district=DISTRICT)
        say("rank")
        ranking = founding_rule(
            backend(ws.con), registry_snapshot=REGISTRY_SNAPSHOT, region=DISTRICT,
            stunting_snapshot=STUNTING_SNAPSHOT, lang=lang,
        )
        ranking_path = out / RANKING_FILE
        write_ranking_csv(ranking, ranking_path)
        say("programs")
        from lokus.demo._programs import run_convergence_demo

        convergence = run_convergence_demo(ws, out, seed, people=district.people)
    finally:
        ws.close()
    return DemoResult(
        workspace=ws.path.resolve(), out_dir=out.resolve(), registry_file=registry_path, loci_file=loci_path,
        ranking_file=ranking_path, ranking=ranking, ingest=summary, stunting_loci=n_loci, convergence=convergence,
    )
