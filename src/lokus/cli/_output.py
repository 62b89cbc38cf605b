"""Rendering of listings as table, CSV or JSON, shared by every listing command."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from lokus.cli import _messages as _messages  # registers the CLI's catalogue
from lokus.cli._context import STATE
from lokus.i18n import (
    fmt_date,
    fmt_int,
    fmt_number,
    fmt_pct,
    fmt_weighted,
    has_header,
    header,
    label,
    t,
    t_n,
    yes_no,
)


def print_snapshot_change(console: Console, name: str, previous: Any, *, unchanged: bool) -> None:
    """The sentence every ingest prints about the snapshot it wrote: unchanged (same file) or what
    the replaced snapshot held (``previous``: its :class:`lokus.workspace.SnapshotInfo`, or None)."""
    from lokus.workspace import describe_snapshot

    if previous is None:
        return
    key = "snapshot.unchanged" if unchanged else "snapshot.replaced"
    console.print(t(key, STATE.lang, name=name, held=describe_snapshot(previous, STATE.lang)), markup=False)


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


# Listings of people, households, quarantined rows, deliveries and audit entries can run to thousands
# of rows: the table shows the first N and says how many more there are; CSV and JSON give every row.
# (``--top N`` is a ranking's own option: the first N units, or how many priority loci a command uses.)
LIMIT_OPTION = typer.Option(
    50, "--limit", min=0, help="Rows to show in the table (0 = all); CSV and JSON give every row."
)

REPLACE_OPTION = typer.Option(
    False, "--replace", help="Replace an existing snapshot of the same name that holds a different file."
)


def _jsonable(value: Any) -> Any:
    from lokus.reports import cell_value

    return cell_value(value)


def rows_from(data: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """Columns and row dicts from a pyarrow/polars/pandas table or a list of dicts."""
    from lokus.reports import rows_of

    return rows_of(data)


@dataclass(frozen=True)
class Col:
    """How one column shows in a terminal table.

    ``name`` is the row key (CSV/JSON keep it); the header is ``header(name)`` unless ``header`` names
    another catalogue key. ``kind`` picks the formatter (``auto`` by value type; ``int``, ``number``,
    ``weighted`` for a weighted count — 4.5 people is ``4,5``, never rounded to a whole number —,
    ``pct`` for a share 0–1, ``pct100`` for a value already in percent, ``bool``, ``date``, ``text``).
    ``priority``: 0 never hidden; when the terminal is narrow, the highest priority number goes first
    (ties: the rightmost). ``wrap`` lets a text column wrap over lines (names); other columns keep one
    line. ``value`` computes the cell from the whole row (e.g. a name looked up from a code).
    """

    name: str
    kind: str = "auto"
    header: str | None = None
    align: str | None = None
    priority: int = 1
    wrap: bool = False
    digits: int | None = None
    value: Callable[[dict[str, Any]], Any] | None = None
    label: str | None = None  # a header already translated (e.g. a policy criterion's label)
    enum: str | None = None  # values are codes translated by the catalogue keys ``<enum>.<value>``
    missing: str | None = None  # catalogue key of the text shown for None (e.g. "tidak ada data"); default blank


ColumnSpec = Sequence["Col | str"]


# Integer columns that are labels, not quantities: never grouped (2024, not 2.024).
_PLAIN_INT = frozenset({"year", "no", "source_line", "decile", "rank_village", "priority"})


def _as_col(c: Col | str) -> Col:
    return c if isinstance(c, Col) else Col(c)


def _auto_float(value: float, lang: str, digits: int | None) -> str:
    if digits is not None:
        return fmt_number(value, lang, digits)
    if value == int(value) and abs(value) < 1e15:
        return fmt_int(value, lang)
    return fmt_number(value, lang, 1 if abs(value) >= 10 else 2)


def format_cell(value: Any, col: Col, lang: str) -> str:
    """The text of one cell for people: numbers, dates and yes/no in ``lang``."""
    if value is None:
        return t(col.missing, lang) if col.missing else ""
    kind = col.kind
    if col.enum is not None:
        return label(col.enum, value, lang)
    if kind == "text":
        return str(value)
    if isinstance(value, Decimal):
        value = float(value)
    elif hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        value = value.item()
    if kind == "pct":
        return fmt_pct(float(value), lang, 1 if col.digits is None else col.digits)
    if kind == "pct100":
        return fmt_pct(float(value), lang, 1 if col.digits is None else col.digits, share=False)
    if kind == "int":
        return fmt_int(value, lang)
    if kind == "weighted":
        return fmt_weighted(float(value), lang, 2 if col.digits is None else col.digits)
    if kind == "number":
        return fmt_number(float(value), lang, 1 if col.digits is None else col.digits)
    if isinstance(value, bool):
        return yes_no(value, lang) if kind != "check" else ("✓" if value else "-")
    if isinstance(value, int):
        plain = col.name in _PLAIN_INT or col.name.endswith(("_year", "_line"))
        return str(value) if plain else fmt_int(value, lang)
    if isinstance(value, float):
        return "" if value != value else _auto_float(value, lang, col.digits)
    if isinstance(value, (date, datetime)):
        return fmt_date(value, lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


# Columns shown in a table without a catalogue header (they fall back to the snake_case name);
# tests/cli/test_language.py runs every command and requires this to stay empty.
MISSING_HEADERS: set[str] = set()


def _header_text(col: Col, lang: str) -> str:
    if col.label is not None:
        return col.label
    if col.header:
        return t(col.header, lang)
    if not has_header(col.name):
        MISSING_HEADERS.add(col.name)
    return header(col.name, lang)


def table_view(
    data: Any,
    columns: ColumnSpec | None = None,
    *,
    lang: str | None = None,
    title: str | None = None,
    width: int | None = None,
) -> tuple[Table, list[str]]:
    """A Rich table of ``data`` that fits ``width`` characters, and the headers it had to leave out.

    Without ``columns`` every column shows, the leftmost kept longest. Headers come from the
    catalogue (``header``), cells from :func:`format_cell`."""
    lang = lang or STATE.lang
    names, rows = rows_from(data)
    cols = [_as_col(c) for c in columns] if columns is not None else [
        Col(n, priority=i + 1) for i, n in enumerate(names)
    ]
    heads = [_header_text(c, lang) for c in cols]
    cells = [[format_cell(c.value(r) if c.value else r.get(c.name), c, lang) for c in cols] for r in rows]
    numeric = [
        c.kind in ("int", "weighted", "number", "pct", "pct100")
        or (c.kind == "auto" and any(_is_number(c.value(r) if c.value else r.get(c.name)) for r in rows[:50]))
        for c in cols
    ]

    def min_width(i: int) -> int:
        # Headers may wrap between words; a cell of a non-wrapping column never breaks.
        head_word = max((len(w) for w in heads[i].split()), default=1)
        if not cols[i].wrap:
            return max([head_word, *(len(row[i]) for row in cells)])
        natural = max([len(heads[i]), *(len(row[i]) for row in cells)])
        cell_word = max((len(w) for row in cells for w in row[i].split()), default=1)
        return min(natural, max(head_word, min(cell_word, 16), 8))

    def natural_width(i: int) -> int:
        return max([len(heads[i]), *(len(row[i]) for row in cells)])

    keep = list(range(len(cols)))
    available = width or 80

    def overhead() -> int:
        return 3 * len(keep) + 1  # a border and a space either side per column

    while len(keep) > 1 and sum(min_width(i) for i in keep) + overhead() > available:
        droppable = [i for i in keep if cols[i].priority > 0]
        if not droppable:
            break
        keep.remove(max(droppable, key=lambda i: (cols[i].priority, i)))
    # Widths: natural if everything fits; else every column at its minimum and the room left shared
    # by the columns that may wrap, in proportion to what they would need.
    widths = {i: natural_width(i) for i in keep}
    if sum(widths.values()) + overhead() > available:
        widths = {i: min_width(i) for i in keep}
        room = available - overhead() - sum(widths.values())
        wanting = {i: natural_width(i) - widths[i] for i in keep if natural_width(i) > widths[i]}
        total = sum(wanting.values())
        for i, want in wanting.items():
            if room <= 0 or total <= 0:
                break
            widths[i] += min(want, room * want // total)
    out = Table(title=Text(title) if title else None, header_style="bold", title_justify="left")
    for i in keep:
        c = cols[i]
        align = c.align or ("right" if numeric[i] else "left")
        out.add_column(heads[i], justify=align, overflow="fold", width=widths[i])  # type: ignore[arg-type]
    for row in cells:
        # Text(), not str: a cell is data, never Rich markup ("[b]") or an emoji code (":x:").
        out.add_row(*(Text(row[i]) for i in keep))
    hidden = [heads[i] for i in range(len(cols)) if i not in keep]
    return out, hidden


def print_table(
    data: Any,
    columns: ColumnSpec | None = None,
    *,
    title: str | None = None,
    console: Console | None = None,
    lang: str | None = None,
    more: int = 0,
) -> None:
    """Print ``data`` as a table for people; say which columns did not fit and how many rows were cut."""
    console = console or Console(emoji=False, highlight=False)
    lang = lang or STATE.lang
    table, hidden = table_view(data, columns, lang=lang, title=title, width=console.width)
    console.print(table)
    if more:
        console.print(t_n("cli.table.more_rows", more, lang))
    if hidden:
        console.print(t("cli.table.hidden", lang, columns=", ".join(hidden)))


def render(
    data: Any,
    fmt: OutputFormat,
    *,
    title: str | None = None,
    console: Console | None = None,
    columns: ColumnSpec | None = None,
    top: int | None = None,
    note: str | None = None,
    limit: int | None = None,
) -> None:
    """Print ``data`` in ``fmt``.

    The table format shows ``columns`` (a spec of :class:`Col`, default every column) translated and
    fitted to the terminal, with ``note`` (e.g. the snapshots used) below; CSV and JSON give every
    column with its snake_case key and raw values, through :func:`lokus.reports.table_text` (the same
    formula-safe cell rule as files). ``top`` keeps the first N rows in every format; ``limit``
    (:data:`LIMIT_OPTION`) the first N rows of the table only (0 or None: all), followed by how many
    more there are."""
    more = 0
    if limit and fmt is OutputFormat.table and top is None and hasattr(data, "num_rows") and hasattr(data, "slice"):
        more = max(0, data.num_rows - limit)  # a pyarrow table: only the rows shown become Python rows
        data = data.slice(0, limit)
    columns_, rows = rows_from(data)
    if top is not None:
        rows = rows[:top]
    if limit and fmt is OutputFormat.table and len(rows) > limit:
        rows, more = rows[:limit], len(rows) - limit
    if fmt is not OutputFormat.table:
        from lokus.reports import table_text

        sys.stdout.write(table_text(_keyed(columns_, rows), fmt.value))
        return
    console = console or Console(emoji=False, highlight=False)
    if not rows and columns is None:
        console.print(t("cli.table.empty", STATE.lang))
    else:
        print_table(rows if columns is not None else _keyed(columns_, rows), columns, title=title, console=console,
                    more=more)
    if note:
        console.print(Text(note, style="dim"), soft_wrap=True)


def _keyed(columns: list[str], rows: list[dict[str, Any]]) -> Any:
    """Rows that keep their column order even when the first row lacks a key."""
    return _Rows(columns, rows)


class _Rows:
    def __init__(self, columns: list[str], rows: list[dict[str, Any]]) -> None:
        self.column_names, self._rows = columns, rows

    def to_pylist(self) -> list[dict[str, Any]]:
        return self._rows


# --- column specs shared by several commands --------------------------------------------------


def ranking_columns() -> list[Col]:
    """The founding-rule ranking (``lampung-barat-2022``): rank, village, district, decile-1 counts."""
    return [
        Col("rank", priority=0, kind="int"), Col("code", priority=0), Col("name", priority=0, wrap=True),
        Col("district_name", priority=4, wrap=True,
            value=lambda r: r.get("district_name") or r.get("parent_name") or ""),
        Col("decile1_people", kind="int", priority=1), Col("decile1_households", kind="int", priority=2),
        Col("stunting_locus", kind="bool", priority=1),
    ]


def policy_columns(policy: Any, lang: str | None = None) -> list[Col]:
    """Any policy's ranking: rank, unit, parent, each criterion, selection and coverage."""
    lang = lang or STATE.lang
    cols = [Col("rank", priority=0, kind="int"), Col("code", priority=0), Col("name", priority=0, wrap=True),
            Col("parent_name", priority=5, wrap=True)]
    for i, c in enumerate(policy.criteria):
        label = header(c.name, lang) if has_header(c.name) else c.kind.label(c, lang)
        kind = "pct" if c.name.endswith("_share") else "auto"
        cols.append(Col(c.name, label=label, kind=kind, priority=2 + i, wrap=True))
    method = policy.selection.method.value
    if method != "all":
        cols.append(Col("selected", kind="bool", priority=1))
    if method == "coverage":
        cols.append(Col("coverage", kind="pct", priority=1))
    return cols


def loci_columns(policy: Any = None, *, published: bool = False, lang: str | None = None) -> list[Col]:
    """The columns of a ranking as every command shows it (``lokus loci``, ``lokus demo``): the founding
    rule's (``policy`` None or ``lampung-barat-2022``) or any policy's, then whether the unit is a priority
    locus; a ``published`` ranking (``--publish``) adds which counts were blanked, by their headers."""
    from lokus.loci import DEFAULT_POLICY

    founding = policy is None or policy.name == DEFAULT_POLICY
    cols = [*(ranking_columns() if founding else policy_columns(policy, lang)),
            Col("priority_locus", kind="bool", priority=0)]
    if published:
        # "KK desil 1", not decile1_households; kept at 80 columns (a blank count must say why), wrapping
        cols.append(Col("suppressed", enum="col", wrap=True, priority=0))
    return cols


def print_ranking(
    table: Any,
    policy: Any = None,
    *,
    top: int | None = None,
    title: str | None = None,
    note: str | None = None,
    console: Console | None = None,
) -> None:
    """Print a ranking for people, the one way every command does: :func:`loci_columns`, the first ``top``
    rows, then what "priority locus" means and ``note`` (e.g. the snapshots used). Marks the priority
    loci when the ranking does not carry them yet."""
    from lokus.loci import PRIORITY_TOP, mark_priority

    lang = STATE.lang
    console = console or Console(emoji=False, highlight=False)
    if "priority_locus" not in table.column_names:
        table = mark_priority(table)
    columns = loci_columns(policy, published="suppressed" in table.column_names, lang=lang)
    print_table(table.slice(0, top) if top else table, columns, title=title, console=console, lang=lang)
    console.print(t("cli.loci.priority_caption", lang, top=fmt_int(PRIORITY_TOP, lang)), markup=False)
    if note:
        console.print(note, style="dim", markup=False)


GAPS_COLUMNS: list[Col | str] = [
    Col("program", priority=0), Col("office", priority=3, enum="office"), Col("eligible_units", kind="int", priority=1),
    # None: no list, registry flag or delivery of the program, so its coverage is unknown ("tidak ada data")
    Col("covered_units", kind="int", priority=1, missing="convergence.no_data"),
    Col("gap_units", kind="int", priority=0, missing="convergence.no_data"),
    Col("inclusion_not_eligible", kind="int", priority=2, missing="convergence.no_data"),
    Col("inclusion_not_in_registry", kind="int", priority=2, missing="convergence.no_data"),
    Col("score_coverage", kind="pct", digits=0, priority=1, missing="convergence.no_data"),
]


def region_name(code_key: str) -> Callable[[dict[str, Any]], str]:
    """A ``Col.value`` giving the name of the region whose code is in ``code_key``."""
    from lokus.regions import load_regions

    regions = load_regions()

    def name(row: dict[str, Any]) -> str:
        code = row.get(code_key)
        return regions.get(code).name if code and code in regions else ""

    return name
