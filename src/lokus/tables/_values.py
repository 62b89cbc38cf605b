"""One parser per value kind — dates, decimals, money — for every file lokus reads.

Each kind is one SQL expression (DuckDB) so that the registry, program and intervention ingests
can run it over millions of rows, and one Python entry point, :func:`parse_values`, that runs the
very same SQL over a column in memory (measurements, ``anthro zscores``, FGT surveys). The rules
are documented in ``docs/reference/input-files.md``.

Dates (:func:`date_plan`)
    ``2021-02-03``, ``03/02/2021``, ``03-02-2021``, ``03.02.2021`` (day first, always), with an
    optional time; ``3 Februari 2021``, ``03-Feb-2021``, ``3 Agt 2021`` (Indonesian and English
    month names); ``03022021`` / ``20210203`` (when only one reading is a real date); and Excel
    serial day numbers (``44319`` → 2021-05-03). A two-digit year (``03/02/21``) is never guessed:
    it gets the problem code ``date_two_digit_year``. An eight-digit value that is a real date both
    ways gets ``date_ambiguous``; anything else unreadable ``date_unreadable``.

Decimals (:data:`ValueKind.DECIMAL`: weights, lengths, survey weights)
    ``.`` and ``,`` are both decimal marks (``106,92`` = ``106.92`` = 106.92); a mark written
    more than once groups thousands (``1.234.567``); with both marks the last one is the decimal
    mark (``1.234,5`` = ``1,234.5`` = 1234.5).

Money (:data:`ValueKind.MONEY`: rupiah)
    The Indonesian way is the default: ``.`` followed by three digits groups thousands
    (``525.000`` = 525000, ``1.170.000``) and ``,`` marks decimals (``525.000,50``). Written the
    English way (``1,170,000``, ``12.50``) is read as such. A column that uses both ways is refused
    with one sentence (:class:`AmbiguousColumnError`): a value like ``525.000`` would then mean 525
    or 525000, and lokus never guesses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
import pyarrow as pa

from lokus._sql import sql_literal
from lokus.errors import InputFileError
from lokus.tables import _messages  # noqa: F401  (registers the value messages)

__all__ = [
    "mixed_error",
    "validity_bitmap",
    "first_bytes",
    "text_buffers",
    "ValueKind",
    "DATE_PROBLEMS",
    "AmbiguousColumnError",
    "ParsedValues",
    "date_plan",
    "date_order",
    "date_order_sql",
    "date_evidence",
    "DateEvidence",
    "DateOrders",
    "ReadAgain",
    "date_sql",
    "number_value_sql",
    "number_style_sql",
    "parse_values",
    "EXCEL_EPOCH",
]

EXCEL_EPOCH = "1899-12-30"  # serial 1 = 1900-01-01 (Excel's leap-year bug is before March 1900)
MIN_YEAR, MAX_YEAR = 1800, 2200
DATE_PROBLEMS = ("date_unreadable", "date_two_digit_year", "date_ambiguous")


class ValueKind(StrEnum):
    """How a column's text is read as a value."""

    DATE = "date"
    DECIMAL = "decimal"
    MONEY = "money"


class AmbiguousColumnError(InputFileError, ValueError):
    """A column whose values can be read two ways (e.g. ``525.000`` next to ``12.50`` in money)."""

    default_key = "tables.value.money_mixed"


# ---------------------------------------------------------------------------------------------
# Dates

_MONTHS: dict[str, int] = {}
for _n, _names in enumerate(
    (
        ("januari", "jan", "january"),
        ("februari", "feb", "pebruari", "peb", "february"),
        ("maret", "mar", "march"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "jun", "june"),
        ("juli", "jul", "july"),
        ("agustus", "agu", "agt", "ags", "aug", "august", "agust"),
        ("september", "sep", "sept"),
        ("oktober", "okt", "oct", "october"),
        ("november", "nov", "nop", "nopember"),
        ("desember", "des", "dec", "december"),
    ),
    start=1,
):
    for _name in _names:
        _MONTHS[_name] = _n

_TIME = r"(?:[ T]+[0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2}(?:\.[0-9]+)?)?(?: ?[AaPp][Mm])?)?"


def _ymd(y: str, m: str, d: str) -> str:
    """A DATE from integer SQL expressions, NULL when not a real date or out of range."""
    return (
        f"(CASE WHEN {y} BETWEEN {MIN_YEAR} AND {MAX_YEAR} THEN "
        f"TRY_CAST(printf('%04d-%02d-%02d', {y}, {m}, {d}) AS DATE) END)"
    )


@dataclass(frozen=True)
class DatePlan:
    """Layered SQL for one date column (see :class:`lokus.tables.FieldPlan`).

    ``prepare`` runs on the raw cell, ``refine`` on the prepared columns; ``value`` (DATE) and
    ``problem`` (NULL, or one of :data:`DATE_PROBLEMS`; NULL for an empty cell) on both.
    """

    prepare: dict[str, str]
    refine: dict[str, str]
    value: str
    problem: str
    unreadable: str = "false"  # = problem IS NOT NULL, cheaper on the common clean dates


_DMY_PARTS = "'^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.][0-9]{4}(?:[ T].*)?$'"


def date_order_sql(x: str) -> tuple[str, str]:
    """(day first, month first): SQL true when raw cell ``x`` (``a/b/yyyy``, ``-`` or ``.`` too) can only be
    read day first (``a`` > 12) or only month first (``b`` > 12)."""
    a, b = _date_parts_sql(x)
    return (f"coalesce({a} BETWEEN 13 AND 31 AND {b} BETWEEN 1 AND 12, false)",
            f"coalesce({b} BETWEEN 13 AND 31 AND {a} BETWEEN 1 AND 12, false)")


def _date_parts_sql(x: str) -> tuple[str, str]:
    """(a, b) of raw cell ``x`` written ``a/b/yyyy`` as integers (NULL otherwise)."""
    parts = f"regexp_extract(trim({x}), {_DMY_PARTS}, ['a', 'b'])"
    a, b = (f"TRY_CAST(NULLIF(struct_extract({parts}, '{k}'), '') AS INTEGER)" for k in ("a", "b"))
    return a, b


@dataclass
class DateEvidence:
    """What a date column (or one batch of it) says about its day/month order: the first value (in file
    order) that can only be day first (``27/07/2020``) and the first that can only be month first
    (``07/27/2020``); ``sensitive``: some ``a/b/yyyy`` value reads as another date in the other order
    (``03/04/2020``), so the order matters for it."""

    day_first: str | None = None
    month_first: str | None = None
    sensitive: bool = False

    @property
    def mixed(self) -> bool:
        return self.day_first is not None and self.month_first is not None

    @property
    def order(self) -> str:
        """``"mdy"`` when only month-first values are seen, else ``"dmy"`` (the documented convention)."""
        return "mdy" if self.month_first is not None and self.day_first is None else "dmy"

    def error(self, column: str, path: str) -> AmbiguousColumnError:
        """The one sentence for a column written in both orders."""
        return AmbiguousColumnError("tables.value.date_order_mixed", column=column or "?", path=path or "-",
                                    dmy_example=self.day_first, mdy_example=self.month_first)


def date_evidence(con: Any, relation: str, x: str, line: str = "__line") -> DateEvidence:
    """The :class:`DateEvidence` of date column ``x`` of ``relation`` (one pass over the column; ``line``
    orders the rows as in the file)."""
    a, b = _date_parts_sql("x")
    day_first, month_first, sensitive = con.execute(
        f"SELECT arg_min(t, l) FILTER (WHERE a BETWEEN 13 AND 31 AND b BETWEEN 1 AND 12), "
        f"arg_min(t, l) FILTER (WHERE b BETWEEN 13 AND 31 AND a BETWEEN 1 AND 12), "
        f"coalesce(bool_or(a <> b AND a BETWEEN 1 AND 12 AND b BETWEEN 1 AND 12), false) "
        f"FROM (SELECT trim(x) AS t, l, {a} AS a, {b} AS b FROM (SELECT {x} AS x, {line} AS l FROM {relation}))"
    ).fetchall()[0]
    return DateEvidence(day_first, month_first, bool(sensitive))


def date_order(con: Any, relation: str, x: str, *, column: str = "", path: str = "") -> str:
    """The day/month order of date column ``x`` of ``relation`` (with ``__line``), decided from the whole
    column as the number conventions are: ``"mdy"`` when some value can only be month first
    (``07/27/2020``) and none only day first, else ``"dmy"`` (the documented Indonesian convention: a
    column without evidence, all parts 12 or less, is read day first). A column with values of both kinds
    (``27/07/2020`` and ``07/27/2020``) raises :class:`AmbiguousColumnError` naming the first of each:
    its ``03/04/2020`` could be either."""
    evidence = date_evidence(con, relation, x)
    if evidence.mixed:
        raise evidence.error(column, path)
    return evidence.order


class ReadAgain(Exception):
    """A file read in batches must be read again with these day/month ``orders`` (column → ``"dmy"``/``"mdy"``):
    a batch read before the column showed its order read a value the other way (see :class:`DateOrders`)."""

    def __init__(self, orders: dict[str, str]) -> None:
        super().__init__(orders)
        self.orders = orders


class DateOrders:
    """The day/month order of each date column of a file read in batches, decided over the whole column.

    Each batch is read in the order given (``given``: a second reading) or, on a first reading, in the
    order the batch itself shows; it reports its :class:`DateEvidence` and the order it used, and
    :meth:`merge` takes them in file order. A column written in both orders is refused as soon as both are
    seen, with the same sentence as a whole-file reader (the first value of each order in the file).
    :meth:`finish` raises :class:`ReadAgain` when a batch read an order-sensitive value (``03/04/2020``)
    in another order than the one the whole column showed: the caller discards what it made and reads the
    file again with :attr:`ReadAgain.orders`. ``labels`` names a column in messages (column → header as
    written)."""

    def __init__(self, path: str, given: Mapping[str, str] | None = None,
                 labels: Mapping[str, str] | None = None) -> None:
        self.path = path
        self.given = dict(given or {})
        self.labels = dict(labels or {})
        self.seen: dict[str, DateEvidence] = {}
        self._used: dict[str, set[str]] = {}

    def merge(self, column: str, evidence: DateEvidence, used: str | None) -> None:
        """Add one batch's ``evidence`` for ``column``, read in order ``used`` (batches in file order; None:
        the column was checked but not read, so no value of it can have been read in the other order)."""
        seen = self.seen.setdefault(column, DateEvidence())
        seen.day_first = seen.day_first if seen.day_first is not None else evidence.day_first
        seen.month_first = seen.month_first if seen.month_first is not None else evidence.month_first
        seen.sensitive |= evidence.sensitive
        if seen.mixed:
            raise seen.error(self.labels.get(column, column), self.path)
        if evidence.sensitive and used is not None:
            self._used.setdefault(column, set()).add(used)

    def orders(self) -> dict[str, str]:
        """Column → the order its whole column shows."""
        return {**{c: e.order for c, e in self.seen.items()}, **self.given}

    def finish(self) -> dict[str, str]:
        """:meth:`orders`, or :class:`ReadAgain` when some batch read a value in the other order."""
        orders = self.orders()
        if not self.given and any(used - {orders[c]} for c, used in self._used.items()):
            raise ReadAgain(orders)
        return orders


def date_plan(x: str, c: str, empty: str, *, inline: bool = False, order: str = "dmy") -> DatePlan:
    """The date parser over raw cell ``x``; helper columns are named ``<c>…``.

    ``empty`` is SQL that is true when the cell holds nothing (NULL, blank, ``-``). With
    ``inline`` the helper columns are written out inside ``value`` and ``problem`` (one
    expression each, for small tables). ``order`` is the column's day/month order for
    ``a/b/yyyy`` (``"dmy"`` or ``"mdy"``, see :func:`date_order`).
    """
    if order not in ("dmy", "mdy"):
        raise ValueError(f"order must be 'dmy' or 'mdy', not {order!r}")
    dm = "%d/%m" if order == "dmy" else "%m/%d"
    names = {k: c + k for k in ("t", "f", "n", "w")}
    exprs: dict[str, str] = {}

    def ref(key: str) -> str:
        return f"({exprs[key]})" if inline else names[key]

    exprs["t"] = f"trim({x})"
    # A failed strptime is costly (about ten times a successful one in DuckDB 1.x/2.0), so the
    # shape of the text picks the one format to try.
    tx = f"trim({x})"
    exprs["f"] = (
        f"CAST((CASE WHEN substr({tx}, 5, 1) = '-' THEN (CASE WHEN length({tx}) = 10 "
        f"THEN try_strptime({tx}, '%Y-%m-%d') ELSE try_strptime({tx}, ['%Y-%m-%d %H:%M:%S', "
        f"'%Y-%m-%dT%H:%M:%S']) END) "
        f"WHEN substr({tx}, 5, 1) = '/' THEN try_strptime({tx}, '%Y/%m/%d') "
        f"WHEN contains({tx}, '/') THEN try_strptime({tx}, '{dm}/%Y') "
        f"WHEN contains({tx}, '.') THEN try_strptime({tx}, '{dm.replace('/', '.')}.%Y') "
        f"WHEN contains({tx}, '-') THEN try_strptime({tx}, '{dm.replace('/', '-')}-%Y') END) AS DATE)"
    )
    t, fast = ref("t"), ref("f")
    ok_fast = f"({fast} IS NOT NULL AND year({fast}) BETWEEN {MIN_YEAR} AND {MAX_YEAR})"
    body = f"regexp_replace({t}, '{_TIME}$', '')"
    exprs["n"] = (
        f"(CASE WHEN {ok_fast} THEN NULL ELSE regexp_extract({body}, "
        "'^([0-9]{1,4})[-/. ]([0-9]{1,2})[-/. ]([0-9]{1,4})$', ['a', 'b', 'c']) END)"
    )
    exprs["w"] = (
        f"(CASE WHEN {ok_fast} THEN NULL ELSE regexp_extract(lower({body}), "
        "'^([0-9]{1,2})[-/. ]*([a-z]+)\\.?[-/., ]*([0-9]{2}|[0-9]{4})$', ['d', 'm', 'y']) END)"
    )
    num, name = ref("n"), ref("w")
    a, b, cc = (f"struct_extract({num}, '{k}')" for k in ("a", "b", "c"))
    ia, ib, ic = (f"TRY_CAST({v} AS INTEGER)" for v in (a, b, cc))
    wd, wm, wy = (f"struct_extract({name}, '{k}')" for k in ("d", "m", "y"))
    months = " ".join(f"WHEN {sql_literal(k)} THEN {v}" for k, v in _MONTHS.items())
    month_no = f"(CASE {wm} {months} END)"
    nd, ny = f"TRY_CAST({wd} AS INTEGER)", f"TRY_CAST({wy} AS INTEGER)"
    serial = f"TRY_CAST({t} AS DOUBLE)"
    is_serial = f"regexp_full_match({t}, '[0-9]{{1,5}}(\\.[0-9]+)?')"
    eight = f"regexp_full_match({t}, '[0-9]{{8}}')"
    dmy8 = _ymd(f"TRY_CAST(substr({t}, 5, 4) AS INTEGER)", f"TRY_CAST(substr({t}, 3, 2) AS INTEGER)",
                f"TRY_CAST(substr({t}, 1, 2) AS INTEGER)")
    ymd8 = _ymd(f"TRY_CAST(substr({t}, 1, 4) AS INTEGER)", f"TRY_CAST(substr({t}, 5, 2) AS INTEGER)",
                f"TRY_CAST(substr({t}, 7, 2) AS INTEGER)")
    numeric_ok = f"(coalesce({a}, '') <> '')"
    named_ok = f"(coalesce({wm}, '') <> '' AND {month_no} IS NOT NULL)"
    value = (
        f"(CASE WHEN {ok_fast} THEN {fast} "
        f"WHEN {numeric_ok} AND length({a}) = 4 THEN {_ymd(ia, ib, ic)} "
        f"WHEN {numeric_ok} AND length({cc}) = 4 THEN {_ymd(ic, ib, ia) if order == 'dmy' else _ymd(ic, ia, ib)} "
        f"WHEN {named_ok} AND length({wy}) = 4 THEN {_ymd(ny, month_no, nd)} "
        f"WHEN {eight} THEN (CASE WHEN {dmy8} IS NULL THEN {ymd8} WHEN {ymd8} IS NULL THEN {dmy8} END) "
        f"WHEN {is_serial} AND {serial} >= 1 AND {serial} < 100000 "
        f"THEN CAST(DATE '{EXCEL_EPOCH}' + CAST(floor({serial}) AS INTEGER) AS DATE) END)"
    )
    two_digit = (
        f"(({numeric_ok} AND length({cc}) = 2 AND length({a}) <= 2) OR ({named_ok} AND length({wy}) = 2))"
    )
    ambiguous = f"({eight} AND {dmy8} IS NOT NULL AND {ymd8} IS NOT NULL AND {dmy8} <> {ymd8})"
    problem = (
        f"(CASE WHEN {ok_fast} THEN NULL WHEN {empty} THEN NULL "
        f"WHEN {two_digit} THEN 'date_two_digit_year' WHEN {ambiguous} THEN 'date_ambiguous' "
        f"WHEN {value} IS NULL THEN 'date_unreadable' END)"
    )
    prepare = {} if inline else {names["t"]: exprs["t"], names["f"]: exprs["f"]}
    refine = {} if inline else {names["n"]: exprs["n"], names["w"]: exprs["w"]}
    unreadable = f"(CASE WHEN {ok_fast} THEN false WHEN {empty} THEN false ELSE {value} IS NULL END)"
    return DatePlan(prepare, refine, value, problem, unreadable)


def date_sql(x: str, empty: str, order: str = "dmy") -> tuple[str, str]:
    """(value, problem) of the date parser as two self-contained expressions over ``x``."""
    plan = date_plan(x, "", empty, inline=True, order=order)
    return plan.value, plan.problem


# ---------------------------------------------------------------------------------------------
# Decimals and money

_ID_GROUPED = r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?"
_EN_GROUPED = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"
_SIGN = r"[+-]?"


def number_style_sql(t: str, kind: ValueKind) -> str:
    """'id', 'en' or 'plain' (NULL when unreadable): how value ``t`` (trimmed text) is written.

    For money ``.ddd`` is always Indonesian grouping and ``,ddd`` English grouping; ``,d``/``,dd``
    an Indonesian decimal comma and ``.d``/``.dd`` an English decimal point. For decimals only a
    value with both marks (or one mark repeated) has a style.
    """
    if kind is ValueKind.MONEY:
        return (
            f"(CASE WHEN regexp_full_match({t}, '{_SIGN}[0-9]+') THEN 'plain' "
            f"WHEN regexp_full_match({t}, '{_SIGN}{_ID_GROUPED}') THEN 'id' "
            f"WHEN regexp_full_match({t}, '{_SIGN}{_EN_GROUPED}') THEN 'en' "
            f"WHEN regexp_full_match({t}, '{_SIGN}[0-9]+,[0-9]+') THEN 'id' "
            f"WHEN regexp_full_match({t}, '{_SIGN}[0-9]*\\.[0-9]+') THEN 'en' END)"
        )
    return (
        f"(CASE WHEN regexp_full_match({t}, '{_SIGN}[0-9]*([.,][0-9]+)?') THEN 'plain' "
        f"WHEN regexp_full_match({t}, '{_SIGN}{_ID_GROUPED}') AND strpos({t}, ',') > 0 THEN 'id' "
        f"WHEN regexp_full_match({t}, '{_SIGN}{_EN_GROUPED}') AND strpos({t}, '.') > 0 THEN 'en' "
        f"WHEN regexp_full_match({t}, '{_SIGN}[0-9]{{1,3}}(\\.[0-9]{{3}}){{2,}}') THEN 'id' "
        f"WHEN regexp_full_match({t}, '{_SIGN}[0-9]{{1,3}}(,[0-9]{{3}}){{2,}}') THEN 'en' END)"
    )


def number_value_sql(t: str, style: str) -> str:
    """DOUBLE from trimmed text ``t`` written in ``style`` (see :func:`number_style_sql`); a plain
    value may use either mark as its decimal mark."""
    id_value = f"TRY_CAST(replace(replace({t}, '.', ''), ',', '.') AS DOUBLE)"
    en_value = f"TRY_CAST(replace({t}, ',', '') AS DOUBLE)"
    plain = f"TRY_CAST(replace({t}, ',', '.') AS DOUBLE)"
    return (
        f"(CASE {style} WHEN 'plain' THEN {plain} WHEN 'id' THEN {id_value} "
        f"WHEN 'en' THEN {en_value} END)"
    )


# ---------------------------------------------------------------------------------------------
# Python entry point


@dataclass(frozen=True)
class ParsedValues:
    """A parsed column: ``values`` (float64 numbers, or float64 days since 1970-01-01 for dates,
    NaN when missing or unreadable), ``missing`` (nothing written), ``invalid`` (written but not
    readable) and ``problem`` (a reason code per row, or None)."""

    values: np.ndarray
    missing: np.ndarray
    invalid: np.ndarray
    problem: list[str | None]
    convention: str | None = None
    examples: dict[str, str] = field(default_factory=dict)
    """The first value written each way (``"id"``: ``1.234,5``, ``"en"``: ``1,234.5``), for numbers: a
    caller reading a file in batches checks the whole file's convention from them."""
    evidence: DateEvidence | None = None
    """Dates written as text: what the column says about its day/month order (``convention`` is the order
    used, ``"dmy"`` or ``"mdy"``); a caller reading a file in batches decides the order from them
    (:class:`DateOrders`)."""

    def dates(self) -> pa.Array:
        """The values as a pyarrow ``date32`` array (null where NaN)."""
        days = np.where(np.isnan(self.values), 0, self.values).astype(np.int32)
        return pa.array(days, pa.int32(), mask=np.isnan(self.values)).cast(pa.date32())


_EMPTY = ("", "-", "--", "null", "none", "nan", "n/a", "#n/a")


def _empty_sql(x: str) -> str:
    return f"({x} IS NULL OR lower(trim({x})) IN ({', '.join(sql_literal(v) for v in _EMPTY)}))"


def _as_text_array(values: Any) -> pa.Array:
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if not isinstance(values, pa.Array):
        if hasattr(values, "to_arrow"):  # polars Series
            values = values.to_arrow()
            if isinstance(values, pa.ChunkedArray):
                values = values.combine_chunks()
        else:
            values = pa.array([None if v is None else str(v) for v in values], pa.string())
    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode()
    if pa.types.is_large_string(values.type) or pa.types.is_string_view(values.type):
        values = values.cast(pa.string())
    return values


def parse_values(values: Any, kind: ValueKind | str, *, column: str = "", path: str = "",
                 mixed_ok: bool = False, order: str | None = None) -> ParsedValues:
    """Parse one column (list, Polars Series or pyarrow array) as ``kind``; never raises on a bad
    value (it becomes NaN with ``invalid`` and a problem code). Numbers and dates already typed
    pass through. Raises :class:`AmbiguousColumnError` for a money (or decimal) column written
    in two conventions, or a date column written in both day/month orders; ``column`` and ``path`` name
    it in the message. With ``mixed_ok`` (one batch of a file) it does not raise:
    :attr:`ParsedValues.examples` (numbers) and :attr:`ParsedValues.evidence` (dates) tell the caller, who
    decides once the whole file is read (:func:`mixed_error`, :class:`DateOrders`). ``order`` reads dates in
    that day/month order (``"dmy"``/``"mdy"``, decided over the whole file) instead of the column's own.
    """
    kind = ValueKind(kind)
    arr = _as_text_array(values)
    n = len(arr)
    if kind is ValueKind.DATE and (pa.types.is_date(arr.type) or pa.types.is_timestamp(arr.type)):
        days = arr.cast(pa.date32()).cast(pa.int32()).to_numpy(zero_copy_only=False)
        missing = np.asarray(arr.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        vals = np.where(missing, np.nan, np.nan_to_num(days.astype(np.float64)))
        return ParsedValues(vals, missing, np.zeros(n, bool), [None] * n)
    if kind is not ValueKind.DATE and (
        pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type) or pa.types.is_decimal(arr.type)
    ):
        if pa.types.is_float64(arr.type) and n and arr.buffers()[1] is not None:  # a view, one copy
            vals = np.frombuffer(arr.buffers()[1], dtype=np.float64, count=n, offset=arr.offset * 8).copy()
            if arr.null_count:
                vals[~validity(arr)] = np.nan
        else:
            vals = arr.cast(pa.float64()).to_numpy(zero_copy_only=False).astype(np.float64, copy=True)
        missing = np.isnan(vals)
        invalid = np.isinf(vals)
        vals[invalid] = np.nan
        problem: list[str | None] = (["number_invalid" if b else None for b in invalid] if invalid.any()
                                     else [None] * n)
        return ParsedValues(vals, missing, invalid, problem)
    if pa.types.is_boolean(arr.type):
        missing = np.asarray(arr.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        return ParsedValues(np.full(n, np.nan), missing, ~missing, [None if m else f"{kind}_invalid"
                                                                     for m in missing])
    if not pa.types.is_string(arr.type):
        arr = arr.cast(pa.string())
    if kind is ValueKind.DECIMAL:
        plain = _plain_decimals(arr)
        if plain is not None:
            return plain
    import duckdb

    con = duckdb.connect()
    try:
        evidence = None
        if kind is ValueKind.DATE:
            con.register("__lokus_values", pa.table({"x": arr, "__line": np.arange(n, dtype=np.int64)}))
            evidence = date_evidence(con, "__lokus_values", "x")
            if evidence.mixed and not mixed_ok and order is None:
                raise evidence.error(column, path)
            order = order or evidence.order
            plan = date_plan("x", "__d", _empty_sql("x"), order=order)
            prep = ", ".join(f"{e} AS {k}" for k, e in plan.prepare.items())
            ref = ", ".join(f"{e} AS {k}" for k, e in plan.refine.items())
            sql = (
                f"SELECT CAST({plan.value} - DATE '1970-01-01' AS DOUBLE) AS v, {plan.problem} AS p, "
                f"{_empty_sql('x')} AS e FROM (SELECT *, {ref} FROM (SELECT x, {prep} FROM __lokus_values))"
            )
            v, p, e = con.execute(sql).fetchnumpy().values()
            convention: str | None = order
            examples: dict[str, str] = {}
        else:
            con.register("__lokus_values", pa.table({"x": arr}))
            v, p, e, convention, examples = _numbers(con, kind, column, path, mixed_ok)
    finally:
        con.close()
    vals = np.asarray(v, dtype=np.float64)
    vals = np.where(np.isnan(vals) if vals.dtype.kind == "f" else False, np.nan, vals)
    missing = np.asarray(e, dtype=bool)
    problem = [None if (q is None or q is np.ma.masked) else str(q) for q in np.ma.asarray(p).tolist()]
    invalid = np.array([q is not None for q in problem], dtype=bool) & ~missing
    vals = np.where(invalid | missing, np.nan, vals)
    return ParsedValues(vals.astype(np.float64), missing, invalid, problem, convention, examples, evidence)


def _plain_decimals(arr: pa.Array) -> ParsedValues | None:
    """The common case without DuckDB: every cell null, empty or a plain decimal (``12``, ``-3.5``,
    ``10,5``, ``.5``), which the full rule reads as the number with a decimal point for the comma
    whatever the column's convention. None (use the full rule) when any other text is present.

    Checked on the bytes: only digits, ``.``, ``,``, ``+``, ``-``, every value ending in a digit; the
    cast then refuses anything else that is not a plain decimal (``1.2.3``, ``1-2``, ``--5``)."""
    import pyarrow.compute as pc

    n = len(arr)
    buffers = text_buffers(arr)
    if buffers is None:
        return None
    offsets, data, valid = buffers
    text = data[offsets[0]:offsets[-1]]
    # Every byte one of "+,-." or a digit: these are 43-57 but for "/" (47), so three SIMD passes
    # instead of a lookup per byte.
    if text.size and (text.min() < 43 or text.max() > 57 or (text == 47).any()):
        return None
    filled = valid & (offsets[1:] > offsets[:-1])
    if text.size and not ((data[offsets[1:] - 1] >= 48) | ~filled).all():  # each value ends in a digit
        return None
    if (filled != valid).any():
        arr = _with_nulls(arr, filled)
    if (text == 44).any():  # a decimal comma
        arr = pc.replace_substring(arr, ",", ".")
    try:
        numbers = arr.cast(pa.float64())
    except (pa.ArrowInvalid, ValueError):
        return None
    data_buf = numbers.buffers()[1]
    vals = (np.frombuffer(data_buf, dtype=np.float64, count=n, offset=numbers.offset * 8).copy()
            if n and data_buf is not None else np.full(n, np.nan))
    if numbers.null_count:
        vals[~validity(numbers)] = np.nan
    if np.isinf(vals).any():
        return None
    # "id" is the convention the full rule reports for a column without grouped numbers
    return ParsedValues(vals, np.isnan(vals), np.zeros(n, bool), [None] * n, "id")


def validity(arr: pa.Array) -> np.ndarray:
    """Bool per value of ``arr``: True where not null, read from its validity bitmap (``to_numpy``
    of ``is_valid()`` would import pandas on its first call in a process)."""
    n = len(arr)
    bitmap = arr.buffers()[0]
    if arr.null_count == 0 or bitmap is None:
        return np.ones(n, dtype=bool)
    bits = np.unpackbits(np.frombuffer(bitmap, dtype=np.uint8), bitorder="little")
    return bits[arr.offset:arr.offset + n].astype(bool)


def text_buffers(arr: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(offsets, data, valid) of a pyarrow ``string`` or ``large_string`` array, as NumPy views of
    its buffers: ``offsets`` (int32 or int64, ``len(arr) + 1``; value ``i`` is
    ``data[offsets[i]:offsets[i + 1]]``), ``data`` (uint8, the whole data buffer) and ``valid`` (bool per
    value). None for any other type, or an empty array."""
    if pa.types.is_string(arr.type):
        width: type[np.signedinteger[Any]] = np.int32
    elif pa.types.is_large_string(arr.type):
        width = np.int64
    else:
        return None
    n = len(arr)
    buffers = arr.buffers()
    if n == 0 or buffers[1] is None:
        return None
    offsets = np.frombuffer(buffers[1], dtype=width, count=n + 1, offset=arr.offset * np.dtype(width).itemsize)
    data = np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] is not None else np.zeros(0, dtype=np.uint8)
    return offsets, data, validity(arr)


def first_bytes(arr: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(length in bytes, first byte, valid) per value of a pyarrow ``string``, ``large_string`` or
    ``string_view`` array (a Polars String column's own layout, given by
    ``Series.to_arrow(compat_level=polars.CompatLevel.newest())`` without a copy). The first byte of an
    empty or null value is meaningless. None for any other type, or an empty array."""
    if pa.types.is_string_view(arr.type):
        n = len(arr)
        buffers = arr.buffers()
        if n == 0 or buffers[1] is None:
            return None
        # Each view is 16 bytes: the length (int32, little-endian), then the first bytes of the value.
        views = np.frombuffer(buffers[1], dtype=np.uint8, count=(arr.offset + n) * 16)[arr.offset * 16:]
        lengths = views.view("<i4").reshape(n, 4)[:, 0]  # strided views, no copy
        return lengths, views.reshape(n, 16)[:, 4], validity(arr)
    found = text_buffers(arr)
    if found is None:
        return None
    offsets, data, valid = found
    first = data[np.minimum(offsets[:-1], len(data) - 1)] if len(data) else np.zeros(len(arr), dtype=np.uint8)
    return np.diff(offsets), first, valid


def validity_bitmap(valid: np.ndarray, offset: int = 0) -> pa.Buffer | None:
    """The Arrow validity bitmap of ``valid`` (bool per value; bit set = not null), its first value at
    bit ``offset``; None when every value is valid (Arrow's "no nulls"). The writing side of
    :func:`validity`."""
    if valid.all():
        return None
    bits = np.zeros(offset + len(valid), dtype=bool)
    bits[offset:] = valid
    return pa.py_buffer(np.packbits(bits, bitorder="little"))


def _with_nulls(arr: pa.Array, keep: np.ndarray) -> pa.Array:
    """``arr`` (``string``) with null where ``keep`` is False: the same buffers under a new validity
    bitmap. Built from buffers rather than with ``pa.array``/``pa.scalar``, whose first call in a
    process imports pandas (about 0.2 s of CPU)."""
    bitmap = validity_bitmap(keep, arr.offset)
    return pa.Array.from_buffers(arr.type, len(arr), [bitmap, *arr.buffers()[1:3]], offset=arr.offset)


def mixed_error(kind: ValueKind, column: str, path: str, examples: dict[str, str]) -> AmbiguousColumnError | None:
    """The error for a column written both ways (``examples`` holds the first value written each way), or
    None when it is not."""
    # Number styles (not the user's language): "id" writes 1.234,5 and "en" writes 1,234.5.
    comma_decimal, point_decimal = "id", "en"
    if comma_decimal in examples and point_decimal in examples:
        key = "tables.value.money_mixed" if kind is ValueKind.MONEY else "tables.value.decimal_mixed"
        return AmbiguousColumnError(
            key, column=column or "?", path=path or "-", id_example=examples[comma_decimal],
            en_example=examples[point_decimal],
        )
    return None


def _numbers(con: Any, kind: ValueKind, column: str, path: str,
             mixed_ok: bool = False) -> tuple[Any, Any, Any, str | None, dict[str, str]]:
    t = "regexp_replace(trim(x), '^(Rp\\.?|IDR)\\s*', '', 'i')" if kind is ValueKind.MONEY else "trim(x)"
    t = f"replace(replace({t}, ' ', ''), chr(160), '')" if kind is ValueKind.MONEY else t
    con.execute(
        f"CREATE TEMP TABLE __lokus_styles AS SELECT row_number() OVER () AS i, {t} AS t, "
        f"{number_style_sql(t, kind)} AS s, {_empty_sql('x')} AS e FROM __lokus_values"
    )
    examples = dict(
        con.execute(
            "SELECT s, min_by(t, i) FROM __lokus_styles WHERE s IN ('id', 'en') GROUP BY s"
        ).fetchall()
    )
    mixed = mixed_error(kind, column, path, examples)
    if mixed is not None and not mixed_ok:
        raise mixed
    # Number styles, not languages: "id" writes 1.234,5 and "en" writes 1,234.5 (see mixed_error).
    point_decimal, comma_decimal = "en", "id"
    convention = point_decimal if point_decimal in examples else comma_decimal
    value = number_value_sql("t", "s")
    result = con.execute(
        f"SELECT {value} AS v, CASE WHEN NOT e AND ({value} IS NULL OR isinf({value})) "
        f"THEN 'number_invalid' END AS p, e FROM __lokus_styles ORDER BY i"
    ).fetchnumpy()
    return result["v"], result["p"], result["e"], convention, examples
