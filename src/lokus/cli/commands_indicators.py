"""CLI shells for indicators, targets and poverty measures: parse, call the core, render."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import polars as pl
import typer
from rich.console import Console

from lokus.cli._columns import COLUMN_OPTION, COLUMNS_OPTION, mapping
from lokus.cli._context import STATE
from lokus.cli._engine import ENGINE_OPTION
from lokus.cli._output import REPLACE_OPTION, Col, OutputFormat, print_table, render
from lokus.cli._progress import engine_key, working
from lokus.i18n import fmt_int, fmt_number, has, t
from lokus.indicators import target_name_text
from lokus.indicators._messages import indicator_label, unit_label
from lokus.indicators._values import citation

FORMAT_OPTION = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json.")

indicators_app = typer.Typer(
    help="Published indicators and comparisons.", no_args_is_help=True
)
targets_app = typer.Typer(help="Targets and progress.", no_args_is_help=True)
poverty_app = typer.Typer(help="FGT poverty measures.", no_args_is_help=True)


class ChartKind(StrEnum):
    trend = "trend"
    peers = "peers"


def _fmt_number(value: Any) -> str:
    if value is None:
        return ""
    v = float(value)
    return fmt_int(v, STATE.lang) if abs(v) >= 1000 or v == int(v) else fmt_number(v, STATE.lang, 2).rstrip("0")


def _peer_group(label: str | None) -> str:
    """The core's peer-group label ("regencies of Lampung") in the user's language."""
    import re

    m = re.fullmatch(r"(provinces|regencies|districts|villages)(?: of (.+))?", label or "")
    return t(f"cli.peers.{m[1]}", STATE.lang, name=m[2] or "") if m else (label or "")


def _period(value: str) -> str:
    if value.startswith("as of ") and len(value) == 16:  # "as of 2024-12-16": a date in the user's language
        from datetime import date

        from lokus.i18n import fmt_date

        try:
            day = date.fromisoformat(value[6:])
        except ValueError:
            return value
        return t("period.as_of", STATE.lang, date=fmt_date(day, STATE.lang))
    return t(f"period.{value}", STATE.lang) if has(f"period.{value}") else value


def _profile_table(profile: pl.DataFrame, console: Console) -> None:
    """One row per indicator, year and period; one column per scope; sources as footnotes."""
    lang = STATE.lang
    scopes = profile.select("scope", "region_name").unique(maintain_order=True).to_dicts()
    names = list(dict.fromkeys(s["region_name"] for s in scopes))
    notes: dict[str, int] = {}
    rows: dict[tuple[str, int, str], dict[str, Any]] = {}
    for rec in profile.to_dicts():
        key = (rec["indicator"], rec["year"], rec["period"])
        row = rows.setdefault(
            key,
            {
                "indicator": rec["indicator"],
                "year": rec["year"],
                "period": _period(rec["period"]),
                **dict.fromkeys(names, ""),
                "rank": "",
            },
        )
        # the publication in the user's language and the relay it was read from (a user's figure: its source)
        note = citation(rec["region_code"], rec["indicator"], rec["year"], rec["period"], rec["source"], lang)
        n = notes.setdefault(note, len(notes) + 1)
        cell = f"{_fmt_number(rec['value'])} [{n}]"
        name = rec["region_name"]
        row[name] = f"{row[name]} / {cell}" if row[name] else cell
        if rec["scope"] == "region" and rec["rank"] is not None and not row["rank"]:
            row["rank"] = f"{rec['rank']}/{rec['peers']} ({_peer_group(rec['peer_group'])})"
    units = dict(zip(profile["indicator"].to_list(), profile["unit"].to_list(), strict=True))
    for row in rows.values():
        unit = unit_label(units.get(row["indicator"]), lang)
        row["indicator"] = f"{indicator_label(row['indicator'], lang)} ({unit})"
    columns = [Col("indicator", wrap=True, priority=0), Col("year", kind="text", priority=0),
               Col("period", wrap=True, priority=3)]
    columns += [Col(n, label=n, wrap=True, priority=1 + i) for i, n in enumerate(names)]
    columns.append(Col("rank", header="col.peer_rank", wrap=True, priority=2))
    print_table(list(rows.values()), columns, console=console, title=t("indicators.rank_note", lang))
    for source, n in notes.items():
        console.print(f"[{n}] {source}", soft_wrap=True, highlight=False, markup=False)


@indicators_app.command("show")
def indicators_show(
    code: str = typer.Argument(..., help="Region code, e.g. 18.04 (Lampung Barat), 18, or ID."),
    indicator: str = typer.Option(None, "--indicator", "-i", help="e.g. poverty_rate_p0, stunting."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """The region beside its province and the nation, by year, with its rank among peers."""
    from lokus.indicators import region_profile

    profile = region_profile(code, indicator, workspace=STATE.workspace)
    if fmt is OutputFormat.table:
        _profile_table(profile, Console())
    else:
        render(profile, fmt)


@indicators_app.command("list")
def indicators_list(fmt: OutputFormat = FORMAT_OPTION) -> None:
    """The registered indicators."""
    from lokus.indicators import INDICATORS

    lang = STATE.lang

    def described(r: dict[str, Any]) -> str:
        key = f"indicator.{r['name']}.description"
        return t(key, lang) if has(key) else r["description"]

    render(
        [
            {
                "name": i.name,
                "unit": i.unit,
                "direction": i.direction.value,
                "basis": i.basis.value,
                "description": i.description,
            }
            for i in INDICATORS.values()
        ],
        fmt,
        columns=[Col("name", priority=0), Col("unit", enum="unit", priority=2),
                 Col("direction", enum="direction", priority=4), Col("basis", enum="basis", priority=3),
                 Col("description", wrap=True, priority=1, value=described)],
    )


@indicators_app.command("add")
def indicators_add(
    file: Path = typer.Argument(..., help="CSV with region_code, indicator, year, value, source."),
    fmt: OutputFormat = FORMAT_OPTION,
    column: list[str] = COLUMN_OPTION,
    columns: Path = COLUMNS_OPTION,
    replace: bool = REPLACE_OPTION,
) -> None:
    """Add figures (with their sources) to the workspace; bad rows are quarantined."""
    from lokus.i18n import t
    from lokus.indicators import add_values_file
    from lokus.quarantine import reason_message
    from lokus.registry import _messages  # noqa: F401  (the shared ingest summary lines)

    s = add_values_file(file, STATE.workspace, columns=mapping(column, columns), replace=replace)
    render([{"snapshot": s.snapshot, "rows_read": s.rows_read, "rows": s.rows, "quarantined": s.quarantined,
             "file": str(file)}], fmt,
           columns=[Col("snapshot", priority=0), Col("rows_read", kind="int"), Col("rows", kind="int", priority=0),
                    Col("quarantined", kind="int", priority=0), Col("file", wrap=True)])
    if s.quarantined and fmt == "table":
        console = Console(highlight=False)
        for code, n in s.reasons.items():
            console.print(f"  {code}: {fmt_int(n, STATE.lang)} — {reason_message(code, 'indicators', STATE.lang)}", markup=False)
        console.print(t("ingest.summary.quarantine_hint", STATE.lang, snapshot=s.snapshot), markup=False)


@indicators_app.command("compare")
def indicators_compare(
    code: str = typer.Argument(..., help="Region code, e.g. 18.04."),
    admin_stunting_text: str = typer.Option(None, "--admin-stunting", help="Administrative stunting, percent."),
    admin_extreme_poor_text: str = typer.Option(
        None, "--admin-extreme-poor", help="Registry extreme poor, persons."
    ),
    admin_decile1_text: str = typer.Option(None, "--admin-decile1", help="Registry decile-1 persons."),
    admin_source: str = typer.Option(
        None, "--admin-source", help="Where the administrative figures come from."
    ),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Administrative figures beside survey estimates (SSGI; BPS rate × population)."""
    from lokus.errors import ConfigError
    from lokus.indicators import all_values
    from lokus.indicators._compare import compare_poverty_counts, compare_stunting, compare_texts
    from lokus.tables import parse_option

    # Read as files are: a percent with , or . as its mark (14,5); persons with . grouping thousands (1.234)
    admin_stunting = parse_option(admin_stunting_text, "decimal", "--admin-stunting")
    admin_extreme_poor = parse_option(admin_extreme_poor_text, "money", "--admin-extreme-poor")
    admin_decile1 = parse_option(admin_decile1_text, "money", "--admin-decile1")
    if admin_stunting is None and admin_extreme_poor is None and admin_decile1 is None:
        raise ConfigError("error.indicators.compare_nothing")
    values = all_values(STATE.workspace)
    frames = []
    if admin_stunting is not None:
        frames.append(
            compare_stunting(
                admin_stunting, code, values=values, lang=STATE.lang,
                **({"admin_source": admin_source} if admin_source else {}),
            )
        )
    if admin_extreme_poor is not None or admin_decile1 is not None:
        frames.append(
            compare_poverty_counts(
                code,
                extreme_poor=admin_extreme_poor,
                decile1=admin_decile1,
                values=values,
                lang=STATE.lang,
                **({"admin_source": admin_source} if admin_source else {}),
            )
        )
    # every code also in words in the output language (``*_text``, beside the codes in CSV/JSON)
    table = compare_texts(pl.concat(frames), STATE.lang)
    # Why a figure is another region's, or blank: sentences under the table (CSV/JSON keep the ``note`` code)
    notes = list(dict.fromkeys(n for n in table["note_text"].to_list() if n))
    note = "\n".join([t("indicators.compare.notes_title", STATE.lang), *(f"• {n}" for n in notes)]) if notes else None
    render(table, fmt, note=note, columns=[
        Col("comparison_text", wrap=True, priority=0), Col("admin_value", priority=0),
        Col("survey_value", priority=0), Col("survey_year", kind="text", priority=1),
        Col("difference", priority=1), Col("ratio", kind="number", digits=2, priority=2),
        Col("survey_indicator_text", wrap=True, priority=5), Col("admin_source_text", wrap=True, priority=4),
        Col("survey_source_text", wrap=True, priority=6),
    ])


@indicators_app.command("chart")
def indicators_chart(
    code: str = typer.Argument(..., help="Region code, e.g. 18.04."),
    indicator: str = typer.Option(..., "--indicator", "-i", help="e.g. stunting, poverty_rate_p0."),
    out: Path = typer.Option(..., "--out", "-o", help="Output file, .png or .svg."),
    kind: ChartKind = typer.Option(ChartKind.trend, "--kind", help="trend (with target path) or peers."),
    year: int = typer.Option(None, "--year", help="Year for the peers chart (default: latest)."),
) -> None:
    """Chart the trend vs the target path, or the region among its peers."""
    from lokus.indicators._charts import peers_chart, trend_chart

    if kind is ChartKind.trend:
        path = trend_chart(code, indicator, out, workspace=STATE.workspace, lang=STATE.lang)
    else:
        path = peers_chart(code, indicator, out, year=year, workspace=STATE.workspace, lang=STATE.lang)
    typer.echo(str(path))


@targets_app.command("show")
def targets_show(
    code: str = typer.Argument(..., help="Region code, e.g. 18.04, or ID."),
    targets_file: Path = typer.Option(
        None, "--targets", help="TOML or CSV: indicator, region, value, year, source."
    ),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Latest figure vs the linear target path, and the annual reduction still needed."""
    from lokus.indicators import builtin_targets, merge_targets, read_targets, target_progress

    targets = builtin_targets()
    if targets_file is not None:
        targets = merge_targets(targets, read_targets(targets_file))
    lang = STATE.lang
    render(target_progress(code, targets=targets, workspace=STATE.workspace), fmt, columns=[
        Col("indicator", wrap=True, priority=0, value=lambda r: indicator_label(r["indicator"], lang)),
        Col("latest_value", priority=0,
            value=lambda r: None if r["latest_value"] is None else f"{_fmt_number(r['latest_value'])} "
            f"({r['latest_year']})"),
        Col("target_value", priority=0,
            value=lambda r: f"{_fmt_number(r['target_value'])} ({r['target_year']})"),
        Col("path_value", kind="number", priority=2), Col("annual_reduction_needed", kind="number", digits=2, priority=1),
        Col("status", enum="target_status", priority=0), Col("target", header="col.target_name", wrap=True,
                                                            priority=3, value=lambda r: target_name_text(r["target"], lang)),
    ])


@poverty_app.command("fgt")
def poverty_fgt(
    file: Path = typer.Argument(..., help="Survey microdata: CSV, XLSX or Parquet."),
    line_text: str = typer.Option(..., "--line", help="Poverty line, rupiah per capita per month "
                                  "(written as in files: 500000, 500.000 or Rp 500.000)."),
    extreme_line_text: str = typer.Option(
        None, "--extreme-line", help="Extreme line, rupiah per capita per month (default 10,739 × 30.4375)."
    ),
    consumption: str = typer.Option("consumption", "--consumption", help="Per-capita consumption column."),
    weight: str = typer.Option(None, "--weight", help="Household weight column."),
    strata: str = typer.Option(None, "--strata", help="Stratum column."),
    psu: str = typer.Option(None, "--psu", help="PSU (cluster) column."),
    size: str = typer.Option(None, "--size", help="Household size column (person-level measures)."),
    by: str | None = typer.Option(None, "--by", help="Report by this column too (e.g. village code)."),
    fmt: OutputFormat = FORMAT_OPTION,
    column: list[str] = COLUMN_OPTION,
    columns: Path = COLUMNS_OPTION,
    engine: str = ENGINE_OPTION,
) -> None:
    """FGT P0, P1, P2 and the extreme headcount with design-based SEs and 95% CIs."""
    from lokus.cli._engine import engine_settings
    from lokus.poverty import EXTREME_LINE_MONTHLY_RP, SurveyDesign, fgt, read_survey
    from lokus.tables import parse_option

    # Rupiah as files write them: 500.000 is five hundred thousand, never 500 (one parser, lokus.tables)
    line = parse_option(line_text, "money", "--line")
    assert line is not None  # a required option
    extreme_line = parse_option(extreme_line_text, "money", "--extreme-line")
    design = SurveyDesign(consumption, weight, strata, psu, size)
    extreme = EXTREME_LINE_MONTHLY_RP if extreme_line is None else extreme_line
    settings = engine_settings(engine)
    if settings.engine == "spark":  # the engine reads FILE (or a configured table) and sums; no workspace
        import dataclasses

        from lokus.cli._engine import spark_backend_for
        from lokus.engine import fgt_on, input_table

        with working(engine_key("spark")):
            table = input_table(spark_backend_for(settings), str(file))
            named = mapping(column, columns) or {}
            table = table.rename({field: header for field, header in named.items() if header in table.columns})
            design = dataclasses.replace(design, **{k: k for k in named if k != "by"})
            by = "by" if "by" in named else by
            out = fgt_on(table, line, extreme_line=extreme, design=design, by=by)
    else:
        survey = read_survey(file, design, by=by, columns=mapping(column, columns))
        out = fgt(survey.frame, line, extreme_line=extreme, design=survey.design, by=survey.by, lines=survey.lines)
    def four(name: str, priority: int) -> Col:
        return Col(name, kind="number", digits=4, priority=priority)

    from lokus.poverty import ALL

    def group(r: dict[str, Any]) -> Any:  # the whole-population row in the user's language (JSON keeps "(all)")
        return t("poverty.group.all", STATE.lang) if r["group"] == ALL else r["group"]

    render(out, fmt, columns=[
        Col("group", priority=0, value=group), Col("measure", enum="fgt_measure", priority=0),
        four("estimate", 0), four("se", 2), four("ci_low", 1),
        four("ci_high", 1), Col("n", kind="int", priority=3), Col("population", kind="weighted", priority=4),
        Col("line", kind="int", priority=5), Col("n_psu", kind="int", priority=6),
        Col("n_strata", kind="int", priority=7), Col("note", wrap=True, priority=3),
    ])


def register(app: typer.Typer) -> None:
    app.add_typer(indicators_app, name="indicators")
    app.add_typer(targets_app, name="targets")
    app.add_typer(poverty_app, name="poverty")
