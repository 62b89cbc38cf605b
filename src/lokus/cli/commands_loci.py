"""`lokus loci` (priority villages) and `lokus ingest stunting-loci`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from lokus.cli._apps import ingest_app
from lokus.cli._context import STATE
from lokus.cli._output import OutputFormat, ranking_table, render

loci_app = typer.Typer(
    help="Lokus prioritas: peringkat desa / priority villages, ranked and explained.",
    invoke_without_command=True,
)


def _default_snapshot(ws, kind: str) -> str | None:  # type: ignore[no-untyped-def]
    snaps = ws.snapshots(kind)
    return snaps[-1].name if snaps else None


@loci_app.callback()
def loci(
    ctx: typer.Context,
    registry: str = typer.Option(None, "--registry", "-r", help="Registry snapshot (default: the latest)."),
    stunting_loci: str = typer.Option(
        None, "--stunting-loci", "-s", help="Stunting-loci snapshot (default: the latest, if any)."
    ),
    district: str = typer.Option("18.04", "--district", "-d", help="Region whose villages are ranked."),
    top: int = typer.Option(None, "--top", "-n", min=1, help="Show only the first N villages."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
    out: Path = typer.Option(None, "--out", "-o", help="Also write the full ranking to this CSV/JSON file."),
) -> None:
    """Rank villages by decile-1 residents, stunting loci first (the Lampung Barat 2022 rule)."""
    if ctx.invoked_subcommand is not None:
        return
    from lokus.engine import backend
    from lokus.loci import founding_rule
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace, read_only=True) as ws:
        reg = registry or _default_snapshot(ws, "registry")
        if reg is None:
            ws.snapshot("<registry>", "registry")  # raises a clear error listing what exists
        ws.snapshot(reg, "registry")
        loci_snap = stunting_loci or _default_snapshot(ws, "stunting_loci")
        if loci_snap:
            ws.snapshot(loci_snap, "stunting_loci")
        table = founding_rule(
            backend(ws.con), registry_snapshot=reg, region=district, stunting_snapshot=loci_snap,
            lang=STATE.lang,
        )
    if out:
        from lokus.demo._run import write_ranking_csv

        if str(out).endswith(".json"):
            render(table, OutputFormat.json, out=str(out))
        else:
            write_ranking_csv(table, out)
    shown = table.slice(0, top) if top else table
    if fmt is OutputFormat.table:
        Console().print(ranking_table(shown, en=STATE.lang == "en"))
    else:
        render(shown, fmt)


@ingest_app.command("stunting-loci")
def ingest_loci(
    file: Path = typer.Argument(..., help="CSV with a village-code column (kode_wilayah / village_code)."),
    snapshot: str = typer.Option(..., "--snapshot", help="Snapshot name, e.g. stunting-2022."),
    district: str = typer.Option(None, "--district", "-d", help="Reject villages outside this region."),
) -> None:
    """Load a list of stunting-locus villages."""
    from lokus.loci import ingest_stunting_loci
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace) as ws:
        n = ingest_stunting_loci(ws, file, snapshot=snapshot, district=district)
    Console().print(f"{snapshot}: {n} desa lokus stunting" if STATE.lang == "id" else f"{snapshot}: {n} stunting-locus villages")


def register(app: typer.Typer) -> None:
    app.add_typer(loci_app, name="loci")
