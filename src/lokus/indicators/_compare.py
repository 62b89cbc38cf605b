"""Administrative figures (registry counts, e-PPGBM / lokus z-scores) beside survey estimates.

Districts are judged on survey figures (BPS Susenas, Kemenkes SSGI/SKI) but act on administrative
ones (DTKS/P3KE, e-PPGBM); the two often disagree. These pure functions put them side by side.
"""

from __future__ import annotations

import os
from typing import Any

import polars as pl

from lokus.i18n import DEFAULT_LANG, fmt_int, fmt_sig, label, t
from lokus.indicators._messages import indicator_label, lower_first
from lokus.indicators._profile import latest, period_rank, scopes_of
from lokus.indicators._values import PUBLISHED, all_values, citation

COMPARE_COLUMNS = [
    "comparison",
    "region_code",
    "unit",
    "admin_value",
    "admin_source",
    "survey_indicator",
    "survey_region_code",
    "survey_year",
    "survey_period",
    "survey_value",
    "survey_source",
    "difference",
    "ratio",
    "method",
    "note",
]
# ``method`` says, in the output language, how the survey figure was obtained (a sentence for people,
# from the catalogue ``indicators.compare.method.*``).
# ``note`` says, as a code, why a row needs a word of explanation (the text for people:
# ``indicators.compare.note.<code>`` in indicators._messages):
#   survey_of_parent      the region has no survey figure of its own: the nearest parent's is used
#   no_survey             neither the region nor any parent has a survey figure
#   no_rate               no BPS rate figure for the region, so no estimate
#   no_population         a rate but no population figure, so no estimate
COMPARE_NOTES = ("survey_of_parent", "no_survey", "no_rate", "no_population")
STUNTING_SURVEY = "stunting_prevalence_ssgi"
# The default administrative sources (their text for people: indicators._messages.admin_source_label).
ADMIN_GROWTH = "e-PPGBM / lokus z-scores"
ADMIN_REGISTRY = "registry (DTKS/P3KE)"


def _nearest_survey(values: pl.DataFrame, code: str, indicator: str) -> dict[str, Any] | None:
    """The latest survey figure for ``code``, else for its nearest parent that has one."""
    for scope in scopes_of(code):
        row = latest(values, scope.code, indicator)
        if row is not None:
            return row
    return None


def _row(
    comparison: str,
    code: str,
    unit: str,
    admin: float | None,
    admin_source: str | None,
    indicator: str,
    survey: dict[str, Any] | None,
    survey_value: float | None,
    method: str,
    note: str | None = None,
) -> dict[str, Any]:
    diff = None if admin is None or survey_value is None else round(admin - survey_value, 4)
    ratio = None if admin is None or not survey_value else round(admin / survey_value, 4)
    return {
        "comparison": comparison,
        "region_code": code,
        "unit": unit,
        "admin_value": admin,
        "admin_source": admin_source,
        "survey_indicator": indicator,
        "survey_region_code": survey["region_code"] if survey else None,
        "survey_year": survey["year"] if survey else None,
        "survey_period": survey["period"] if survey else None,
        "survey_value": survey_value,
        "survey_source": survey["source"] if survey else None,
        "difference": diff,
        "ratio": ratio,
        "method": method,
        "note": note if note is not None else (
            "survey_of_parent" if survey is not None and survey["region_code"] != code else None),
    }


def _frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    schema = {c: pl.Utf8 for c in COMPARE_COLUMNS} | {
        "admin_value": pl.Float64,
        "survey_value": pl.Float64,
        "difference": pl.Float64,
        "ratio": pl.Float64,
        "survey_year": pl.Int64,
    }
    return pl.DataFrame(rows, schema=schema)


#: The columns :func:`compare_texts` adds, each after the code it says in words.
COMPARE_TEXTS = ("comparison", "unit", "admin_source", "survey_indicator", "survey_period", "survey_source", "note")


def compare_texts(table: pl.DataFrame, lang: str = DEFAULT_LANG) -> pl.DataFrame:
    """``table`` (rows of ``compare_*``) with each code of :data:`COMPARE_TEXTS` also in words in ``lang``, in a
    ``<code>_text`` column right after it: what a person reads (the command line's table shows these, its CSV and
    JSON carry both). ``survey_source_text`` is the figure's citation in ``lang``, ``note_text`` the sentence of
    its note."""
    from lokus.indicators._messages import admin_source_label, compare_note, unit_label

    rows = table.to_dicts()

    def said(column: str, row: dict[str, Any]) -> str:
        value = row.get(column)
        if column == "comparison":
            return label("comparison", value, lang)
        if column == "unit":
            return unit_label(value, lang)
        if column == "admin_source":
            return admin_source_label(value, lang)
        if column == "survey_indicator":
            return indicator_label(value, lang) if value else ""
        if column == "survey_period":
            return label("period", value, lang)
        if column == "survey_source":
            return citation(row["survey_region_code"], row["survey_indicator"], row["survey_year"],
                            row["survey_period"], value, lang) if row.get("survey_region_code") else ""
        return compare_note(row, lang)

    out = table
    for column in COMPARE_TEXTS:
        texts = pl.Series(f"{column}_text", [said(column, r) for r in rows], dtype=pl.Utf8)
        out = out.insert_column(out.columns.index(column) + 1, texts)
    return out


def compare_stunting(
    admin: float | pl.DataFrame,
    code: str | None = None,
    *,
    admin_source: str = ADMIN_GROWTH,
    survey_indicator: str = STUNTING_SURVEY,
    values: pl.DataFrame | None = None,
    workspace: str | os.PathLike[str] | None = None,
    lang: str = DEFAULT_LANG,
) -> pl.DataFrame:
    """Administrative stunting prevalence (percent) beside the latest survey prevalence.

    ``admin`` is one number for ``code``, or a table with ``region_code`` and ``prevalence``
    (percent; optional ``source``), e.g. from lokus z-scores per village. A region without its
    own survey figure is compared with its nearest parent's (``survey_region_code`` says which).
    ``difference`` = admin − survey in percentage points; ``ratio`` = admin / survey.
    """
    data = values if values is not None else all_values(workspace)
    if isinstance(admin, pl.DataFrame):
        table = admin
    else:
        table = pl.DataFrame({"region_code": [code], "prevalence": [float(admin)]})
    has_source = "source" in table.columns
    rows = []
    for rec in table.to_dicts():  # one row per region compared (tens to hundreds)
        region = str(rec["region_code"])
        survey = _nearest_survey(data, region, survey_indicator)
        value = None if rec["prevalence"] is None else float(rec["prevalence"])
        rows.append(
            _row(
                "stunting prevalence",
                scopes_of(region)[0].code,
                "percent",
                value,
                str(rec["source"]) if has_source and rec["source"] else admin_source,
                survey_indicator,
                survey,
                None if survey is None else float(survey["value"]),
                t("indicators.compare.method.stunting", lang),
                None if survey is not None else "no_survey",
            )
        )
    return _frame(rows)


def _population_near(values: pl.DataFrame, code: str, year: int) -> dict[str, Any] | None:
    rows = (
        values.filter((pl.col("region_code") == code) & (pl.col("indicator") == "population_total"))
        .with_columns(
            (pl.col("year") - year).abs().alias("_dist"),
            period_rank().alias("_p"),
            (pl.col("origin") != PUBLISHED).alias("_user"),
        )
        .sort(["_dist", "_user", "year", "_p"], descending=[False, False, False, True])
    )
    return rows.row(0, named=True) if rows.height else None


def bps_count_estimate(
    values: pl.DataFrame, code: str, rate_indicator: str
) -> tuple[float | None, dict[str, Any] | None, dict[str, Any] | None]:
    """BPS-based count = latest rate (percent) × population of the nearest year; with both rows."""
    rate = latest(values, code, rate_indicator)
    if rate is None:
        return None, None, None
    pop = _population_near(values, code, int(rate["year"]))
    if pop is None:
        return None, rate, None
    return round(float(rate["value"]) / 100.0 * float(pop["value"])), rate, pop


def compare_poverty_counts(
    code: str,
    *,
    extreme_poor: float | None = None,
    decile1: float | None = None,
    admin_source: str = ADMIN_REGISTRY,
    values: pl.DataFrame | None = None,
    workspace: str | os.PathLike[str] | None = None,
    lang: str = DEFAULT_LANG,
) -> pl.DataFrame:
    """Registry counts (persons) beside BPS estimates (rate × population) for ``code``.

    ``extreme_poor`` is compared with the extreme-poverty rate × population; ``decile1`` (persons
    in decile 1) with both the extreme-poverty and the poverty (P0) estimates. ``method`` says how
    each estimate was made, in ``lang``.
    """
    data = values if values is not None else all_values(workspace)
    dotted = scopes_of(code)[0].code
    pairs = []
    if extreme_poor is not None:
        pairs.append(("extreme poor", float(extreme_poor), "extreme_poverty_rate"))
    if decile1 is not None:
        pairs += [
            ("decile 1", float(decile1), "extreme_poverty_rate"),
            ("decile 1", float(decile1), "poverty_rate_p0"),
        ]
    rows = []
    for comparison, count, indicator in pairs:
        estimate, rate, pop = bps_count_estimate(data, dotted, indicator)
        what = lower_first(indicator_label(indicator, lang))
        if rate is None:
            method = t("indicators.compare.method.no_rate", lang, indicator=what, region=dotted)
            note: str | None = "no_rate"
            survey = None
        elif pop is None:
            method = t("indicators.compare.method.no_population", lang, indicator=what, region=dotted)
            note = "no_population"
            survey = rate
        else:
            method = t(
                "indicators.compare.method.estimate", lang,
                rate=fmt_sig(float(rate["value"]), lang, 6) + "%", year=rate["year"],
                period=label("period", rate["period"], lang), population=fmt_int(float(pop["value"]), lang),
                pop_year=pop["year"], pop_period=label("period", pop["period"], lang),
                pop_source=citation(pop["region_code"], "population_total", pop["year"], pop["period"],
                                    pop["source"], lang),
            )
            note = None
            survey = rate
        rows.append(
            _row(
                comparison,
                dotted,
                "persons",
                count,
                admin_source,
                indicator,
                survey,
                None if estimate is None else float(estimate),
                method,
                note,
            )
        )
    return _frame(rows)
