"""`lokus ingest measurements`, `lokus stunting loci`, `lokus measurements disagreements`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from lokus.cli._apps import ingest_app
from lokus.cli._columns import COLUMN_OPTION, COLUMNS_OPTION, mapping
from lokus.cli._context import STATE
from lokus.cli._engine import ENGINE_OPTION, MEMORY_OPTION
from lokus.cli._output import (
    LIMIT_OPTION,
    REPLACE_OPTION,
    Col,
    OutputFormat,
    print_snapshot_change,
    region_name,
    render,
)
from lokus.cli._progress import engine_key, working
from lokus.i18n import fmt_int, fmt_pct, t
from lokus.indicators._messages import indicator_label

stunting_app = typer.Typer(help="Stunting loci from child data.",
                           no_args_is_help=True)
measurements_app = typer.Typer(help="Child measurements.", no_args_is_help=True)
FORMAT_OPTION = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json.")


@ingest_app.command("measurements")
def ingest_measurements_cmd(
    file: Path = typer.Argument(..., help="e-PPGBM export (CSV, XLSX, XLS/HTML) or a canonical table."),
    snapshot: str = typer.Option(None, "--snapshot", help="Snapshot name (default: eppgbm-<file name>)."),
    district: str = typer.Option(None, "--district", "-d", help="Quarantine children outside this region."),
    sheet: str = typer.Option(None, "--sheet", help="Workbook sheet."),
    registry: str = typer.Option(None, "--registry", help="Registry snapshot to link NIKs (default: latest)."),
    summary_json: Path = typer.Option(None, "--summary-json", help="Write the summary as JSON here."),
    column: list[str] = COLUMN_OPTION,
    columns: Path = COLUMNS_OPTION,
    replace: bool = REPLACE_OPTION,
) -> None:
    """Load child measurements, compute WHO z-scores, link children to the registry."""
    from lokus.measurements import ingest_measurements
    from lokus.reports import check_output, write_json
    from lokus.workspace import Workspace

    if summary_json:
        check_output(summary_json, allowed=("json",))
    with Workspace(STATE.workspace) as ws, working("cli.progress.reading"):
        s = ingest_measurements(ws, file, snapshot=snapshot, district=district, sheet=sheet,
                                registry_snapshot=registry, columns=mapping(column, columns), replace=replace)
    if summary_json:
        write_json(s.summary_json(), summary_json)
    lang = STATE.lang
    c = Console(highlight=False)
    print_snapshot_change(c, s.snapshot, s.previous, unchanged=s.unchanged)
    from lokus.quarantine import reason_label

    reasons = "; ".join(f"{reason_label(k, 'measurements', lang)}: {fmt_int(v, lang)}" for k, v in s.reasons.items()) or "-"
    c.print(t("cli.measurements.summary", lang, snapshot=s.snapshot, rows_read=fmt_int(s.rows_read, lang),
              accepted=fmt_int(s.accepted, lang), quarantined=fmt_int(s.quarantined, lang), reasons=reasons,
              linked=fmt_int(s.linked_to_registry, lang), disagreements=fmt_int(s.zs_disagreements, lang)))
    if s.registry_snapshot is None:
        c.print(t("cli.measurements.no_registry", lang), soft_wrap=True)


@stunting_app.command("loci")
def stunting_loci_cmd(
    measurements: str = typer.Option(None, "--measurements", "-m", help="Measurement snapshot (default: latest)."),
    district: str = typer.Option(None, "--district", "-d", help="Region whose villages are ranked (default 18.04)."),
    snapshot: str = typer.Option(None, "--snapshot", help="Write the loci as this stunting-loci snapshot."),
    min_children: int = typer.Option(10, "--min-children", min=1, help="Minimum measured children."),
    threshold: float = typer.Option(20.0, "--threshold", help="Minimum prevalence (%) for a locus."),
    top: int = typer.Option(None, "--top", "-n", min=1, help="At most N loci (most stunted children)."),
    fmt: OutputFormat = FORMAT_OPTION,
    engine: str = ENGINE_OPTION,
    memory_limit: str = MEMORY_OPTION,
) -> None:
    """Rank villages by stunted children (latest measurement per child) and mark stunting loci."""
    from lokus.cli._engine import engine_settings
    from lokus.loci import default_region
    from lokus.measurements import derive_stunting_loci
    from lokus.reports import sources_line
    from lokus.workspace import Workspace

    district = default_region(district)
    settings = engine_settings(engine, memory_limit)
    ws_path: Path | None
    if settings.engine == "spark":  # the measurements come from the engine's tables: no workspace
        from lokus.cli._engine import spark_backend_for
        from lokus.engine import stunting_loci_on
        from lokus.errors import ConfigError

        if snapshot is not None:
            raise ConfigError("error.config", key="--snapshot", value=snapshot,
                              valid_values="--engine duckdb (a snapshot is stored in the workspace)")
        with working(engine_key("spark")):
            result = stunting_loci_on(spark_backend_for(settings), measurements=measurements, region=district,
                                      min_measured=min_children, min_prevalence=threshold, top=top,
                                      lang=STATE.lang)
        ws_path = None
    else:
        # A view unless --snapshot asks to store the loci: only then is the workspace opened for writing.
        with Workspace(STATE.workspace, read_only=snapshot is None) as ws, working():
            if settings.memory_limit:
                ws.con.execute("SET memory_limit = ?", [settings.memory_limit])
            result = derive_stunting_loci(ws, measurements=measurements, region=district, snapshot=snapshot,
                                          min_measured=min_children, min_prevalence=threshold, top=top,
                                          lang=STATE.lang)
            ws_path = ws.path
    # In rank order, so that the # column counts down the listing (ties share a rank: by code); villages with
    # too few measured children have no rank and come last (pyarrow's default). The Lokus column says which
    # are loci; the caption under the table what the rank means.
    table = result.table.sort_by([("rank", "ascending"), ("village_code", "ascending")])
    from lokus.regions import is_national

    label = "Indonesia" if is_national(district) else district  # the country's name in both languages
    lang = STATE.lang
    if fmt is OutputFormat.table:
        from lokus.indicators import citation, compare_stunting

        # The published survey figure (or one the user added) beside the administrative one.
        survey = compare_stunting(result.prevalence, district, workspace=ws_path, lang=lang).to_dicts()[0] \
            if result.children else None
        line = t("cli.stunting.line", lang, district=label, stunted=fmt_int(result.stunted, lang),
                 children=fmt_int(result.children, lang), prevalence=fmt_pct(result.prevalence, lang, share=False))
        if survey and survey["survey_value"] is not None:
            line += (f"; {indicator_label(survey['survey_indicator'], lang)} {survey['survey_year']}: "
                     f"{fmt_pct(survey['survey_value'], lang, share=False)} ("
                     + citation(survey["survey_region_code"], survey["survey_indicator"], survey["survey_year"],
                                survey["survey_period"], survey["survey_source"], lang) + ")")
        Console(emoji=False, highlight=False).print(line, markup=False)
        if survey and survey["note"]:  # e.g. a regency without its own SSGI figure: the province's is shown
            from lokus.indicators._messages import compare_note

            Console(emoji=False, highlight=False).print(compare_note(survey, lang), style="dim", markup=False)
        if result.snapshot:
            Console(highlight=False).print(t("cli.stunting.loci", lang, n=fmt_int(len(result.loci), lang),
                                                 snapshot=result.snapshot))
    render(table, fmt, top=top, columns=[
        Col("rank", kind="int", priority=0, header="cli.stunting.rank_header"), Col("village_code", priority=0),
        Col("village_name", wrap=True, priority=1, value=region_name("village_code")),
        Col("measured", kind="int", priority=2), Col("stunted", kind="int", priority=0),
        Col("prevalence", kind="pct100", priority=0), Col("ci_low", kind="pct100", priority=4),
        Col("ci_high", kind="pct100", priority=4), Col("is_locus", kind="bool", priority=1),
        Col("reason", wrap=True, priority=3)])
    if fmt is OutputFormat.table:  # what the rank means, then the data used
        caption = t("cli.stunting.rank_caption", lang, minimum=fmt_int(min_children, lang),
                    threshold=fmt_pct(threshold, lang, share=False), n=fmt_int(len(result.loci), lang))
        if top:
            caption += " " + t("cli.stunting.rank_caption_top", lang, top=fmt_int(top, lang))
        console = Console(highlight=False)
        console.print(caption, markup=False)
        console.print(sources_line(lang, measurements=result.measurements, region=label), style="dim",
                      markup=False, soft_wrap=True)


@measurements_app.command("disagreements")
def disagreements(
    snapshot: str = typer.Option(None, "--snapshot", help="Measurement snapshot (default: latest)."),
    fmt: OutputFormat = FORMAT_OPTION,
    limit: int = LIMIT_OPTION,
) -> None:
    """Rows where the file's own z-scores differ from lokus's WHO computation (> 0.1)."""
    from lokus.measurements import zscore_disagreements
    from lokus.reports import sources_line
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace, read_only=True) as ws:
        name, table = zscore_disagreements(ws, snapshot, limit=None)

    def z(name: str, priority: int) -> Col:
        return Col(name, kind="number", digits=2, priority=priority)

    render(table, fmt, limit=limit, note=sources_line(STATE.lang, measurements=name), columns=[
        Col("source_line", kind="text", priority=0), Col("village_code", priority=3), Col("sex", priority=5),
        Col("age_days", kind="int", priority=4), Col("weight_kg", kind="number", priority=6),
        Col("lenhei_cm", kind="number", priority=6), z("file_zlen", 1), z("zlen", 1),
        z("file_zwei", 2), z("zwei", 2), z("file_zwfl", 2),
        z("zwfl", 2)])


def register(app: typer.Typer) -> None:
    app.add_typer(stunting_app, name="stunting")
    app.add_typer(measurements_app, name="measurements")
