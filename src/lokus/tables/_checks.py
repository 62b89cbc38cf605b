"""The checks every file gets once its headers are matched to a spec, on every way of reading it.

* **Two columns for one field** (``desil`` twice, ``desil_kesejahteraan`` and ``desil``) whose values
  differ on some row refuse the file with one sentence (:func:`lokus.tables.check_duplicates`).
* **Day/month order of dates**, per date field of the spec, decided over the whole column
  (:func:`lokus.tables._values.date_order`): month first when some value can only be month first, day
  first otherwise; a column with both refuses the file.

:func:`check_columns` runs them over a DuckDB relation (the ingests of :func:`lokus.tables.open_table`),
:func:`check_frame` over a file read whole (:func:`lokus.tables.read_frame`), :class:`BatchChecks` over a
file read in batches (:func:`lokus.tables.read_batches`), with the same sentences. None adds a pass over
the data: the duplicate check runs only when a field has two columns, and the date evidence is the one
query per date column that decides the order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from lokus.tables._spec import FieldKind, HeaderMatch, TableSpec, check_duplicates, duplicate_disagreements
from lokus.tables._values import DateEvidence, DateOrders, date_order

if TYPE_CHECKING:
    import polars as pl

    from lokus.tables._frame import TableFrame

__all__ = ["check_columns", "check_frame", "BatchChecks", "BatchFindings", "BatchSource", "date_fields"]


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


def check_columns(con: Any, relation: str, path: str, headers: Sequence[str], match: HeaderMatch,
                  spec: TableSpec) -> dict[str, str]:
    """Refuse, with one sentence, a file whose two columns for one field disagree or whose date column is
    written in both day/month orders; return each date field's order (``"dmy"``/``"mdy"``). ``relation``
    holds the raw cells ``c0`` … and ``__line``."""
    check_duplicates(con, relation, path, headers, match)
    return {name: date_order(con, relation, f"c{i}", column=headers[i], path=path)
            for name, i in date_fields(spec, match).items()}


def _relation(con: Any, frame: pl.DataFrame, headers: Sequence[str], indices: Sequence[int], lines: Any,
              name: str) -> str:
    """Columns ``indices`` of ``frame`` registered in ``con`` as ``c<i>`` beside ``__line`` (no copy)."""
    import numpy as np
    import pyarrow as pa

    data = {f"c{i}": frame.get_column(headers[i]).to_arrow() for i in sorted(set(indices))}
    data["__line"] = pa.array(np.asarray(lines, dtype=np.int64))
    con.register(name, pa.table(data))
    return name


def check_frame(table: TableFrame, match: HeaderMatch, spec: TableSpec | None = None) -> dict[str, str]:
    """:func:`check_columns` for a file read whole; lines named as in the file. Without ``spec`` (a reader
    taking columns by their exact names, see :func:`lokus.tables.repeated_headers`) only the duplicate
    columns are checked."""
    import duckdb

    found = date_fields(spec, match) if spec is not None else {}
    involved = [*found.values()] + [i for name, others in match.duplicates.items()
                                    for i in (match.columns[name], *others)]
    if not involved:
        return {}
    con = duckdb.connect()
    try:
        relation = _relation(con, table.frame, table.headers, involved, table.lines, "__lokus_checked")
        if spec is not None:
            return check_columns(con, relation, str(table.path), table.headers, match, spec)
        check_duplicates(con, relation, str(table.path), table.headers, match)
        return {}
    finally:
        con.close()


@dataclass
class BatchFindings:
    """What one batch says (made on a worker thread, merged in file order by :meth:`BatchChecks.merge`):
    ``rows`` in the batch, the disagreements of its duplicate columns (``row`` counted within the
    batch) and, per date column, its evidence and the order its values were read in."""

    rows: int = 0
    disagreements: list[Any] = field(default_factory=list)
    dates: dict[str, tuple[DateEvidence, str]] = field(default_factory=dict)

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
        return cls(data["rows"], [Disagreement(**d) for d in data["disagreements"]],
                   {c: (DateEvidence(**e), used) for c, (e, used) in data["dates"].items()})


class BatchChecks:
    """:func:`check_columns` over a file read in batches (:func:`lokus.tables.read_batches`).

    On a worker thread, :meth:`duplicates` checks one batch's duplicate columns; the date parser reports
    each date column's evidence (``lokus.tables.parse_values(..., mixed_ok=True)``) into the batch's
    :class:`BatchFindings`. In file order, :meth:`merge` adds a batch: a date column written in both orders
    is refused at once. :meth:`finish` (while the file is still open) refuses duplicate columns that
    disagree, with the whole file's count and the line of the first row, and raises
    :class:`lokus.tables.ReadAgain` when a batch read a date in another order than its whole column shows.
    ``orders``: the day/month orders of a second reading (from :class:`~lokus.tables.ReadAgain`).
    """

    def __init__(self, table: BatchSource, match: HeaderMatch, spec: TableSpec,
                 orders: Mapping[str, str] | None = None) -> None:
        self.table = table
        self.match = match
        headers = table.headers
        self.dates = DateOrders(str(table.path), orders,
                                {name: headers[i] for name, i in date_fields(spec, match).items()})
        self._rows = 0
        self._disagreements: dict[tuple[int, int], Any] = {}

    def order(self, column: str) -> str | None:
        """The day/month order to read date field ``column`` in (None on a first reading: the batch's own)."""
        return self.dates.given.get(column)

    def duplicates(self, frame: pl.DataFrame) -> list[Any]:
        """The disagreements of one batch's duplicate columns (rows counted from the batch's first)."""
        if not self.match.duplicates:
            return []
        import duckdb

        involved = [i for name, others in self.match.duplicates.items() for i in (self.match.columns[name], *others)]
        con = duckdb.connect()
        try:
            relation = _relation(con, frame, self.table.headers, involved, range(frame.height), "__lokus_batch")
            return duplicate_disagreements(con, relation, self.match)
        finally:
            con.close()

    def merge(self, found: BatchFindings) -> None:
        """Add one batch's findings (batches in file order)."""
        from dataclasses import replace

        for d in found.disagreements:
            key = (d.first, d.second)
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
        for name, others in self.match.duplicates.items():  # the pair a whole-file reader names first
            for other in others:
                d = self._disagreements.get((self.match.columns[name], other))
                if d is not None:
                    raise d.error(str(self.table.path), self.table.headers, self.table.line_of(d.row))
        return self.dates.finish()
