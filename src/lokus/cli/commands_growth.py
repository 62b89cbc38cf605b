"""``lokus anthro …``: WHO z-scores, prevalence and growth charts from a file.

A thin shell: parsing options, calling :mod:`lokus.growth`, rendering. No rule lives here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from lokus.cli._columns import COLUMN_OPTION, COLUMNS_OPTION, mapping
from lokus.cli._context import STATE
from lokus.cli._engine import ENGINE_OPTION, MEMORY_OPTION
from lokus.cli._output import OutputFormat, render
from lokus.i18n import fmt_int, fmt_number, header, t

anthro_app = typer.Typer(
    help="Child growth (WHO 2006 standards).", no_args_is_help=True
)

# Columns shown by `anthro prevalence` unless --full: sample size, the main prevalences with 95% CI.
_COMPACT = (
    "Group", "HAZ_unwpop", "HA_2_r", "HA_2_ll", "HA_2_ul", "HA_3_r", "HA_r",
    "WHZ_unwpop", "WH_2_r", "WH_2_ll", "WH_2_ul", "WH2_r",
    "WAZ_unwpop", "WA_2_r", "WA_2_ll", "WA_2_ul",
)


def register(app: typer.Typer) -> None:
    app.add_typer(anthro_app, name="anthro")


@anthro_app.command("zscores")
def zscores_cmd(
    input: str = typer.Argument(..., help="CSV, XLSX or Parquet with sex, age_days (or birth_date + "
                                "measure_date), weight_kg, lenhei_cm, measure, oedema."),
    out: str = typer.Option(..., "--out", "-o", help="Output file: .csv, .xlsx or .parquet."),
    column: list[str] = COLUMN_OPTION,
    columns: Path = COLUMNS_OPTION,
    engine: str = ENGINE_OPTION,
    memory_limit: str = MEMORY_OPTION,
) -> None:
    """Add WHO z-scores (zlen, zwei, zwfl, zbmi), flags and reasons to every row of INPUT.

    CSV and Parquet are read and written in batches: memory stays bounded whatever the file's size."""
    from lokus.cli._engine import engine_settings
    from lokus.growth import check_output, classify, zscores_file

    check_output(out)
    settings = engine_settings(engine, memory_limit)
    if settings.engine == "spark":  # Spark reads INPUT (a file or a configured table); the same NumPy core
        from lokus.cli._engine import spark_backend_for
        from lokus.engine import zscores_file_on_spark
        from lokus.growth import write_table

        result = classify(zscores_file_on_spark(spark_backend_for(settings), input, mapping(column, columns)),
                          lang=STATE.lang)
        write_table(result, out, lang=STATE.lang)
        rows, n_reason, n_stunted = result.height, result["reason"].is_not_null().sum(), (result["zlen"] < -2).sum()
    else:
        from lokus.cli._progress import stages

        with stages("growth.progress", "read") as progress:
            done = zscores_file(input, out, columns=mapping(column, columns), lang=STATE.lang,
                                memory_limit=settings.memory_limit, progress=progress)
        rows, n_reason, n_stunted = done.rows, done.reasons, done.stunted
    Console(stderr=True, highlight=False).print(
        t("growth.cli.zscores_done", STATE.lang, rows=fmt_int(rows, STATE.lang), out=out,
          reasons=fmt_int(n_reason, STATE.lang), stunted=fmt_int(n_stunted, STATE.lang),
          # the column as the file heads it: a workbook's header is in the language, CSV/Parquet keep "reason"
          column=header("reason", STATE.lang, topic="growth") if out.lower().endswith(".xlsx") else "reason")
    )


@anthro_app.command("prevalence")
def prevalence_cmd(
    input: str = typer.Argument(..., help="CSV, XLSX or Parquet of measurements (as for `anthro zscores`)."),
    by: list[str] = typer.Option(None, "--by", help="Also group by this column (repeatable)."),
    weight: str = typer.Option(None, "--weight", help="Column of sampling weights."),
    cluster: str = typer.Option(None, "--cluster", help="Column of clusters (PSU)."),
    strata: str = typer.Option(None, "--strata", help="Column of strata."),
    full: bool = typer.Option(False, "--full", help="All columns of anthro_prevalence."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
    column: list[str] = COLUMN_OPTION,
    columns: Path = COLUMNS_OPTION,
    engine: str = ENGINE_OPTION,
    memory_limit: str = MEMORY_OPTION,
) -> None:
    """Stunting, wasting, underweight and overweight prevalence with 95% CI, as WHO anthro computes it.

    CSV and Parquet are read in batches (bounded memory), except with --cluster or --strata."""
    from lokus.cli._engine import engine_settings
    from lokus.growth import prevalence_file

    settings = engine_settings(engine, memory_limit)
    if settings.engine == "spark":  # z-scores on Arrow batches, group sums as Spark aggregates
        from lokus.cli._engine import spark_backend_for
        from lokus.engine import input_table, prevalence_on

        be = spark_backend_for(settings)
        result = prevalence_on(be, input_table(be, input), by=by or None, weights=weight, cluster=cluster,
                               strata=strata, source=input, columns=mapping(column, columns))
    else:
        from lokus.cli._progress import stages

        with stages("growth.progress", "read") as progress:
            result = prevalence_file(input, by=by or None, weights=weight, cluster=cluster, strata=strata,
                                     columns=mapping(column, columns), memory_limit=settings.memory_limit,
                                     progress=progress)
    if fmt is OutputFormat.table and not full:
        result = _display(result, STATE.lang)
    elif not full:
        result = result.select(_COMPACT)
    render(result, fmt, title=t("growth.cli.prevalence_title", STATE.lang))


def _display(result: Any, lang: str) -> Any:
    """A narrow table for people: n, then % with 95% CI for the four main indicators."""
    import polars as pl

    from lokus.growth._messages import group_label

    def pct(stem: str) -> pl.Expr:
        r, lo, hi = (pl.col(f"{stem}_{p}") for p in ("r", "ll", "ul"))
        def num(e: pl.Expr) -> pl.Expr:
            return e.map_elements(lambda v: fmt_number(v, lang, 1), return_dtype=pl.String)

        text = pl.format("{} ({}–{})", num(r), num(lo), num(hi))
        return pl.when(r.is_null()).then(pl.lit("-")).otherwise(text)

    return result.select(
        pl.col("Group").map_elements(lambda g: group_label(g, lang), return_dtype=pl.String).alias("group"),
        pl.col("HAZ_unwpop").cast(pl.Int64).alias("n"),
        pct("HA_2").alias("stunting_ci"),
        pct("WH_2").alias("wasting_pct"),
        pct("WA_2").alias("underweight_pct"),
        pct("WH2").alias("overweight_pct"),
    )


@anthro_app.command("chart")
def chart_cmd(
    input: str = typer.Argument(..., help="CSV, XLSX or Parquet of measurements with a child id column."),
    child: str = typer.Option(..., "--child", help="The child's id (value of the id column)."),
    out: str = typer.Option(..., "--out", "-o", help="Output image: .png or .svg."),
    id_column: str = typer.Option(None, "--id-column", help="Id column; default child_id, id, id_anak, NIK."),
    column: list[str] = COLUMN_OPTION,
    columns: Path = COLUMNS_OPTION,
) -> None:
    """Draw one child's length/height-for-age chart over the WHO curves (-3, -2, 0, +2, +3 SD)."""
    from lokus.growth import growth_chart, read_table

    frame = read_table(input, columns=mapping(column, columns))
    path = growth_chart(frame, child, out, id_column=id_column, lang=STATE.lang, source=input)
    Console(stderr=True, highlight=False).print(t("growth.cli.chart_done", STATE.lang, out=str(path)))
