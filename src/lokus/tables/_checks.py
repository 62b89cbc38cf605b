"""The checks every file gets once its headers are matched to a spec, on every way of reading it.

* **Two columns for one field** (``desil`` twice, ``desil_kesejahteraan`` and ``desil``) whose values
  differ on some row refuse the file with one sentence (:func:`lokus.tables.check_duplicates`). Values are
  compared as the reader normalises the field: ``18.04.04.2002`` and ``1804042002`` are one village code,
  ``1804 0457 0394 0007`` and ``1804045703940007`` one NIK, two dates one day.
* **Day/month order of dates**, per date column of the spec (and per second column for a date field),
  decided over the whole column (:func:`lokus.tables._values.date_order`): month first when some value can
  only be month first, day first otherwise; a column with both refuses the file.

:func:`check_columns` runs them over a DuckDB relation (the ingests of :func:`lokus.tables.open_table`),
:func:`check_frame` over a file read whole (:func:`lokus.tables.read_frame`), :class:`BatchChecks` over a
file read in batches (:func:`lokus.tables.read_batches`), with the same sentences and the same columns: a
date column is checked whether or not the command then reads it (``age_days`` given beside the dates).
None adds a pass over the data the reader makes anyway: the duplicate check runs only when a field has two
columns, and the date evidence is the one query per date column that decides the order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from lokus.tables._spec import (
    FieldKind,
    HeaderMatch,
    TableSpec,
    column_label,
    duplicate_disagreements,
)
from lokus.tables._values import DateEvidence, DateOrders, date_evidence, date_order

if TYPE_CHECKING:
    import polars as pl

    from lokus.tables._frame import TableFrame

__all__ = ["check_columns", "check_frame", "BatchChecks", "BatchFindings", "BatchSource", "date_fields",
           "date_columns"]


class BatchSource(Protocol):
    """What :class:`BatchChecks` needs of an input read in batches: a :class:`lokus.tables.TableBatches`, or
    an input an engine reads (:class:`lokus.growth.EngineInput`)."""

    @property
    def path(self) -> Any: ...

    @property
    def headers(self) -> list[str]: ...

    def line_of(self, row: int) -> int: ...


def date_fields(spec: TableSpec, match: HeaderMatch) -> dict[str, int]:
    """The spec's date fields found in the file: field → header index."""
    return {f.name: match.columns[f.name] for f in spec.fields if f.kind is FieldKind.DATE and f.name in match.columns}


def date_columns(spec: TableSpec, match: HeaderMatch, headers: Sequence[str]) -> dict[str, tuple[int, str]]:
    """Every date column whose day/month order is decided: the spec's date fields (field → header index,
    the column as named in a sentence) and the second columns of a date field (``field#n`` for column n),
    whose dates are compared with the first's in their own order."""
    out = {name: (i, headers[i]) for name, i in date_fields(spec, match).items()}
    for name, others in match.duplicates.items():
        if name in out:
            out.update({f"{name}#{i + 1}": (i, column_label(headers, i)) for i in others})
    return out


def field_kinds(spec: TableSpec, match: HeaderMatch) -> dict[str, FieldKind]:
    """The kind of each field written in two columns (how their values are compared)."""
    names = {f.name for f in spec.fields}
    return {name: spec.field(name).kind for name in match.duplicates if name in names}


def check_columns(con: Any, relation: str, path: str, headers: Sequence[str], match: HeaderMatch,
                  spec: TableSpec) -> dict[str, str]:
    """Refuse, with one sentence, a file whose date column is written in both day/month orders or whose two
    columns for one field hold different values; return each date field's order (``"dmy"``/``"mdy"``).
    ``relation`` holds the raw cells ``c0`` … and ``__line``."""
    dates = date_columns(spec, match, headers)
    orders = {key: date_order(con, relation, f"c{i}", column=label, path=path) for key, (i, label) in dates.items()}
    found = duplicate_disagreements(con, relation, match, field_kinds(spec, match),
                                    {dates[key][0]: (order,) for key, order in orders.items()})
    if found:
        raise found[0].error(path, headers)
    return {name: orders[name] for name in date_fields(spec, match)}


def _relation(con: Any, frame: pl.DataFrame, headers: Sequence[str], indices: Sequence[int], lines: Any,
              name: str) -> str:
    """Columns ``indices`` of ``frame`` registered in ``con`` as ``c<i>`` beside ``__line`` (no copy)."""
    import numpy as np
    import polars as pl
    import pyarrow as pa

    # as text, as a file's cells are (an engine may have typed a column: a date column is then read as ISO)
    data = {f"c{i}": frame.get_column(headers[i]).cast(pl.String).to_arrow() for i in sorted(set(indices))}
    data["__line"] = pa.array(np.asarray(lines, dtype=np.int64))
    con.register(name, pa.table(data))
    return name


def check_frame(table: TableFrame, match: HeaderMatch, spec: TableSpec | None = None) -> dict[str, str]:
    """:func:`check_columns` for a file read whole; lines named as in the file. Without ``spec`` (a reader
    taking columns by their exact names, see :func:`lokus.tables.repeated_headers`) only the duplicate
    columns are checked."""
    import duckdb

    found = [i for i, _ in date_columns(spec, match, table.headers).values()] if spec is not None else []
    involved = found + [i for name, others in match.duplicates.items() for i in (match.columns[name], *others)]
    if not involved:
        return {}
    con = duckdb.connect()
    try:
        relation = _relation(con, table.frame, table.headers, involved, table.lines, "__lokus_checked")
        if spec is not None:
            return check_columns(con, relation, str(table.path), table.headers, match, spec)
        found_pairs = duplicate_disagreements(con, relation, match)
        if found_pairs:
            raise found_pairs[0].error(str(table.path), table.headers)
        return {}
    finally:
        con.close()


@dataclass
class BatchFindings:
    """What one batch says (made on a worker thread, merged in file order by :meth:`BatchChecks.merge`):
    ``rows`` in the batch, the disagreements of its duplicate columns (``row`` counted within the
    batch) and, per date column, its evidence and the order its values were read in (None: checked, not
    read)."""

    rows: int = 0
    disagreements: list[Any] = field(default_factory=list)
    dates: dict[str, tuple[DateEvidence, str | None]] = field(default_factory=dict)

    def to_json(self) -> str:
        """The findings as text (from a Spark executor to the driver); :meth:`from_json` reads it back."""
        import json
        from dataclasses import asdict

        return json.dumps({"rows": self.rows, "disagreements": [asdict(d) for d in self.disagreements],
                           "dates": {c: [asdict(e), used] for c, (e, used) in self.dates.items()}})

    @classmethod
    def from_json(cls, text: str) -> BatchFindings:
        import json

        from lokus.tables._spec import Disagreement

        data = json.loads(text)
        return cls(data["rows"], [Disagreement(**{**d, "orders": tuple(d.get("orders") or (None, None))})
                                  for d in data["disagreements"]],
                   {c: (DateEvidence(**e), used) for c, (e, used) in data["dates"].items()})


class BatchChecks:
    """:func:`check_columns` over a file read in batches (:func:`lokus.tables.read_batches`).

    On a worker thread, the date parser reports the evidence of each date column it reads
    (``lokus.tables.parse_values(..., mixed_ok=True)``) into the batch's :class:`BatchFindings`; then
    :meth:`check` adds the evidence of every other date column (one the command does not read, as
    ``birth_date`` beside ``age_days``: a whole-file reader checks it too) and the disagreements of the
    duplicate columns, a date pair in each combination of day/month orders (the columns' orders are known
    only at the end). In file order, :meth:`merge` adds a batch: a date column written in both orders is
    refused at once. :meth:`finish` (while the file is still open) refuses duplicate columns that disagree
    in their decided orders, with the whole file's count and the line of the first row, and raises
    :class:`lokus.tables.ReadAgain` when a batch read a date in another order than its whole column shows.
    ``orders``: the day/month orders of a second reading (from :class:`~lokus.tables.ReadAgain`).
    """

    def __init__(self, table: BatchSource, match: HeaderMatch, spec: TableSpec,
                 orders: Mapping[str, str] | None = None) -> None:
        self.table = table
        self.match = match
        headers = table.headers
        self.columns = date_columns(spec, match, headers)
        self.kinds = field_kinds(spec, match)
        self.dates = DateOrders(str(table.path), orders, {key: label for key, (_, label) in self.columns.items()})
        self._key_of = {i: key for key, (i, _) in self.columns.items()}
        self._rows = 0
        self._disagreements: dict[tuple[int, int, tuple[str | None, str | None]], Any] = {}

    def order(self, column: str) -> str | None:
        """The day/month order to read date field ``column`` in (None on a first reading: the batch's own)."""
        return self.dates.given.get(column)

    def check(self, frame: pl.DataFrame, found: BatchFindings) -> BatchFindings:
        """Complete ``found``, one batch's findings, from its ``frame`` (the columns as the file names them,
        rows counted from the batch's first): the evidence of the date columns the parser did not read, and
        the disagreements of the duplicate columns. Returns ``found``."""
        unread = [key for key in self.columns if key not in found.dates]
        pairs = [i for name, others in self.match.duplicates.items() for i in (self.match.columns[name], *others)]
        if unread or pairs:
            import duckdb

            con = duckdb.connect()
            try:
                involved = [self.columns[key][0] for key in unread] + pairs
                relation = _relation(con, frame, self.table.headers, involved, range(frame.height), "__lokus_batch")
                for key in unread:
                    found.dates[key] = (date_evidence(con, relation, f"c{self.columns[key][0]}"), None)
                if pairs:
                    found.disagreements = self._disagreements_in(con, relation, found)
            finally:
                con.close()
        # in the order a whole-file reader checks them (the first column written both ways is named)
        found.dates = {**{k: found.dates[k] for k in self.columns if k in found.dates}, **found.dates}
        return found

    def _disagreements_in(self, con: Any, relation: str, found: BatchFindings) -> list[Any]:
        """One batch's disagreements, a date pair in each combination of the orders its columns may be read in:
        the given ones on a second reading, else both — queried only for a column whose order matters in
        this batch (some ``a/b/yyyy`` value), the other order's result being the same."""
        from dataclasses import replace

        options: dict[int, tuple[str, ...]] = {}
        same: set[int] = set()  # columns whose order changes nothing in this batch
        for key, (i, _) in self.columns.items():
            given = self.dates.given.get(key)
            evidence = found.dates[key][0] if key in found.dates else None
            if given:
                options[i] = (given,)
            elif evidence is None or evidence.day_first or evidence.month_first or evidence.sensitive:
                options[i] = ("dmy", "mdy")
            else:
                options[i] = ("dmy",)
                same.add(i)
        out = []
        for d in duplicate_disagreements(con, relation, self.match, self.kinds, options):
            variants = [d]
            for k, i in enumerate((d.first, d.second)):
                if i in same:
                    variants += [replace(v, orders=(("mdy", v.orders[1]) if k == 0 else (v.orders[0], "mdy")))
                                 for v in variants]
            out += variants
        return out

    def merge(self, found: BatchFindings) -> None:
        """Add one batch's findings (batches in file order)."""
        from dataclasses import replace

        for d in found.disagreements:
            key = (d.first, d.second, d.orders)
            seen = self._disagreements.get(key)
            if seen is None:
                self._disagreements[key] = replace(d, row=d.row + self._rows)
            else:
                self._disagreements[key] = replace(seen, count=seen.count + d.count)
        for column, (evidence, used) in found.dates.items():
            self.dates.merge(column, evidence, used)
        self._rows += found.rows

    def finish(self) -> dict[str, str]:
        """Refuse the file or return each date field's order (see the class doc)."""
        orders = self.dates.orders()
        for name, others in self.match.duplicates.items():  # the pair a whole-file reader names first
            first = self.match.columns[name]
            for other in others:
                read_in = ((orders.get(self._key_of[first], "dmy"), orders.get(self._key_of[other], "dmy"))
                           if self.kinds.get(name) is FieldKind.DATE else (None, None))
                d = self._disagreements.get((first, other, read_in))
                if d is not None:
                    raise d.error(str(self.table.path), self.table.headers, self.table.line_of(d.row))
        return self.dates.finish()
