"""Registry commands: ``lokus ingest registry``, ``lokus snapshots diff``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from lokus.cli._apps import ingest_app
from lokus.cli._context import STATE
from lokus.cli._output import REPLACE_OPTION, OutputFormat, print_snapshot_change, render
from lokus.cli.commands_core import snapshots_app
from lokus.i18n import t

if TYPE_CHECKING:
    from lokus.registry import IngestSummary, Progress

class RegistryFormat(StrEnum):
    auto = "auto"
    p3ke = "p3ke"
    dtks = "dtks"
    dtsen = "dtsen"
    canonical = "canonical"


@contextmanager
def _progress_bar() -> Iterator[Progress | None]:
    """A Rich progress callback on stderr when it is a terminal; otherwise a no-op."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(t("ingest.progress.read", STATE.lang), total=None)

        def update(stage: str, fraction: float | None) -> None:
            bar.update(
                task,
                description=t(f"ingest.progress.{stage}", STATE.lang),
                total=None if fraction is None else 1.0,
                completed=0 if fraction is None else fraction,
            )

        yield update


MAX_VILLAGE_ROWS = 40


def _print_summary(s: IngestSummary, console: Console) -> None:
    from lokus.regions import load_regions

    lang = STATE.lang
    print_snapshot_change(console, s.snapshot, s.previous, unchanged=s.unchanged)
    console.print(
        t(
            "ingest.summary.loaded",
            lang,
            snapshot=s.snapshot,
            format=s.format,
            rows_read=s.rows_read,
            accepted=s.accepted,
            quarantined=s.quarantined,
        )
    )
    if s.reasons or s.warnings:
        table = Table(header_style="bold")
        for col in ("reason", "rows", "kind", "message"):
            table.add_column(col, justify="right" if col == "rows" else "left")
        for code, n in s.reasons.items():
            table.add_row(code, str(n), "quarantine", t(f"reason.{code}", lang))
        for code, n in s.warnings.items():
            table.add_row(code, str(n), "warning", t(f"reason.{code}", lang))
        console.print(table)
    if s.by_village:
        regions = load_regions()
        table = Table(header_style="bold")
        table.add_column("village_code")
        table.add_column("village")
        table.add_column("accepted", justify="right")
        ranked = sorted(s.by_village.items(), key=lambda kv: (-kv[1], kv[0]))
        for code, n in sorted(ranked[:MAX_VILLAGE_ROWS]):
            name = regions.get(code).name if code in regions else ""
            table.add_row(code, name, str(n))
        if len(ranked) > MAX_VILLAGE_ROWS:
            rest = ranked[MAX_VILLAGE_ROWS:]
            table.add_row("…", f"+{len(rest)}", str(sum(n for _, n in rest)))
        console.print(table)
    if s.own_household:
        console.print(t("ingest.own_household", lang, n=s.own_household))
    if s.quarantined:
        console.print(t("ingest.summary.quarantine_hint", lang, snapshot=s.snapshot))


@ingest_app.command("registry")
def ingest_registry_cmd(
    file: str = typer.Argument(..., help="CSV/TSV, XLSX/XLS, HTML-as-XLS or Parquet file."),
    snapshot: str = typer.Option(
        None, "--snapshot", "-s", help="Snapshot name (default <format>-<year or date>)."
    ),
    fmt: RegistryFormat = typer.Option(RegistryFormat.auto, "--format", help="Source layout."),
    sheet: str = typer.Option(None, "--sheet", help="Workbook sheet (default: the best-matching one)."),
    district: str = typer.Option(None, "--district", help="Quarantine villages outside this region code."),
    summary_json: str = typer.Option(None, "--summary-json", help="Also write the summary as JSON here."),
    replace: bool = REPLACE_OPTION,
) -> None:
    """Load a DTKS, P3KE or DTSEN export: validate, quarantine bad rows, store a snapshot."""
    from lokus.registry import ingest_registry
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace) as ws, _progress_bar() as progress:
        summary = ingest_registry(
            ws, file, snapshot=snapshot, fmt=fmt.value, sheet=sheet, district=district, progress=progress,
            replace=replace,
        )
    if summary_json:
        with open(summary_json, "w", encoding="utf-8") as fh:
            json.dump(summary.summary_json(), fh, ensure_ascii=False, indent=2)
    _print_summary(summary, Console(highlight=False))


FORMAT_OPTION = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json.")


@snapshots_app.command("diff")
def snapshots_diff(
    a: str = typer.Argument(..., help="Older registry snapshot."),
    b: str = typer.Argument(..., help="Newer registry snapshot."),
    fmt: OutputFormat = FORMAT_OPTION,
    people: bool = typer.Option(False, "--people", help="List each person added, removed or moved."),
) -> None:
    """Who was added, removed or moved decile/village between two registry snapshots, by village."""
    from lokus.privacy import audit
    from lokus.registry import diff_snapshots
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace) as ws:
        diff = diff_snapshots(ws, a, b, people=people)
        if people:
            audit(ws, "snapshots.diff", target=f"{a}..{b}", rows=len(diff.people))
    if fmt is OutputFormat.table:
        Console(highlight=False).print(
            t(
                "diff.summary",
                STATE.lang,
                a=a,
                b=b,
                added=diff.added,
                removed=diff.removed,
                moved_decile=diff.moved_decile,
                moved_village=diff.moved_village,
            )
        )
    rows = diff.people if people else diff.by_village
    if fmt is OutputFormat.table and not people:
        keep = (
            "village_code",
            "people_a",
            "people_b",
            "decile1_a",
            "decile1_b",
            "added",
            "removed",
            "moved_decile",
            "moved_in",
            "moved_out",
        )
        changed = ("added", "removed", "moved_decile", "moved_in", "moved_out")
        rows = [{k: r[k] for k in keep} for r in rows if any(r[k] for k in changed)]
    render(rows, fmt)


def register(app: typer.Typer) -> None:
    """Commands register on the shared ``ingest`` and ``snapshots`` apps when imported."""
