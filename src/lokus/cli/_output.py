"""Rendering of listings as table, CSV or JSON, shared by every listing command."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from lokus.cli._context import STATE


def print_snapshot_change(console: Console, name: str, previous: Any, *, unchanged: bool) -> None:
    """The sentence every ingest prints about the snapshot it wrote: unchanged (same file) or what
    the replaced snapshot held (``previous``: its :class:`lokus.workspace.SnapshotInfo`, or None)."""
    from lokus.i18n import t
    from lokus.workspace import describe_snapshot

    if previous is None:
        return
    key = "snapshot.unchanged" if unchanged else "snapshot.replaced"
    console.print(t(key, STATE.lang, name=name, held=describe_snapshot(previous, STATE.lang)), markup=False)


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


REPLACE_OPTION = typer.Option(
    False, "--replace", help="Replace an existing snapshot of the same name that holds a different file."
)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def rows_from(data: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """Columns and row dicts from a pyarrow/polars/pandas table or a list of dicts."""
    if isinstance(data, list):
        cols = list(data[0].keys()) if data else []
        return cols, data
    if hasattr(data, "to_pylist") and hasattr(data, "column_names"):  # pyarrow
        return list(data.column_names), data.to_pylist()
    if hasattr(data, "to_dicts"):  # polars
        return list(data.columns), data.to_dicts()
    if hasattr(data, "to_dict"):  # pandas
        return [str(c) for c in data.columns], data.to_dict(orient="records")
    raise TypeError(f"cannot render {type(data)!r}")


def to_csv_text(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else _jsonable(row.get(c)) for c in columns])
    return buf.getvalue()


def to_json_text(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps(
        [{c: _jsonable(r.get(c)) for c in columns} for r in rows], ensure_ascii=False, indent=2
    )


def render(
    data: Any,
    fmt: OutputFormat,
    *,
    title: str | None = None,
    console: Console | None = None,
    out: str | None = None,
) -> None:
    """Print ``data`` in ``fmt``; with ``out`` also write CSV/JSON to that file."""
    columns, rows = rows_from(data)
    if out:
        text = to_json_text(columns, rows) if out.endswith(".json") else to_csv_text(columns, rows)
        with open(out, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    if fmt is OutputFormat.csv:
        sys.stdout.write(to_csv_text(columns, rows))
        return
    if fmt is OutputFormat.json:
        sys.stdout.write(to_json_text(columns, rows) + "\n")
        return
    console = console or Console(emoji=False)
    table = Table(title=title, show_lines=False, header_style="bold")
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        # Text(), not str: a cell is data, never Rich markup ("[b]") or an emoji code (":x:").
        table.add_row(*(Text("" if row.get(c) is None else str(_jsonable(row.get(c)))) for c in columns))
    console.print(table)


def ranking_table(table: Any, *, en: bool, title: str | None = None) -> Table:
    """A compact Rich table of a founding-rule ranking (fits an 80-column terminal)."""
    headers = (
        ("#", "Code", "Village", "District", "Decile-1 people", "Decile-1 households", "Stunting locus")
        if en else ("#", "Kode", "Pekon/Kel.", "Kecamatan", "Warga desil 1", "KK desil 1", "Lokus stunting")
    )
    out = Table(title=title, header_style="bold", pad_edge=False)
    for i, h in enumerate(headers):
        out.add_column(h, justify="right" if i in (0, 4, 5) else "left", no_wrap=i in (0, 1))
    yes, no = ("yes", "-") if en else ("ya", "-")
    for row in table.to_pylist():
        out.add_row(
            str(row["rank"]), row["code"], row["name"], row.get("district_name") or row.get("parent_name") or "",
            f"{row['decile1_people']:,}".replace(",", "." if not en else ","),
            f"{row['decile1_households']:,}".replace(",", "." if not en else ","),
            yes if row["stunting_locus"] else no,
        )
    return out


def _cell(value: Any, en: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("yes" if en else "ya") if value else "-"
    if isinstance(value, int):
        return f"{value:,}".replace(",", "," if en else ".")
    if isinstance(value, float):
        text = f"{value:.4g}"
        return text if en else text.replace(".", ",")
    return str(value)


def policy_table(table: Any, policy: Any, *, en: bool, title: str | None = None) -> Table:
    """A compact Rich table of any policy's ranking: rank, unit, parent, criteria, selection, coverage."""
    criteria = list(policy.criterion_names)
    method = policy.selection.method.value
    headers = ["#", "Code" if en else "Kode", "Name" if en else "Nama", "Parent" if en else "Induk", *criteria]
    if method != "all":
        headers.append("Selected" if en else "Terpilih")
    if method == "coverage":
        headers.append("Coverage" if en else "Cakupan")
    out = Table(title=title, header_style="bold", pad_edge=False)
    for i, h in enumerate(headers):
        numeric = i == 0 or (4 <= i < 4 + len(criteria)) or h in ("Coverage", "Cakupan")
        out.add_column(h, justify="right" if numeric else "left", no_wrap=i in (0, 1))
    for row in table.to_pylist():
        cells = [str(row["rank"]), row["code"], row["name"], row.get("parent_name") or ""]
        cells += [_cell(row[c], en) for c in criteria]
        if method != "all":
            cells.append(_cell(bool(row["selected"]), en))
        if method == "coverage":
            cov = row.get("coverage") or 0.0
            cells.append(f"{100 * cov:.1f}%" if en else f"{100 * cov:.1f}%".replace(".", ","))
        out.add_row(*cells)
    return out


def gaps_table(table: Any, *, en: bool, title: str | None = None) -> Table:
    """A compact Rich table of program coverage (eligible, covered, gap, inclusion errors, score)."""
    headers = (
        ("Program", "Office", "Eligible", "Covered", "Gap", "Not eligible", "Not in registry", "Score")
        if en else ("Program", "Dinas", "Layak", "Tercakup", "Belum", "Tak layak", "Di luar registri", "Skor")
    )
    out = Table(title=title, header_style="bold", pad_edge=False)
    for i, h in enumerate(headers):
        out.add_column(h, justify="left" if i < 2 else "right")
    sep = "," if en else "."
    for r in table.to_pylist():
        score = r.get("score_coverage")
        out.add_row(
            r["program"], r["office"],
            *(f"{(r.get(c) or 0):,}".replace(",", sep) for c in (
                "eligible_units", "covered_units", "gap_units", "inclusion_not_eligible",
                "inclusion_not_in_registry")),
            "-" if score is None else f"{100 * score:.0f}%",
        )
    return out
