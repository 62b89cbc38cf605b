"""`lokus ingest measurements`, `lokus stunting loci`, `lokus measurements disagreements`."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from lokus.cli._apps import ingest_app
from lokus.cli._context import STATE
from lokus.cli._output import REPLACE_OPTION, OutputFormat, print_snapshot_change, render

stunting_app = typer.Typer(help="Lokus stunting dari data balita / stunting loci from child data.",
                           no_args_is_help=True)
measurements_app = typer.Typer(help="Data pengukuran balita / child measurements.", no_args_is_help=True)
FORMAT_OPTION = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json.")


@ingest_app.command("measurements")
def ingest_measurements_cmd(
    file: Path = typer.Argument(..., help="e-PPGBM export (CSV, XLSX, XLS/HTML) or a canonical table."),
    snapshot: str = typer.Option(None, "--snapshot", help="Snapshot name (default: eppgbm-<file name>)."),
    district: str = typer.Option(None, "--district", "-d", help="Quarantine children outside this region."),
    sheet: str = typer.Option(None, "--sheet", help="Workbook sheet."),
    registry: str = typer.Option(None, "--registry", help="Registry snapshot to link NIKs (default: latest)."),
    summary_json: Path = typer.Option(None, "--summary-json", help="Write the summary as JSON here."),
    replace: bool = REPLACE_OPTION,
) -> None:
    """Load child measurements, compute WHO z-scores, link children to the registry."""
    from lokus.measurements import ingest_measurements
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace) as ws:
        s = ingest_measurements(ws, file, snapshot=snapshot, district=district, sheet=sheet,
                                registry_snapshot=registry, replace=replace)
    if summary_json:
        summary_json.write_text(json.dumps(s.summary_json(), indent=2, ensure_ascii=False), encoding="utf-8")
    en = STATE.lang == "en"
    c = Console()
    print_snapshot_change(c, s.snapshot, s.previous, unchanged=s.unchanged)
    reasons = ", ".join(f"{k} {v}" for k, v in s.reasons.items()) or "-"
    if en:
        c.print(f"{s.snapshot}: {s.rows_read:,} rows read = {s.accepted:,} accepted + {s.quarantined:,} quarantined "
                f"({reasons}); {s.linked_to_registry:,} linked to the registry; {s.zs_disagreements:,} z-score "
                "disagreements with the file (see `lokus measurements disagreements`).")
    else:
        c.print(f"{s.snapshot}: {s.rows_read:,} baris dibaca = {s.accepted:,} diterima + {s.quarantined:,} "
                f"dikarantina ({reasons}); {s.linked_to_registry:,} tertaut ke registri; {s.zs_disagreements:,} "
                "beda z-skor dengan berkas (lihat `lokus measurements disagreements`).")


@stunting_app.command("loci")
def stunting_loci_cmd(
    measurements: str = typer.Option(None, "--measurements", "-m", help="Measurement snapshot (default: latest)."),
    district: str = typer.Option("18.04", "--district", "-d", help="Region whose villages are ranked."),
    snapshot: str = typer.Option(None, "--snapshot", help="Write the loci as this stunting-loci snapshot."),
    min_children: int = typer.Option(10, "--min-children", min=1, help="Minimum measured children."),
    threshold: float = typer.Option(20.0, "--threshold", help="Minimum prevalence (%) for a locus."),
    top: int = typer.Option(None, "--top", "-n", min=1, help="At most N loci (most stunted children)."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Rank villages by stunted children (latest measurement per child) and mark stunting loci."""
    from lokus.measurements import derive_stunting_loci
    from lokus.workspace import Workspace

    name = snapshot or "stunting-loci"
    with Workspace(STATE.workspace) as ws:
        result = derive_stunting_loci(ws, measurements=measurements, region=district, snapshot=name,
                                      min_measured=min_children, min_prevalence=threshold, top=top,
                                      lang=STATE.lang)
        ws_path = ws.path
    table = result.table.sort_by([("is_locus", "descending"), ("stunted", "descending")])
    if fmt is OutputFormat.table:
        from lokus.indicators import compare_stunting

        # The published survey figure (or one the user added) beside the administrative one.
        survey = compare_stunting(result.prevalence, district, workspace=ws_path).to_dicts()[0] \
            if result.children else None
        en = STATE.lang == "en"
        line = (f"{district}: {result.stunted:,} of {result.children:,} measured children stunted = "
                f"{result.prevalence:.1f}% (administrative, e-PPGBM)" if en else
                f"{district}: {result.stunted:,} dari {result.children:,} balita terukur pendek = "
                f"{result.prevalence:.1f}% (administratif, e-PPGBM)")
        if survey and survey["survey_value"] is not None:
            line += (f"; {survey['survey_indicator']} {survey['survey_year']}: {survey['survey_value']}% "
                     f"({survey['survey_source']})")
        Console(emoji=False).print(line, markup=False)
        Console().print(f"{len(result.loci)} lokus stunting → snapshot '{name}'" if not en
                        else f"{len(result.loci)} stunting loci → snapshot '{name}'")
    render(table, fmt)


@measurements_app.command("disagreements")
def disagreements(
    snapshot: str = typer.Option(None, "--snapshot", help="Measurement snapshot (default: latest)."),
    fmt: OutputFormat = FORMAT_OPTION,
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many rows."),
) -> None:
    """Rows where the file's own z-scores differ from lokus's WHO computation (> 0.1)."""
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace, read_only=True) as ws:
        name = snapshot or ws.latest_snapshot("measurements").name
        ws.snapshot(name, "measurements")
        table = ws.con.sql(
            "SELECT source_line, village_code, sex, age_days, weight_kg, lenhei_cm, measure, "
            "file_zlen, zlen, file_zwei, zwei, file_zwfl, zwfl FROM growth_measurements "
            "WHERE snapshot = ? AND zs_disagree ORDER BY source_line LIMIT ?", params=[name, limit],
        ).to_arrow_table()
    render(table, fmt)


def register(app: typer.Typer) -> None:
    app.add_typer(stunting_app, name="stunting")
    app.add_typer(measurements_app, name="measurements")
