"""``lokus quarantine list|export``: the rows rejected at ingest, for every kind of snapshot.

Thin shell over :mod:`lokus.quarantine`: parse, call, render. The view and the export are audited
in the core (quarantined rows hold NIKs and names).
"""

from __future__ import annotations

import typer
from rich.console import Console

from lokus.cli._context import STATE
from lokus.cli._output import LIMIT_OPTION, Col, OutputFormat, render
from lokus.i18n import fmt_int, label, t, t_n
from lokus.workspace import Kind

quarantine_app = typer.Typer(
    help="Rows rejected at ingest.", no_args_is_help=True
)


SNAPSHOT_OPTION = typer.Option(
    None, "--snapshot", "-s",
    help="Snapshot of any kind (default: the latest of --kind, else the latest registry snapshot).",
)
KIND_OPTION = typer.Option(None, "--kind", "-k", help="Kind of snapshot: registry, measurements, programs, …")
SHOWN = ("source_line", "reasons", "reason_labels", "nik", "kk", "name", "household_id", "village_code", "decile")
# The table names each reason by its short label in the user's language (CSV and JSON keep the codes too).
IN_TABLE: list[Col] = [  # at 80 columns the reasons wrap before an identifying column is left out
    Col("source_line", priority=0), Col("reason_labels", wrap=True, priority=0), Col("nik", priority=1),
    Col("name", wrap=True, priority=2), Col("village_code", priority=3), Col("decile", priority=4),
]
# ``quarantine export --format table``: which snapshot and line, why, and who (every raw cell: CSV or JSON).
EXPORT_TABLE: list[Col | str] = [
    Col("snapshot", priority=0), Col("kind", enum="snapshot_kind", priority=3), Col("source_line", priority=0),
    Col("reason_labels", wrap=True, priority=0), Col("nik", priority=2), Col("name", wrap=True, priority=4),
    Col("village_code", priority=5),
]


@quarantine_app.command("list")
def quarantine_list(
    snapshot: str = SNAPSHOT_OPTION,
    kind: Kind = KIND_OPTION,
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
    limit: int = LIMIT_OPTION,
    out: str = typer.Option(None, "--out", help="Also write all rows (every raw cell) to this CSV, XLSX or JSON file."),
) -> None:
    """Show the rows rejected at ingest, with their reasons (any kind of snapshot)."""
    from lokus.quarantine import (
        export_quarantine,
        reason_label,
        reason_message,
        resolve_snapshot,
        view_quarantine,
        view_quarantine_page,
    )
    from lokus.workspace import Workspace

    kind_value = kind.value if kind else None
    with Workspace(STATE.workspace, create=False) as ws:
        name = resolve_snapshot(ws, snapshot, kind_value)
        if out:
            n = export_quarantine(ws, out, name, lang=STATE.lang)
            Console(highlight=False).print(t_n("quarantine.written", n, STATE.lang, rows=fmt_int(n, STATE.lang),
                                               path=out))
            return
        if fmt is not OutputFormat.table:  # CSV and JSON give every row
            rows = view_quarantine(ws, name, lang=STATE.lang)
        else:  # the table reads only the rows it shows (the count and the reasons in SQL)
            page = view_quarantine_page(ws, name, limit=limit, lang=STATE.lang)
            rows = page.rows
    if not rows:
        Console(highlight=False).print(t("quarantine.none", STATE.lang, snapshot=name))
        return
    if fmt is not OutputFormat.table:
        render([{k: r[k] for k in ("snapshot", "kind", *SHOWN, "messages")} for r in rows], fmt)
        return
    used = [c for c in IN_TABLE if c.name in ("source_line", "reason_labels") or c.name in page.filled]
    console = Console(highlight=False)
    # each reason by its short label, then each reason's whole sentence once
    title = t_n("quarantine.title", page.total, STATE.lang, snapshot=name,
                kind=label("snapshot_kind", page.kind, STATE.lang), total=fmt_int(page.total, STATE.lang))
    render(rows, fmt, console=console, columns=used, title=title)
    if page.total > len(rows):
        console.print(t_n("cli.table.more_rows", page.total - len(rows), STATE.lang))
    for code in page.reasons:  # the whole sentence where it says more than the label (what to do, examples)
        sentence = reason_message(code, page.kind, STATE.lang)
        if sentence.lower() != reason_label(code, page.kind, STATE.lang).lower():
            console.print(f"• {sentence[:1].upper()}{sentence[1:]}", markup=False)


@quarantine_app.command("export")
def quarantine_export(
    snapshot: str = typer.Option(
        None, "--snapshot", "-s", help="Only this snapshot (default: every snapshot, of --kind if given)."
    ),
    kind: Kind = KIND_OPTION,
    fmt: OutputFormat = typer.Option(OutputFormat.csv, "--format", "-f", help="csv (default), json or table."),
    out: str = typer.Option(None, "--out", help="Write to this file (.csv, .xlsx, .json) instead of standard output."),
) -> None:
    """Export every quarantined row with all its raw cells (CSV: one raw:<header> column each)."""
    from lokus.quarantine import export_quarantine, quarantine_table, view_quarantine
    from lokus.workspace import Workspace

    kind_value = kind.value if kind else None
    every = snapshot is None
    with Workspace(STATE.workspace, create=False) as ws:
        if snapshot is not None:
            ws.snapshot(snapshot, kind_value)  # WorkspaceError naming the snapshots there are
        if out:
            fmt_out = None if fmt is OutputFormat.table else fmt.value
            if fmt is OutputFormat.csv and not out.lower().endswith(".csv"):
                fmt_out = None  # the extension decides (.xlsx, .json)
            n = export_quarantine(ws, out, snapshot, kind=kind_value, every=every, fmt=fmt_out, lang=STATE.lang)
            Console(highlight=False).print(t_n("quarantine.written", n, STATE.lang, rows=fmt_int(n, STATE.lang),
                                               path=out))
            return
        rows = view_quarantine(ws, snapshot, kind=kind_value, every=every, lang=STATE.lang,
                               flatten_raw=fmt is not OutputFormat.json)
    if fmt is OutputFormat.table:  # for people: labels, not codes; every raw cell is in CSV or JSON
        render(rows, fmt, columns=EXPORT_TABLE)
        return
    render(quarantine_table(rows) if fmt is not OutputFormat.json else rows, fmt)


def register(app: typer.Typer) -> None:
    app.add_typer(quarantine_app, name="quarantine")
