"""Convergence commands: ``lokus ingest programs``, ``lokus programs``, ``lokus gaps``,
``lokus worklist``, ``lokus stunting-risk``, ``lokus participants``, ``lokus interventions``."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from lokus.cli._apps import ingest_app
from lokus.cli._columns import COLUMN_OPTION, COLUMNS_OPTION, mapping
from lokus.cli._context import STATE
from lokus.cli._engine import ENGINE_OPTION, MEMORY_OPTION
from lokus.cli._output import (
    GAPS_COLUMNS,
    LIMIT_OPTION,
    REPLACE_OPTION,
    Col,
    OutputFormat,
    print_snapshot_change,
    render,
)
from lokus.i18n import fmt_date, fmt_int, has, header, label, t, t_n

programs_app = typer.Typer(help="The program catalogue.", no_args_is_help=True)
interventions_app = typer.Typer(
    help="Deliveries recorded between meetings.", no_args_is_help=True
)


class GapsBy(StrEnum):
    program = "program"
    village = "village"
    office = "office"
    household = "household"


def _console() -> Console:
    return Console(highlight=False)


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    from lokus.errors import ConfigError

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(key=option, value=value, valid_values="yyyy-mm-dd, e.g. 2024-06-30") from None


def _coverage(ws: Any, *, region: str | None, top: int | None, registry: str | None, catalogue: str | None,
              as_of: str | None, memory_limit: str | None = None, settings: Any = None) -> Any:
    """Coverage on the workspace (DuckDB), or — ``ws`` None and ``settings`` naming Spark — on the
    engine's own tables (``LOKUS_SPARK_TABLES``), with no workspace."""
    from lokus.convergence import compute_coverage
    from lokus.engine import EngineSettings, backend, connect

    settings = settings or EngineSettings.from_env(memory_limit=memory_limit)  # checks the limit too
    if ws is None:
        be = connect(settings)
    else:
        be = backend(ws.con, settings.memory_limit) if settings.memory_limit else None
    return compute_coverage(ws, region=region, top=top, registry_snapshot=registry, catalogue=catalogue,
                            as_of=_parse_date(as_of, "--as-of"), backend=be)


def _workspace_only(option: str, value: Any) -> None:
    """Refuse an option that needs the DuckDB workspace (saved meetings, audited personal data) on Spark."""
    from lokus.errors import ConfigError

    raise ConfigError("convergence.engine.workspace_only", option=f"{option} {value}".strip(), key=option,
                      value=str(value), valid_values="--engine duckdb")


# -- ingest ---------------------------------------------------------------------------------
@ingest_app.command("programs")
def ingest_programs_cmd(
    file: str = typer.Argument(..., help="Recipient list: CSV/TSV, XLSX/XLS, HTML-as-XLS or Parquet."),
    program: str = typer.Option(..., "--program", "-p", help="Program code from the catalogue, e.g. PKH."),
    period: str = typer.Option(None, "--period", help="Period of the list, YYYY-MM."),
    snapshot: str = typer.Option(None, "--snapshot", "-s", help="Snapshot name (default <program>-<period>)."),
    catalogue: str = typer.Option(None, "--catalogue", help="Program catalogue TOML (kept in the workspace)."),
    registry: str = typer.Option(None, "--registry", "-r", help="Registry snapshot to match (default: latest)."),
    sheet: str = typer.Option(None, "--sheet", help="Workbook sheet (default: the first non-empty one)."),
    summary_json: str = typer.Option(None, "--summary-json", help="Also write the summary as JSON here."),
    column: list[str] = COLUMN_OPTION,
    columns: Path = COLUMNS_OPTION,
    replace: bool = REPLACE_OPTION,
) -> None:
    """Load a program's recipient list, matched to the registry by NIK or KK."""
    from lokus.convergence import ingest_programs
    from lokus.reports import check_output, write_json
    from lokus.workspace import Workspace

    if summary_json:
        check_output(summary_json, allowed=("json",))
    with Workspace(STATE.workspace) as ws:
        s = ingest_programs(ws, file, program=program, period=period, snapshot=snapshot, catalogue=catalogue,
                            registry_snapshot=registry, sheet=sheet, columns=mapping(column, columns),
                            replace=replace)
    if summary_json:
        write_json(s.as_dict(), summary_json)
    console, lang = _console(), STATE.lang
    print_snapshot_change(console, s.snapshot, s.previous, unchanged=s.unchanged)
    if s.registry_snapshot is None:  # nothing to match against yet: no verdict, no "not in the registry"
        console.print(t("convergence.ingest.summary_no_registry", lang, program=s.program, snapshot=s.snapshot, **{
            k: fmt_int(getattr(s, k), lang) for k in ("rows_read", "accepted", "quarantined")}), soft_wrap=True)
    else:
        console.print(t("convergence.ingest.summary", lang, program=s.program, snapshot=s.snapshot, **{
            k: fmt_int(getattr(s, k), lang) for k in (
                "rows_read", "accepted", "matched_nik", "matched_kk", "not_in_registry", "quarantined")}))
    if s.unmatched_niks and s.registry_snapshot is not None:
        more = " …" if s.not_in_registry > 10 else ""
        console.print(t("convergence.ingest.unmatched", lang, registry=s.registry_snapshot or "-",
                        niks=", ".join(s.unmatched_niks[:10]), more=more))
    from lokus.quarantine import reason_message

    for code, n in {**s.reasons, **s.warnings}.items():
        console.print(f"  {code}: {fmt_int(n, lang)} — {reason_message(code, 'programs', lang)}", markup=False)


# -- programs ---------------------------------------------------------------------------------
@programs_app.command("list")
def programs_list(
    catalogue: str = typer.Option(None, "--catalogue", help="Program catalogue TOML (default: the workspace's)."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
) -> None:
    """The programs, their offices, units, eligibility rules and regulations."""
    cat = _catalogue(catalogue)
    # The terminal shows each text in the user's language: the name, who is eligible in plain words, the
    # regulation's notes. CSV and JSON keep the catalogue's record: the exact rule expression, the codes.
    # registry_flags: a list in JSON, "a, b" in CSV; in the table each flag by its header ("Menerima PKH")
    by_code = {p.code: p for p in cat.programs}
    lang = STATE.lang
    render([p.as_dict() for p in cat.programs], fmt, columns=[
        Col("code", priority=0), Col("name", wrap=True, priority=1, value=lambda r: by_code[r["code"]].title(lang)),
        Col("office", priority=0, enum="office", wrap=True), Col("unit", enum="program_unit", priority=2),
        Col("sector", priority=4, enum="sector"),
        Col("eligibility", wrap=True, priority=3, value=lambda r: by_code[r["code"]].eligibility_text(lang)),
        Col("registry_flags", wrap=True, priority=3,
            value=lambda r: ", ".join(header(f, lang) for f in r["registry_flags"])),
        Col("regulation", wrap=True, priority=5, value=lambda r: by_code[r["code"]].regulation_text(lang))])
    if fmt is OutputFormat.table:
        _console().print(t("convergence.programs.rule_hint", lang), soft_wrap=True)


def _catalogue(catalogue: str | None) -> Any:
    """The catalogue a view reads: ``--catalogue``, else the workspace's (read only), else the built-in one."""
    from lokus.convergence import load_catalogue, workspace_catalogue
    from lokus.workspace import Workspace

    if catalogue:
        return load_catalogue(catalogue)
    if Path(str(STATE.workspace or "lokus.duckdb")).exists():
        with Workspace(STATE.workspace, read_only=True) as ws:
            return workspace_catalogue(ws)
    return load_catalogue()


@programs_app.command("show")
def programs_show(
    code: str = typer.Argument(..., help="Program code from the catalogue, e.g. PKH."),
    catalogue: str = typer.Option(None, "--catalogue", help="Program catalogue TOML (default: the workspace's)."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
) -> None:
    """One program in full: who is eligible in plain words and the exact rule lokus applies."""
    lang = STATE.lang
    program = _catalogue(catalogue).get(code, option=t("cli.help.arg.code", lang).upper())  # lists the valid ones
    if fmt is not OutputFormat.table:
        render([{**program.as_dict(), "description": program.describe(lang),
                 "regulation_text": program.regulation_text(lang)}], fmt)
        return
    fields = [("code", program.code), ("name", program.title(lang)), ("office", t(f"office.{program.office.value}", lang)),
              ("unit", t(f"program_unit.{program.unit.value}", lang)),
              ("sector", label("sector", program.sector, lang) or "-"),
              ("description", program.describe(lang) or "-"), ("rule", program.eligibility.text),
              ("registry_flags", ", ".join(header(f, lang) for f in program.registry_flags) or "-"),
              ("regulation", program.regulation_text(lang) or "-")]
    console = _console()
    for name, value in fields:
        console.print(f"[bold]{header(name, lang, topic='program')}[/bold]: ", end="")
        console.print(value, markup=False, highlight=False)


@programs_app.command("unmatched")
def programs_unmatched(
    program: str = typer.Option(None, "--program", "-p", help="Only this program."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
    limit: int = LIMIT_OPTION,
) -> None:
    """Recipients whose NIK and KK are not in the registry (inclusion errors to verify)."""
    from lokus.convergence import unmatched_recipients
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace) as ws:  # NIKs and names: the core audits the view
        rows = unmatched_recipients(ws, program)  # an unknown program is refused, as by gaps and worklist
    render(rows, fmt, limit=limit, columns=[Col("program", priority=0), Col("source_line", kind="text", priority=1),
                               Col("nik", priority=0), Col("kk", priority=2), Col("name", wrap=True, priority=1),
                               Col("village_code", priority=3), Col("snapshot", priority=4),
                               Col("registry_snapshot", priority=4)])


# -- gaps -------------------------------------------------------------------------------------
def gaps(
    region: str = typer.Option(None, "--region", help="Region code, or 'national' (also 'all') for every village (default: the priority loci)."),
    program: str = typer.Option(None, "--program", "-p", help="Only this program."),
    by: GapsBy = typer.Option(GapsBy.program, "--by", help="program, village, office or household."),
    top: int = typer.Option(None, "--top", "-n", min=1, help="Priority loci to use (default 20)."),
    registry: str = typer.Option(None, "--registry", "-r", help="Registry snapshot (default: the latest)."),
    catalogue: str = typer.Option(None, "--catalogue", help="Program catalogue TOML."),
    as_of: str = typer.Option(None, "--as-of", help="Reference date yyyy-mm-dd (default: end of the lists' period)."),
    since: str = typer.Option(None, "--since", help="Compare with this saved meeting (default: the latest)."),
    save_meeting: str = typer.Option(None, "--save-meeting", help="Save the current gaps as this meeting."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
    limit: int = LIMIT_OPTION,
    memory_limit: str = MEMORY_OPTION,
    engine: str = ENGINE_OPTION,
) -> None:
    """Coverage gaps (exclusion) and inclusion errors per program, village or office."""
    from lokus.cli._engine import engine_settings
    from lokus.convergence import (
        changes_since,
        coverage_sources,
        gaps_by_office,
        gaps_by_program,
        gaps_by_village,
        household_gaps,
    )
    from lokus.convergence import save_meeting as save
    from lokus.workspace import Workspace

    lang = STATE.lang
    settings = engine_settings(engine, memory_limit)
    if settings.engine == "spark":  # the tables come from the engine's locations: no workspace
        for option, value in (("--by", by.value if by is GapsBy.household else None), ("--since", since),
                              ("--save-meeting", save_meeting)):
            if value is not None:  # saved meetings and audited household lists live in the workspace
                _workspace_only(option, value)
        cov = _coverage(None, region=region, top=top, registry=registry, catalogue=catalogue, as_of=as_of,
                        settings=settings)
        changes, saved = None, None
        table = gaps_by_program(cov, program) if by is GapsBy.program else (
            gaps_by_village(cov) if by is GapsBy.village else gaps_by_office(cov))
        cov.close()
    else:
        # A view: read-only, unless it saves a meeting or lists households (personal data, audited).
        writable = bool(save_meeting) or by is GapsBy.household
        with Workspace(STATE.workspace, read_only=not writable) as ws:
            cov = _coverage(ws, region=region, top=top, registry=registry, catalogue=catalogue, as_of=as_of,
                            settings=settings)
            changes = changes_since(ws, cov, since)
            if by is GapsBy.program:
                table = gaps_by_program(cov, program)
            elif by is GapsBy.household:
                table = household_gaps(cov, program)
            elif by is GapsBy.village:
                table = gaps_by_village(cov, changes)
            else:
                table = gaps_by_office(cov, changes)
            saved = save(ws, cov, save_meeting) if save_meeting else None
    rows = table.to_pylist()
    note = coverage_sources(cov, lang, meeting=changes.meeting if changes is not None else None)
    region_text = t(f"cli.gaps.region.{cov.region}", lang) if has(f"cli.gaps.region.{cov.region}") else cov.region
    title = t("cli.gaps.title", lang, region=region_text, as_of=fmt_date(cov.as_of, lang))
    names = {p.code: p.title(lang) for p in cov.programs}
    render(rows, fmt, title=title, columns=_gaps_columns(by, rows, names), note=note, limit=limit)
    if fmt is OutputFormat.table:
        console = _console()
        if changes is not None:
            console.print(t("convergence.closed", lang, meeting=changes.meeting, closed=changes.closed,
                            opened=changes.opened, before=changes.score_previous, after=changes.score_now))
        if saved:
            console.print(t("convergence.meeting.saved", lang, name=saved["name"], gaps=fmt_int(saved["gaps"], lang),
                            villages=fmt_int(saved["villages"], lang)))


def _gaps_columns(by: GapsBy, rows: list[dict[str, Any]], program_names: dict[str, str]) -> list[Col | str]:
    """The terminal columns of each ``gaps --by`` view (CSV/JSON keep every column)."""
    if by is GapsBy.program:
        return GAPS_COLUMNS
    if by is GapsBy.household:
        return worklist_columns(program_names)
    if by is GapsBy.office:
        return [Col("office", priority=0, enum="office"), Col("programs", wrap=True, priority=2),
                Col("gap_households", kind="int", priority=0), Col("gap_persons", kind="int", priority=0),
                Col("inclusion_not_eligible_households", kind="int", priority=3),
                Col("inclusion_not_eligible_persons", kind="int", priority=3),
                Col("inclusion_not_in_registry", kind="int", priority=3),
                *[Col(k, kind="int", priority=1) for k in ("gaps_closed", "gaps_new") if rows and k in rows[0]]]
    keys = list(dict.fromkeys(k for r in rows[:1] for k in r))
    programs = [k for k in keys if k.startswith("gap_") and k not in ("gap_pairs",)]
    cols: list[Col | str] = [
        Col("rank", kind="int", priority=0), Col("village_code", priority=3),
        Col("village_name", wrap=True, priority=0), Col("households", kind="int", priority=4),
        Col("gap_pairs", kind="int", priority=0), Col("score_convergence", kind="pct", priority=1)]
    cols += [Col(k, kind="int", priority=5 + i, missing="convergence.no_data") for i, k in enumerate(programs)]
    cols += [Col(k, kind="int", priority=2) for k in ("gaps_closed", "gaps_new") if k in keys]
    return cols


def worklist_columns(program_names: dict[str, str]) -> list[Col | str]:
    """The terminal columns of a worklist: programs and offices by their names from the catalogues
    (CSV and JSON keep the codes)."""
    from lokus.convergence import readable_row

    def named(key: str) -> Any:
        return lambda r: readable_row(r, program_names, STATE.lang)[key]

    return [
        Col("priority", priority=0), Col("village_name", wrap=True, priority=2),
        Col("head_name", wrap=True, priority=0), Col("head_nik", priority=3), Col("decile", priority=4),
        Col("household_size", kind="int", priority=5), Col("gap_count", kind="int", priority=1),
        Col("missing", wrap=True, priority=0, value=named("missing")),
        Col("offices", wrap=True, priority=6, value=named("offices")), Col("kk", priority=7),
        Col("household_id", priority=8),
    ]


# -- worklists --------------------------------------------------------------------------------
def worklist(
    office: str = typer.Option(None, "--office", help="dinsos, dinkes, pupr, dpmd, bpjs or disdik."),
    village: str = typer.Option(None, "--village", help="Village code, e.g. 18.04.04.2002."),
    out: Path = typer.Option(None, "--out", "-o", help="Write the worklist to FILE.xlsx or FILE.csv."),
    pseudonymise: bool = typer.Option(False, "--pseudonymise", help="Replace NIK, KK and names by keyed HMACs."),
    region: str = typer.Option(None, "--region", help="Region code, or 'national' (also 'all') for every village (default: the priority loci)."),
    top: int = typer.Option(None, "--top", "-n", min=1, help="Priority loci to use (default 20)."),
    registry: str = typer.Option(None, "--registry", "-r", help="Registry snapshot (default: the latest)."),
    as_of: str = typer.Option(None, "--as-of", help="Reference date yyyy-mm-dd."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
    limit: int = LIMIT_OPTION,
    memory_limit: str = MEMORY_OPTION,
) -> None:
    """Households and what they lack, in priority order, for one office or one village."""
    from lokus.convergence import export_worklist
    from lokus.convergence import worklist as make_worklist
    from lokus.errors import ConfigError
    from lokus.reports import check_output
    from lokus.workspace import Workspace

    if (office is None) == (village is None):
        raise ConfigError(key="--office/--village", value="-", valid_values="exactly one of --office or --village")
    if out:
        check_output(out)  # a bad extension or folder is refused before any work
    # NIKs and names: the core audits the view or the export, so the workspace is writable.
    with Workspace(STATE.workspace) as ws:
        if village is not None and region is None:
            region = village
        cov = _coverage(ws, region=region, top=top, registry=registry, catalogue=None, as_of=as_of,
                        memory_limit=memory_limit)
        if out:
            wl = export_worklist(cov, out, office=office, village=village, pseudonymise=pseudonymise,
                                 lang=STATE.lang)
        else:
            wl = make_worklist(cov, office=office, village=village, pseudonymise=pseudonymise, lang=STATE.lang)
    if out:
        _console().print(t("convergence.worklist.written", STATE.lang, path=str(out),
                           rows=t_n("count.household", wl.table.num_rows, STATE.lang)))
    elif fmt is not OutputFormat.table and wl.blt is not None:
        render(wl.combined(), fmt)  # the BLT-DD candidates too, as the XLSX carries them
    else:
        render(wl.table, fmt, columns=worklist_columns(wl.program_names or {}),
               note=None if wl.blt is not None else wl.sources, limit=limit)
        if wl.blt is not None:
            render(wl.blt, fmt, title=t("convergence.blt.title", STATE.lang, village=wl.name), note=wl.sources,
                   limit=limit)


def stunting_risk(
    region: str = typer.Option(None, "--region", help="Region code, or 'national' (also 'all') for every village (default: the priority loci)."),
    top: int = typer.Option(None, "--top", "-n", min=1, help="Priority loci to use (default 20)."),
    registry: str = typer.Option(None, "--registry", "-r", help="Registry snapshot (default: the latest)."),
    as_of: str = typer.Option(None, "--as-of", help="Reference date yyyy-mm-dd."),
    pseudonymise: bool = typer.Option(False, "--pseudonymise", help="Replace NIK, KK and names by keyed HMACs."),
    out: Path = typer.Option(None, "--out", "-o", help="Also write FILE.xlsx, FILE.csv or FILE.json."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
    limit: int = LIMIT_OPTION,
) -> None:
    """Families at risk of stunting (decile ≤ 2 with a child under two, a pregnant woman or a stunted child)."""
    from lokus.convergence import coverage_sources, export_stunting_risk
    from lokus.convergence import stunting_risk as at_risk
    from lokus.reports import check_output
    from lokus.workspace import Workspace

    if out:
        check_output(out)
    with Workspace(STATE.workspace) as ws:  # NIKs and names: the core audits the view or the export
        cov = _coverage(ws, region=region, top=top, registry=registry, catalogue=None, as_of=as_of)
        if out:
            table = export_stunting_risk(cov, out, pseudonymise=pseudonymise, lang=STATE.lang)
        else:
            table = at_risk(cov, pseudonymise=pseudonymise)
        note = coverage_sources(cov, STATE.lang)
    if out:
        _console().print(t("convergence.worklist.written", STATE.lang, path=str(out),
                           rows=t_n("count.household", table.num_rows, STATE.lang)))
    render(table, fmt, note=note, limit=limit, columns=[
        Col("no", priority=0), Col("village_code", priority=3), Col("head_name", wrap=True, priority=0),
        Col("head_nik", priority=4), Col("decile", priority=5), Col("household_size", kind="int", priority=6),
        Col("child_under_two", kind="bool", priority=1), Col("pregnant", kind="bool", priority=1),
        Col("stunted_child", kind="bool", priority=1), Col("reached", kind="bool", priority=2),
        Col("household_id", priority=7)])


def participants_cmd(
    top: int = typer.Option(None, "--top", "-n", min=1, help="Priority loci to use (default 20)."),
    registry: str = typer.Option(None, "--registry", "-r", help="Registry snapshot (default: the latest)."),
    out: Path = typer.Option(None, "--out", "-o", help="Also write FILE.xlsx, FILE.csv or FILE.json."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
) -> None:
    """The meeting's participants: the peratin of each poverty locus, the bidan of each stunting locus."""
    from lokus.convergence import DEFAULT_TOP, default_loci_villages, participants
    from lokus.reports import check_output, write_table
    from lokus.workspace import Workspace

    if out:
        check_output(out)
    with Workspace(STATE.workspace, read_only=True) as ws:
        loci = default_loci_villages(ws, registry_snapshot=registry, top=top or DEFAULT_TOP)
        table = participants(ws, loci, lang=STATE.lang)
    if out:
        write_table(table, out, lang=STATE.lang, sheet_name=t("convergence.participants.sheet", STATE.lang))
        _console().print(t("reports.written", STATE.lang, path=str(out), rows=t_n("count.row", table.num_rows, STATE.lang)))
    render(table, fmt, columns=[
        Col("no", priority=0), Col("village_code", priority=4), Col("village_name", wrap=True, priority=0),
        Col("kecamatan", wrap=True, priority=3), Col("role", wrap=True, priority=0),
        Col("reason", wrap=True, priority=1), Col("name", priority=5), Col("phone", priority=6),
        Col("signature", priority=7)])


# -- interventions ------------------------------------------------------------------------------
@interventions_app.command("add")
def interventions_add(
    program: str = typer.Option(..., "--program", "-p", help="Program code, e.g. PKH."),
    when: str = typer.Option(..., "--date", help="Delivery date yyyy-mm-dd."),
    nik: str = typer.Option(None, "--nik", help="Recipient NIK."),
    kk: str = typer.Option(None, "--kk", help="Family card number (when there is no NIK)."),
    note: str = typer.Option(None, "--note", help="A short note."),
) -> None:
    """Record one delivery."""
    from lokus.convergence import add_intervention
    from lokus.workspace import Workspace

    delivered = _parse_date(when, "--date")
    with Workspace(STATE.workspace) as ws:
        row = add_intervention(ws, program=program, delivered_on=delivered, nik=nik, kk=kk, note=note)  # type: ignore[arg-type]
    _console().print(t("cli.interventions.recorded", STATE.lang, program=row["program"],
                       who=row["nik"] or row["kk"], date=fmt_date(row["delivered_on"], STATE.lang)))


@interventions_app.command("import")
def interventions_import(
    file: str = typer.Argument(..., help="CSV/XLSX with NIK or NO_KK, program, tanggal (date), keterangan."),
    sheet: str = typer.Option(None, "--sheet", help="Workbook sheet."),
    column: list[str] = COLUMN_OPTION,
    columns: Path = COLUMNS_OPTION,
) -> None:
    """Import a file of deliveries; bad rows are quarantined with a reason."""
    from lokus.convergence import import_interventions
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace) as ws:
        s = import_interventions(ws, file, sheet=sheet, columns=mapping(column, columns))
    lang = STATE.lang
    console = _console()
    if s.unchanged:
        console.print(t("cli.interventions.unchanged", lang))
    console.print(t("cli.interventions.summary", lang, rows_read=fmt_int(s.rows_read, lang),
                    accepted=fmt_int(s.accepted, lang), quarantined=fmt_int(s.quarantined, lang)))
    from lokus.quarantine import reason_message

    for code, n in {**s.reasons, **s.warnings}.items():
        console.print(f"  {code}: {fmt_int(n, lang)} — {reason_message(code, 'interventions', lang)}", markup=False)


@interventions_app.command("list")
def interventions_list(
    program: str = typer.Option(None, "--program", "-p", help="Only this program."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
    limit: int = LIMIT_OPTION,
) -> None:
    """Recorded deliveries, newest first."""
    from lokus.convergence import list_interventions
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace) as ws:  # NIKs: the core audits the view
        rows = list_interventions(ws, program)
    render(rows, fmt, limit=limit, columns=[
        Col("delivered_on", priority=0), Col("program", priority=0), Col("nik", priority=0), Col("kk", priority=2),
        Col("note", wrap=True, priority=1), Col("batch", priority=3), Col("source_line", kind="text", priority=4)])


def register(app: typer.Typer) -> None:
    app.add_typer(programs_app, name="programs")
    app.add_typer(interventions_app, name="interventions")
    app.command("gaps")(gaps)
    app.command("worklist")(worklist)
    app.command("stunting-risk")(stunting_risk)
    app.command("participants")(participants_cmd)
