"""Vectorised normalisers: SQL expressions (DuckDB) that turn a raw text column into a typed one.

:func:`field_plan` gives, per :class:`~lokus.tables.FieldKind`, the layered SQL that turns a raw
text column into its normalised value (NULL when empty or unreadable) and the condition "a value
was written but could not be read", which callers turn into a reason code. Each expensive
expression runs once per row, and clean spellings take a fast path. The NIK rules mirror
:func:`lokus.nik.check_nik` (a property test keeps them equal on ASCII input).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lokus._sql import sql_literal
from lokus.nik._nik import PROVINCE_CODES
from lokus.tables import _values
from lokus.tables._spec import FieldKind

__all__ = [
    "FieldPlan",
    "field_plan",
    "decile_reason_plan",
    "dotted_sql",
    "village_sql",
    "empty_sql",
    "text_sql",
    "ident_sql",
    "date_sql",
    "date_problem_sql",
    "integer_sql",
    "nik_reason_sql",
    "nik_birth_sql",
    "nik_parts_sql",
]

# Python's str.isspace() set, spelled for RE2 (its \s is ASCII only).
_SPACE = r"\s\x0b\x1c-\x1f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
_QUOTES = "'\"`\u2018\u2019"
_EMPTY_MARKERS = ("", "-", "--", "null", "none", "nan", "n/a", "#n/a")

SEX_MALE = ("L", "LAKILAKI", "LAKI", "LK", "1", "M", "MALE", "PRIA")
SEX_FEMALE = ("P", "PEREMPUAN", "PR", "2", "F", "FEMALE", "WANITA", "W")
FLAG_TRUE = ("ya", "y", "1", "true", "iya", "yes", "benar", "ada")
FLAG_FALSE = ("tidak", "t", "0", "false", "tdk", "no", "n", "bukan", "tidak ada")


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(sql_literal(v) for v in values)


def text_sql(x: str) -> str:
    """Trimmed text; empty and placeholders (``-``, ``NULL``, ``#N/A``) become NULL."""
    return f"(CASE WHEN lower(trim({x})) IN ({_in(_EMPTY_MARKERS)}) THEN NULL ELSE trim({x}) END)"


def ident_sql(x: str) -> str:
    """Digit-string identifiers as text, like :func:`lokus.nik.normalize_nik` (NIK, KK)."""
    stripped = f"regexp_replace({x}, '[{_SPACE}{_QUOTES.replace(chr(39), chr(39) * 2)}]', '', 'g')"
    return f"NULLIF(regexp_replace({stripped}, '^([0-9]+)\\.0$', '\\1'), '')"


_SEP = r"[\s.\-_/]"


def date_sql(x: str, order: str = "dmy") -> str:
    """The date of raw cell ``x`` by the one date parser (:mod:`lokus.tables._values`), or NULL
    (``order``: the column's day/month order, see :func:`lokus.tables._values.date_order`)."""
    return _values.date_sql(x, empty_sql(x), order)[0]


def date_problem_sql(x: str, order: str = "dmy") -> str:
    """The date parser's problem code for raw cell ``x`` (``date_unreadable``,
    ``date_two_digit_year``, ``date_ambiguous``), NULL when the cell is a date or empty."""
    return _values.date_sql(x, empty_sql(x), order)[1]


def _decile_digits(x: str) -> str:
    return f"regexp_extract(trim({x}), '(?i)^(?:desil)?[{_SPACE}_\\-:]*0*([0-9]+)(?:[.,]0+)?$', 1)"


def integer_sql(x: str) -> str:
    return f"TRY_CAST(regexp_replace(trim({x}), '\\.0+$', '') AS INTEGER)"


def nik_parts_sql(n: str) -> str:
    """``DDMMYY`` of NIK column ``n`` (digits 7–12) as one integer; callers on large tables compute
    it once per row as a column and pass it as ``parts`` to :func:`nik_reason_sql` /
    :func:`nik_birth_sql` (one cast instead of one per use)."""
    return f"TRY_CAST(substr({n}, 7, 6) AS INTEGER)"


def _nik_parts(n: str, today: date, parts: str | None = None) -> tuple[str, str, str, str]:
    """(raw day, day, month, year) of a digits-only NIK, by integer arithmetic on its ``DDMMYY``."""
    p = parts or nik_parts_sql(n)
    raw_day = f"({p} // 10000)"
    day = f"({raw_day} - (CASE WHEN {raw_day} > 40 THEN 40 ELSE 0 END))"
    month = f"(({p} // 100) % 100)"
    yy = f"({p} % 100)"
    year = f"(CASE WHEN 2000 + {yy} <= {today.year} THEN 2000 + {yy} ELSE 1900 + {yy} END)"
    return raw_day, day, month, year


def _days_in_month(month: str, year: str) -> str:
    """Days in ``month`` (1–12) of ``year``, by arithmetic (31 for Jan, Mar, May, Jul, Aug, Oct, Dec)."""
    leap = f"(CASE WHEN ({year} % 4 = 0 AND {year} % 100 <> 0) OR {year} % 400 = 0 THEN 1 ELSE 0 END)"
    return f"(CASE WHEN {month} = 2 THEN 28 + {leap} ELSE 30 + ({month} + {month} // 8) % 2 END)"


def nik_reason_sql(n: str, today: date, parts: str | None = None) -> str:
    """Hard NIK reason code for the *normalised* NIK column ``n`` (see :func:`ident_sql`), or NULL.

    ``n`` should be a plain column: it is referenced many times. ``parts``: a column holding
    :func:`nik_parts_sql` of ``n`` (computed inline when omitted).
    """
    _, day, month, year = _nik_parts(n, today, parts)
    provinces = _in(tuple(sorted(PROVINCE_CODES)))
    date_ok = f"({month} BETWEEN 1 AND 12 AND {day} BETWEEN 1 AND {_days_in_month(month, year)})"
    # Same order of checks as lokus.nik.check_nik; a digits-only value can never be scientific.
    return (
        f"(CASE WHEN {n} IS NULL THEN 'nik_missing' "
        f"WHEN NOT regexp_full_match({n}, '[0-9]*') THEN (CASE "
        f"WHEN regexp_full_match({n}, '[+-]?[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+') THEN 'nik_scientific' "
        f"ELSE 'nik_non_digit' END) "
        f"WHEN length({n}) <> 16 THEN 'nik_length' "
        f"WHEN substr({n}, 1, 2) NOT IN ({provinces}) THEN 'nik_province' "
        f"WHEN NOT {date_ok} THEN 'nik_date' "
        f"WHEN substr({n}, 13, 4) = '0000' THEN 'nik_serial' END)"
    )


def nik_birth_sql(n: str, parts: str | None = None) -> tuple[str, str, str, str]:
    """(day, month, two-digit year, sex) encoded in a *valid* NIK ``n`` (``parts``: see
    :func:`nik_reason_sql`)."""
    p = parts or nik_parts_sql(n)
    raw_day = f"({p} // 10000)"
    day = f"({raw_day} - (CASE WHEN {raw_day} > 40 THEN 40 ELSE 0 END))"
    sex = f"(CASE WHEN {raw_day} > 40 THEN 'P' ELSE 'L' END)"
    return day, f"(({p} // 100) % 100)", f"({p} % 100)", sex


def empty_sql(x: str) -> str:
    """True when ``x`` holds nothing (NULL, blank or a placeholder such as ``-`` or ``#N/A``)."""
    return f"({x} IS NULL OR lower(trim({x})) IN ({_in(_EMPTY_MARKERS)}))"


@dataclass(frozen=True)
class FieldPlan:
    """Layered SQL for one field, so that each expensive expression runs at most once per row.

    ``prepare`` runs on the raw row (raw column ``x``), ``refine`` on the prepared columns (and
    the raw ones), ``value`` and ``unreadable`` on both. Column names are ``<field>__<suffix>``.
    The common clean spellings take a fast path without regular expressions.
    """

    prepare: dict[str, str]
    refine: dict[str, str]
    value: str
    unreadable: str
    problem: str | None = None  # a reason code per row (dates: see lokus.tables._values)


def dotted_sql(d: str) -> str:
    """``PP.KK.CC.DDDD`` from a column of 10 digits."""
    parts = ((1, 2), (3, 2), (5, 2), (7, 4))
    return " || '.' || ".join(f"substr({d}, {start}, {width})" for start, width in parts)


def _digits_only(x: str) -> str:
    """True when ``x`` is a non-empty string of ASCII digits (RE2's full match is about 4× faster
    in DuckDB than ``ltrim(x, '0123456789') = ''``, which scans the character set per character)."""
    return f"regexp_full_match({x}, '[0-9]+')"


def _unreadable_after(v: str, x: str) -> str:
    return f"(CASE WHEN {v} IS NOT NULL THEN false ELSE NOT {empty_sql(x)} END)"


def _village_plan(x: str, c: str) -> FieldPlan:
    fast = f"(length({x}) = 10 AND {_digits_only(x)})"
    quotes = "'''\"'"
    t = f"regexp_replace(trim(trim({x}), {quotes}), '^([0-9]+)\\.0$', '\\1')"
    pattern = f"{_SEP}*[0-9]{{2}}{_SEP}+[0-9]{{2}}{_SEP}+[0-9]{{2}}{_SEP}+[0-9]{{4}}{_SEP}*|[0-9]{{10}}"
    d = c + "d"
    dotted = dotted_sql(d)
    return FieldPlan(
        {c + "f": fast, c + "t": f"(CASE WHEN {fast} THEN {x} ELSE {t} END)"},
        {
            c + "m": f"(CASE WHEN {c}f THEN true ELSE regexp_full_match({c}t, '{pattern}') END)",
            d: f"(CASE WHEN {c}f THEN {c}t ELSE regexp_replace({c}t, '[^0-9]', '', 'g') END)",
            c + "e": f"(CASE WHEN {c}f THEN false ELSE {empty_sql(x)} END)",
        },
        f"(CASE WHEN {c}m THEN {dotted} END)",
        f"(NOT {c}e AND NOT {c}m)",
    )


def village_sql(x: str) -> str:
    """Dotted village code from raw cell ``x`` as one expression (for small tables; the layered
    :func:`field_plan` is faster on large files)."""
    quotes = "'''\"'"
    t = f"regexp_replace(trim(trim({x}), {quotes}), '^([0-9]+)\\.0$', '\\1')"
    pattern = f"{_SEP}*[0-9]{{2}}{_SEP}+[0-9]{{2}}{_SEP}+[0-9]{{2}}{_SEP}+[0-9]{{4}}{_SEP}*|[0-9]{{10}}"
    digits = f"regexp_replace({t}, '[^0-9]', '', 'g')"
    return f"(CASE WHEN regexp_full_match({t}, '{pattern}') THEN {dotted_sql(digits)} END)"


def field_plan(kind: FieldKind, x: str, name: str, *, date_order: str = "dmy") -> FieldPlan:
    """The layered normalisation of raw column ``x`` into field ``name`` (``date_order``: a date
    column's day/month order, see :func:`lokus.tables._values.date_order`)."""
    c = f"{name}__"
    v = c + "v"
    if kind is FieldKind.TEXT:
        return FieldPlan({v: f"NULLIF(trim({x}), '')"}, {}, v, "false")
    if kind is FieldKind.IDENT:
        return FieldPlan(
            {v: f"(CASE WHEN {_digits_only(x)} THEN {x} ELSE {ident_sql(x)} END)"}, {}, v, "false"
        )
    if kind is FieldKind.VILLAGE:
        return _village_plan(x, c)
    if kind is FieldKind.SEX:
        key = f"upper(regexp_replace(trim({x}), '[{_SPACE}_\\-.]+', '', 'g'))"
        slow = (
            f"(CASE WHEN {key} IN ({_in(SEX_MALE)}) THEN 'L' WHEN {key} IN ({_in(SEX_FEMALE)}) THEN 'P' END)"
        )
        value = (
            f"(CASE {x} WHEN 'Laki-laki' THEN 'L' WHEN 'Perempuan' THEN 'P' WHEN 'L' THEN 'L' "
            f"WHEN 'P' THEN 'P' ELSE {slow} END)"
        )
        return FieldPlan({v: value}, {c + "u": _unreadable_after(v, x)}, v, c + "u")
    if kind is FieldKind.DATE:
        plan = _values.date_plan(x, c, empty_sql(x), order=date_order)
        return FieldPlan(plan.prepare, plan.refine, plan.value, plan.unreadable, problem=plan.problem)
    if kind is FieldKind.DECILE:
        n = c + "n"
        fast = f"(length({x}) <= 2 AND {_digits_only(x)})"
        return FieldPlan(
            {c + "d": f"(CASE WHEN {fast} THEN {x} ELSE {_decile_digits(x)} END)"},
            {
                n: f"TRY_CAST(NULLIF({c}d, '') AS INTEGER)",
                c + "e": f"(CASE WHEN {c}d <> '' THEN false ELSE {empty_sql(x)} END)",
                # a number with a fraction (1.5, 2,25): a number, but not a decile
                c + "w": f"(CASE WHEN {c}d <> '' THEN false ELSE regexp_full_match(trim({x}), "
                f"'(?i)(?:desil)?[{_SPACE}_\\-:]*[+-]?[0-9]*[.,][0-9]+') END)",
            },
            f"(CASE WHEN {n} BETWEEN 1 AND 10 THEN {n} END)",
            f"(NOT {c}e AND NOT coalesce({n} BETWEEN 1 AND 10, false))",
        )
    if kind is FieldKind.FLAG:
        key = f"lower(trim({x}))"
        slow = (
            f"(CASE WHEN {key} IN ({_in(FLAG_TRUE)}) THEN true "
            f"WHEN {key} IN ({_in(FLAG_FALSE)}) THEN false END)"
        )
        value = f"(CASE {x} WHEN 'Ya' THEN true WHEN 'Tidak' THEN false ELSE {slow} END)"
        return FieldPlan({v: value}, {c + "u": _unreadable_after(v, x)}, v, c + "u")
    return FieldPlan({v: integer_sql(x)}, {c + "u": _unreadable_after(v, x)}, v, c + "u")


def decile_reason_plan(name: str) -> str:
    """``decile_missing`` / ``decile_not_whole`` / ``decile_invalid`` / ``decile_out_of_range`` from a DECILE
    plan's columns."""
    c = f"{name}__"
    return (
        f"(CASE WHEN {c}e THEN 'decile_missing' WHEN {c}w THEN 'decile_not_whole' "
        f"WHEN coalesce({c}d, '') = '' THEN 'decile_invalid' "
        f"WHEN NOT coalesce({c}n BETWEEN 1 AND 10, false) THEN 'decile_out_of_range' END)"
    )
