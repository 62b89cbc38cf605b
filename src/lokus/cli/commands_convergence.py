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
from lokus.cli._context import STATE
from lokus.cli._output import REPLACE_OPTION, OutputFormat, print_snapshot_change, render
from lokus.i18n import t

programs_app = typer.Typer(help="Katalog program / the program catalogue.", no_args_is_help=True)
interventions_app = typer.Typer(
    help="Intervensi yang sudah diberikan / deliveries recorded between meetings.", no_args_is_help=True
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
              as_of: str | None) -> Any:
    from lokus.convergence import compute_coverage

    return compute_coverage(ws, region=region, top=top, registry_snapshot=registry, catalogue=catalogue,
                            as_of=_parse_date(as_of, "--as-of"))


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
    replace: bool = REPLACE_OPTION,
) -> None:
    """Load a program's recipient list, matched to the registry by NIK or KK."""
    import json

    from lokus.convergence import ingest_programs
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace) as ws:
        s = ingest_programs(ws, file, program=program, period=period, snapshot=snapshot, catalogue=catalogue,
                            registry_snapshot=registry, sheet=sheet, replace=replace)
    if summary_json:
        with open(summary_json, "w", encoding="utf-8") as fh:
            json.dump(s.as_dict(), fh, ensure_ascii=False, indent=2)
    console, lang = _console(), STATE.lang
    print_snapshot_change(console, s.snapshot, s.previous, unchanged=s.unchanged)
    console.print(t("convergence.ingest.summary", lang, **{k: getattr(s, k) for k in (
        "program", "snapshot", "rows_read", "accepted", "matched_nik", "matched_kk", "not_in_registry",
        "quarantined")}))
    if s.unmatched_niks:
        more = " …" if s.not_in_registry > 10 else ""
        console.print(t("convergence.ingest.unmatched", lang, registry=s.registry_snapshot or "-",
                        niks=", ".join(s.unmatched_niks[:10]), more=more))
    from lokus.quarantine import reason_message

    for code, n in {**s.reasons, **s.warnings}.items():
        console.print(f"  {code}: {n} — {reason_message(code, 'programs', lang)}", markup=False)


# -- programs ---------------------------------------------------------------------------------
@programs_app.command("list")
def programs_list(
    catalogue: str = typer.Option(None, "--catalogue", help="Program catalogue TOML (default: the workspace's)."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
) -> None:
    """The programs, their offices, units, eligibility rules and regulations."""
    from lokus.convergence import load_catalogue, workspace_catalogue
    from lokus.workspace import Workspace

    if catalogue:
        cat = load_catalogue(catalogue)
    elif Path(str(STATE.workspace or "lokus.duckdb")).exists():
        with Workspace(STATE.workspace, read_only=True) as ws:
            cat = workspace_catalogue(ws)
    else:
        cat = load_catalogue()
    render([p.as_dict() for p in cat.programs], fmt)


@programs_app.command("unmatched")
def programs_unmatched(
    program: str = typer.Option(None, "--program", "-p", help="Only this program."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
) -> None:
    """Recipients whose NIK and KK are not in the registry (inclusion errors to verify)."""
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace, read_only=True) as ws:
        if not ws.has_table("program_recipients"):
            render([], fmt)
            return
        sql = ("SELECT snapshot, program, source_line, nik, kk, name, village_code FROM program_recipients "
               "WHERE matched_by IS NULL")
        params: list[Any] = []
        if program:
            sql += " AND program = ?"
            params.append(program.strip().upper().replace("-", "_"))
        cur = ws.con.execute(sql + " ORDER BY snapshot, source_line", params)
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    render(rows, fmt)


# -- gaps -------------------------------------------------------------------------------------
def gaps(
    region: str = typer.Option(None, "--region", help="Region code, or 'all' (default: the priority loci)."),
    program: str = typer.Option(None, "--program", "-p", help="Only this program."),
    by: GapsBy = typer.Option(GapsBy.program, "--by", help="program, village, office or household."),
    top: int = typer.Option(None, "--top", "-n", min=1, help="Priority loci to use (default 20)."),
    registry: str = typer.Option(None, "--registry", "-r", help="Registry snapshot (default: the latest)."),
    catalogue: str = typer.Option(None, "--catalogue", help="Program catalogue TOML."),
    as_of: str = typer.Option(None, "--as-of", help="Reference date yyyy-mm-dd (default: end of the lists' period)."),
    since: str = typer.Option(None, "--since", help="Compare with this saved meeting (default: the latest)."),
    save_meeting: str = typer.Option(None, "--save-meeting", help="Save the current gaps as this meeting."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
) -> None:
    """Coverage gaps (exclusion) and inclusion errors per program, village or office."""
    from lokus.convergence import changes_since
    from lokus.convergence import save_meeting as save
    from lokus.workspace import Workspace

    lang = STATE.lang
    with Workspace(STATE.workspace) as ws:
        cov = _coverage(ws, region=region, top=top, registry=registry, catalogue=catalogue, as_of=as_of)
        changes = changes_since(ws, cov, since)
        if by is GapsBy.program:
            rows = cov.by_program().to_pylist()
            if program:
                code = cov.catalogue.get(program).code
                rows = [r for r in rows if r["program"] == code]
        elif by is GapsBy.household:
            from lokus.convergence import household_gaps

            rows = household_gaps(cov).to_pylist()
            if program:
                code = cov.catalogue.get(program).code
                rows = [r for r in rows if code in r["missing"].split(", ")]
        elif by is GapsBy.village:
            rows = cov.by_village().to_pylist()
            if changes is not None:
                extra = {r["village_code"]: r for r in changes.by_village.to_pylist()}
                for r in rows:
                    e = extra.get(r["village_code"], {})
                    r["gaps_closed"] = e.get("gaps_closed", 0)
                    r["score_convergence_previous"] = e.get("score_convergence_previous")
                    r["score_convergence_change"] = e.get("score_convergence_change")
        else:
            per = cov.by_program().to_pylist()
            offices: dict[str, dict[str, Any]] = {}
            for r in per:
                o = offices.setdefault(r["office"], {"office": r["office"], "programs": [], "gap_units": 0,
                                                     "inclusion_not_eligible": 0, "inclusion_not_in_registry": 0})
                o["programs"].append(r["program"])
                for k in ("gap_units", "inclusion_not_eligible", "inclusion_not_in_registry"):
                    o[k] += r[k]
            closed = {}
            if changes is not None:
                for r in changes.by_office.to_pylist():
                    closed[r["office"]] = closed.get(r["office"], 0) + r["gaps_closed"]
            rows = [{**o, "programs": ", ".join(o["programs"]), "gaps_closed": closed.get(o["office"], 0)}
                    for o in offices.values()]
        saved = save(ws, cov, save_meeting) if save_meeting else None
    title = (f"Kesenjangan konvergensi ({cov.region}, per {cov.as_of})" if lang == "id"
             else f"Convergence gaps ({cov.region}, as of {cov.as_of})")
    if fmt is OutputFormat.table and by is GapsBy.program:
        rows = [{k: v for k, v in r.items() if k != "name"} for r in rows]  # fits a terminal
    render(rows, fmt, title=title)
    if fmt is OutputFormat.table:
        console = _console()
        if changes is not None:
            console.print(t("convergence.closed", lang, meeting=changes.meeting, closed=changes.closed,
                            opened=changes.opened, before=changes.score_previous, after=changes.score_now))
        if saved:
            console.print(t("convergence.meeting.saved", lang, name=saved["name"], gaps=saved["gaps"],
                            villages=saved["villages"]))


# -- worklists --------------------------------------------------------------------------------
def _write(out: Path, sheets: list[Any], rows: int) -> None:
    from lokus.errors import ConfigError
    from lokus.reports import write_csv, write_xlsx

    suffix = out.suffix.lower()
    if suffix == ".xlsx":
        write_xlsx(out, sheets)
    elif suffix == ".csv":
        write_csv(out, sheets[0])
    else:
        raise ConfigError("convergence.out.suffix", path=str(out))
    _console().print(t("convergence.worklist.written", STATE.lang, path=str(out), rows=rows))


def worklist(
    office: str = typer.Option(None, "--office", help="dinsos, dinkes, pupr, dpmd, bpjs or disdik."),
    village: str = typer.Option(None, "--village", help="Village code, e.g. 18.04.04.2002."),
    out: Path = typer.Option(None, "--out", "-o", help="Write the worklist to FILE.xlsx or FILE.csv."),
    pseudonymise: bool = typer.Option(False, "--pseudonymise", help="Replace NIK, KK and names by keyed HMACs."),
    region: str = typer.Option(None, "--region", help="Region code, or 'all' (default: the priority loci)."),
    top: int = typer.Option(None, "--top", "-n", min=1, help="Priority loci to use (default 20)."),
    registry: str = typer.Option(None, "--registry", "-r", help="Registry snapshot (default: the latest)."),
    as_of: str = typer.Option(None, "--as-of", help="Reference date yyyy-mm-dd."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
) -> None:
    """Households and what they lack, in priority order, for one office or one village."""
    from lokus.convergence import (
        blt_candidates,
        load_key,
        office_worklist,
        pseudonymise_table,
        village_worklist,
    )
    from lokus.errors import ConfigError
    from lokus.reports import Sheet
    from lokus.workspace import Workspace

    if (office is None) == (village is None):
        raise ConfigError(key="--office/--village", value="-", valid_values="exactly one of --office or --village")
    with Workspace(STATE.workspace) as ws:
        if village is not None and region is None:
            region = village
        cov = _coverage(ws, region=region, top=top, registry=registry, catalogue=None, as_of=as_of)
        if office is not None:
            main = office_worklist(cov, office)
            extra = None
            name = office.lower()
        else:
            main = village_worklist(cov, village)
            extra = blt_candidates(cov, village)
            name = village
        key = load_key(ws.path) if pseudonymise else None
        from lokus.privacy import audit

        audit(ws, "worklist.export" if out else "worklist.view", target=f"office:{office}" if office else
              f"village:{village}", rows=main.num_rows, scope=region, pseudonymised=pseudonymise,
              output=str(out) if out else None)
    if key is not None:
        main = pseudonymise_table(main, key)
        extra = pseudonymise_table(extra, key) if extra is not None else None
    en = STATE.lang == "en"
    if out:
        title = (f"Worklist {name} — as of {cov.as_of}" if en else f"Daftar kerja {name} — per {cov.as_of}")
        sheets = [Sheet.from_table("Worklist" if en else "Daftar kerja", main, title=title)]
        if extra is not None:
            sheets.append(Sheet.from_table("BLT-DD", extra, title="BLT Dana Desa"))
        _write(out, sheets, main.num_rows)
    else:
        render(main, fmt)


def stunting_risk(
    region: str = typer.Option(None, "--region", help="Region code, or 'all' (default: the priority loci)."),
    top: int = typer.Option(None, "--top", "-n", min=1, help="Priority loci to use (default 20)."),
    registry: str = typer.Option(None, "--registry", "-r", help="Registry snapshot (default: the latest)."),
    as_of: str = typer.Option(None, "--as-of", help="Reference date yyyy-mm-dd."),
    pseudonymise: bool = typer.Option(False, "--pseudonymise", help="Replace NIK, KK and names by keyed HMACs."),
    out: Path = typer.Option(None, "--out", "-o", help="Also write FILE.xlsx or FILE.csv."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
) -> None:
    """Families at risk of stunting (decile ≤ 2 with a child under two, a pregnant woman or a stunted child)."""
    from lokus.convergence import families_at_risk, load_key, pseudonymise_table
    from lokus.convergence._coverage import _latest_growth
    from lokus.reports import Sheet
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace) as ws:
        cov = _coverage(ws, region=region, top=top, registry=registry, catalogue=None, as_of=as_of)
        table = families_at_risk(cov, has_growth=ws.has_table("growth_measurements"),
                                 growth_snapshot=_latest_growth(ws))
        if pseudonymise:
            table = pseudonymise_table(table, load_key(ws.path))
        from lokus.privacy import audit

        audit(ws, "stunting-risk.view", target="families_at_risk", rows=table.num_rows, scope=region,
              pseudonymised=pseudonymise, output=str(out) if out else None)
    if out:
        _write(out, [Sheet.from_table("Keluarga berisiko stunting", table)], table.num_rows)
    render(table, fmt)


def participants_cmd(
    top: int = typer.Option(None, "--top", "-n", min=1, help="Priority loci to use (default 20)."),
    registry: str = typer.Option(None, "--registry", "-r", help="Registry snapshot (default: the latest)."),
    out: Path = typer.Option(None, "--out", "-o", help="Also write FILE.xlsx or FILE.csv."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
) -> None:
    """The meeting's participants: the peratin of each poverty locus, the bidan of each stunting locus."""
    from lokus.convergence import DEFAULT_TOP, default_loci_villages, participants
    from lokus.reports import Sheet
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace, read_only=True) as ws:
        loci = default_loci_villages(ws, registry_snapshot=registry, top=top or DEFAULT_TOP)
        table = participants(ws, loci, lang=STATE.lang)
    if out:
        _write(out, [Sheet.from_table("Peserta" if STATE.lang == "id" else "Participants", table)], table.num_rows)
    render(table, fmt)


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
    _console().print(f"{row['program']} {row['nik'] or row['kk']} {row['delivered_on']}: "
                     + ("tercatat." if STATE.lang == "id" else "recorded."))


@interventions_app.command("import")
def interventions_import(
    file: str = typer.Argument(..., help="CSV/XLSX with NIK or NO_KK, program, tanggal (date), keterangan."),
    sheet: str = typer.Option(None, "--sheet", help="Workbook sheet."),
) -> None:
    """Import a file of deliveries; bad rows are quarantined with a reason."""
    from lokus.convergence import import_interventions
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace) as ws:
        s = import_interventions(ws, file, sheet=sheet)
    en = STATE.lang == "en"
    console = _console()
    if s.unchanged:
        console.print("Already imported; nothing changed." if en else "Sudah pernah dimuat; tidak ada yang berubah.")
    console.print(f"{s.rows_read} rows read: {s.accepted} recorded, {s.quarantined} quarantined." if en
                   else f"{s.rows_read} baris dibaca: {s.accepted} dicatat, {s.quarantined} dikarantina.")
    for code, n in s.reasons.items():
        console.print(f"  {code}: {n} — {t(f'reason.{code}', STATE.lang)}")


@interventions_app.command("list")
def interventions_list(
    program: str = typer.Option(None, "--program", "-p", help="Only this program."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
) -> None:
    """Recorded deliveries, newest first."""
    from lokus.convergence import list_interventions
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace, read_only=True) as ws:
        rows = list_interventions(ws, program.strip().upper().replace("-", "_") if program else None)
    render(rows, fmt)


def register(app: typer.Typer) -> None:
    app.add_typer(programs_app, name="programs")
    app.add_typer(interventions_app, name="interventions")
    app.command("gaps")(gaps)
    app.command("worklist")(worklist)
    app.command("stunting-risk")(stunting_risk)
    app.command("participants")(participants_cmd)
