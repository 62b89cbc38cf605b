"""Registry commands: ``lokus ingest registry``, ``lokus quarantine list|export``,
``lokus snapshots diff``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum

import typer
from rich.console import Console
from rich.table import Table

from lokus.cli._apps import ingest_app
from lokus.cli._context import STATE
from lokus.i18n import t

quarantine_app = typer.Typer(
    help="Baris yang ditolak saat ingest / rows rejected at ingest.", no_args_is_help=True
)


class RegistryFormat(StrEnum):
    auto = "auto"
    p3ke = "p3ke"
    dtks = "dtks"
    dtsen = "dtsen"
    canonical = "canonical"


@contextmanager
def _progress_bar() -> Iterator[object]:
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


def _print_summary(summary: object, console: Console) -> None:
    from lokus.regions import load_regions

    s = summary  # IngestSummary
    lang = STATE.lang
    if s.unchanged:  # type: ignore[attr-defined]
        console.print(t("ingest.summary.unchanged", lang, sha=s.sha256[:12], snapshot=s.snapshot))  # type: ignore[attr-defined]
    elif s.replaced:  # type: ignore[attr-defined]
        console.print(t("ingest.summary.replaced", lang, snapshot=s.snapshot))  # type: ignore[attr-defined]
    console.print(
        t(
            "ingest.summary.loaded",
            lang,
            **{k: getattr(s, k) for k in ("snapshot", "format", "rows_read", "accepted", "quarantined")},
        )
    )
    if s.reasons or s.warnings:  # type: ignore[attr-defined]
        table = Table(title=None, header_style="bold")
        for col in ("reason", "rows", "kind", "message"):
            table.add_column(col)
        for code, n in s.reasons.items():  # type: ignore[attr-defined]
            table.add_row(code, str(n), "quarantine", t(f"reason.{code}", lang))
        for code, n in s.warnings.items():  # type: ignore[attr-defined]
            table.add_row(code, str(n), "warning", t(f"reason.{code}", lang))
        console.print(table)
    if s.by_village:  # type: ignore[attr-defined]
        regions = load_regions()
        table = Table(header_style="bold")
        table.add_column("village_code")
        table.add_column("village")
        table.add_column("accepted", justify="right")
        for code, n in s.by_village.items():  # type: ignore[attr-defined]
            name = regions.get(code).name if code in regions else ""
            table.add_row(code, name, str(n))
        console.print(table)
    if s.quarantined:  # type: ignore[attr-defined]
        console.print(t("ingest.summary.quarantine_hint", lang, snapshot=s.snapshot))  # type: ignore[attr-defined]


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
) -> None:
    """Load a DTKS, P3KE or DTSEN export: validate, quarantine bad rows, store a snapshot."""
    from lokus.registry import ingest_registry
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace) as ws, _progress_bar() as progress:
        summary = ingest_registry(
            ws, file, snapshot=snapshot, fmt=fmt.value, sheet=sheet, district=district, progress=progress
        )  # type: ignore[arg-type]
    if summary_json:
        with open(summary_json, "w", encoding="utf-8") as fh:
            json.dump(summary.summary_json(), fh, ensure_ascii=False, indent=2)
    _print_summary(summary, Console(highlight=False))


def register(app: typer.Typer) -> None:
    app.add_typer(quarantine_app, name="quarantine")
