"""Registry commands: ``lokus ingest registry``, ``lokus snapshots diff``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from lokus.cli._apps import ingest_app
from lokus.cli._columns import COLUMN_OPTION, COLUMNS_OPTION, mapping
from lokus.cli._context import STATE
from lokus.cli._engine import check_memory_limit
from lokus.cli._output import (
    LIMIT_OPTION,
    REPLACE_OPTION,
    Col,
    OutputFormat,
    print_snapshot_change,
    print_table,
    render,
)
from lokus.cli._progress import stages
from lokus.cli.commands_core import snapshots_app
from lokus.i18n import fmt_int, t

if TYPE_CHECKING:
    from lokus.registry import IngestSummary

class RegistryFormat(StrEnum):
    auto = "auto"
    p3ke = "p3ke"
    dtks = "dtks"
    dtsen = "dtsen"
    canonical = "canonical"


MAX_VILLAGE_ROWS = 40


def _village_rows(by_village: dict[str, int], regions: Any, lang: str) -> tuple[list[dict[str, Any]], list[Col]]:
    """Accepted rows per village when they lie in one district (the 40 largest, the rest summed);
    across districts, per district, or per province when even districts are more than 40 (a
    national registry: 38 provinces instead of 40 of 83,762 villages)."""
    districts = {code.rsplit(".", 2)[0] for code in by_village}
    if len(districts) > 1:
        parts = 2 if len(districts) <= MAX_VILLAGE_ROWS else 1
        rolled: dict[str, list[int]] = {}
        for code, n in by_village.items():
            key = ".".join(code.split(".")[:parts])
            count, accepted = rolled.get(key, [0, 0])
            rolled[key] = [count + 1, accepted + n]
        rows_ = [{"region_code": key, "region_name": regions.get(key).name if key in regions else "",
                  "villages": v, "accepted": n} for key, (v, n) in sorted(rolled.items())]
        return rows_, [Col("region_code", priority=0), Col("region_name", wrap=True, priority=0),
                       Col("villages", kind="int", priority=1), Col("accepted", kind="int", priority=0)]
    ranked = sorted(by_village.items(), key=lambda kv: (-kv[1], kv[0]))
    listed: list[dict[str, Any]] = [
        {"village_code": code, "village": regions.get(code).name if code in regions else "", "accepted": n}
        for code, n in sorted(ranked[:MAX_VILLAGE_ROWS])
    ]
    if len(ranked) > MAX_VILLAGE_ROWS:
        rest = ranked[MAX_VILLAGE_ROWS:]
        listed.append({"village_code": "…", "village": f"+{fmt_int(len(rest), lang)}",
                       "accepted": sum(n for _, n in rest)})
    return listed, [Col("village_code", priority=0), Col("village", wrap=True, priority=0),
                      Col("accepted", kind="int", priority=0)]


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
            rows_read=fmt_int(s.rows_read, lang),
            accepted=fmt_int(s.accepted, lang),
            quarantined=fmt_int(s.quarantined, lang),
        )
    )
    if s.reasons or s.warnings:
        from lokus.quarantine import reason_message

        found = [{"reason": code, "rows": n, "kind": "quarantine", "message": reason_message(code, "registry", lang)}
                 for code, n in s.reasons.items()]
        found += [{"reason": code, "rows": n, "kind": "warning", "message": reason_message(code, "registry", lang)}
                  for code, n in s.warnings.items()]
        print_table(found, [Col("reason", priority=2), Col("rows", kind="int", priority=0),
                            Col("kind", enum="row_kind", priority=1), Col("message", wrap=True, priority=0)],
                    console=console)
    if s.by_village:
        regions = load_regions()
        print_table(*_village_rows(s.by_village, regions, lang), console=console)
    if s.own_household:
        console.print(t("ingest.own_household", lang, n=fmt_int(s.own_household, lang)))
    if s.heads_only:
        console.print(t("ingest.heads_only", lang), soft_wrap=True)
    if s.lists_matched_again:
        console.print(t("ingest.lists_matched_again", lang, n=fmt_int(s.lists_matched_again, lang),
                        snapshot=s.snapshot), soft_wrap=True)
    if s.measurements_linked_again:
        console.print(t("ingest.measurements_linked_again", lang, n=fmt_int(s.measurements_linked_again, lang),
                        snapshot=s.snapshot), soft_wrap=True)
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
    column: list[str] = COLUMN_OPTION,
    columns: Path = COLUMNS_OPTION,
    replace: bool = REPLACE_OPTION,
    memory_limit: str = typer.Option(
        "1GB", "--memory-limit", callback=check_memory_limit,
        help="DuckDB memory limit for the load, e.g. 1GB (spills to disk beyond).",
    ),
) -> None:
    """Load a DTKS, P3KE or DTSEN export: validate, quarantine bad rows, store a snapshot."""
    from lokus.registry import ingest_registry
    from lokus.reports import check_output, write_json
    from lokus.workspace import Workspace

    if summary_json:
        check_output(summary_json, allowed=("json",))
    with Workspace(STATE.workspace) as ws, stages("ingest.progress", "read") as progress:
        summary = ingest_registry(
            ws, file, snapshot=snapshot, fmt=fmt.value, sheet=sheet, district=district, progress=progress,
            columns=mapping(column, columns),
            replace=replace, memory_limit=memory_limit,
        )
    if summary_json:
        write_json(summary.summary_json(), summary_json)
    _print_summary(summary, Console(highlight=False))


FORMAT_OPTION = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json.")


@snapshots_app.command("diff")
def snapshots_diff(
    a: str = typer.Argument(..., help="Older registry snapshot."),
    b: str = typer.Argument(..., help="Newer registry snapshot."),
    fmt: OutputFormat = FORMAT_OPTION,
    people: bool = typer.Option(False, "--people", help="List each person added, removed or moved."),
    limit: int = LIMIT_OPTION,
) -> None:
    """Who was added, removed or moved decile/village between two registry snapshots, by village."""
    from lokus.registry import diff_snapshots
    from lokus.workspace import Workspace

    # --people lists NIKs and names: the core audits it, so only then is the workspace writable.
    with Workspace(STATE.workspace, read_only=not people) as ws:
        diff = diff_snapshots(ws, a, b, people=people)
    if fmt is OutputFormat.table:
        Console(highlight=False).print(
            t(
                "diff.summary",
                STATE.lang,
                a=a,
                b=b,
                added=fmt_int(diff.added, STATE.lang),
                removed=fmt_int(diff.removed, STATE.lang),
                moved_decile=fmt_int(diff.moved_decile, STATE.lang),
                moved_village=fmt_int(diff.moved_village, STATE.lang),
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
        render(rows, fmt, limit=limit, columns=[Col(k, priority=0 if i < 1 else i) for i, k in enumerate(keep)])
        return
    render(rows, fmt, limit=limit)


def register(app: typer.Typer) -> None:
    """Commands register on the shared ``ingest`` and ``snapshots`` apps when imported."""
