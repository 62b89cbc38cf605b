"""The growth input's column decisions on an engine, in one pass over the input before the batches are
z-scored (see :mod:`lokus.growth._decide`): on Spark one ``mapInArrow`` job reduces each Arrow batch to its
findings (a row of text per batch) and the driver merges them in input order; on DuckDB the same findings
are made from the relation's Arrow batches."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pyarrow as pa

from lokus.tables import BatchFindings, HeaderMatch

__all__ = ["decide_spark", "decide_on", "involved_columns"]

_DUCKDB_BATCH_ROWS = 1_000_000
_ROWS = pa.schema([("part", pa.int64()), ("batch", pa.int64()), ("found", pa.string()), ("styles", pa.string())])


def involved_columns(headers: Sequence[str], match: HeaderMatch, weights: str | None = None) -> list[str]:
    """The columns the decisions read: the growth fields found, their duplicates, the weights."""
    used = set(match.columns.values()) | {i for others in match.duplicates.values() for i in others}
    return [h for i, h in enumerate(headers) if i in used or h == weights]


def _findings_rows(batches: Iterator[Any], source: str, headers: list[str], match: HeaderMatch,
                   columns: Mapping[str, str] | None, weights: str | None, part: int) -> Iterator[pa.RecordBatch]:
    from lokus.growth._decide import batch_findings

    for i, batch in enumerate(batches):
        if batch.num_rows == 0:
            continue
        found, styles = batch_findings(batch, source, headers, match, columns, weights)
        yield pa.RecordBatch.from_pydict({"part": [part], "batch": [i], "found": [found.to_json()],
                                          "styles": [json.dumps(styles)]}, schema=_ROWS)


def _merged(rows: pa.Table, source: str, headers: list[str], match: HeaderMatch, weights: str | None
            ) -> dict[str, str]:
    from lokus.growth._decide import decide, input_checks

    rows = rows.sort_by([("part", "ascending"), ("batch", "ascending")])
    findings = ((BatchFindings.from_json(f), json.loads(s))
                for f, s in zip(rows.column("found").to_pylist(), rows.column("styles").to_pylist(), strict=True))
    return decide(input_checks(source, headers, match), findings, weights)


def decide_spark(frame: Any, source: str, match: HeaderMatch, columns: Mapping[str, str] | None = None,
                 weights: str | None = None) -> dict[str, str]:  # pragma: no cover - needs Java
    """Refuse the Spark DataFrame ``frame`` (columns named as lokus names a file's headers) as the file
    readers would, or return each date column's day/month order: one job over the input's partitions
    (in order: a file's partitions follow the file)."""
    headers = list(frame.columns)

    def findings(batches: Iterator[Any]) -> Iterator[pa.RecordBatch]:
        from pyspark import TaskContext

        context = TaskContext.get()
        yield from _findings_rows(batches, source, headers, match, columns, weights,
                                  context.partitionId() if context is not None else 0)

    used = involved_columns(headers, match, weights)
    rows = frame.select(*[frame[f"`{h}`"] for h in used]).mapInArrow(
        findings, "part long, batch long, found string, styles string").toArrow()
    return _merged(rows, source, headers, match, weights)


def decide_on(be: Any, table: Any, source: str, columns: Mapping[str, str] | None = None,
              weights: str | None = None) -> tuple[HeaderMatch, dict[str, str]]:
    """The growth fields of the Ibis ``table`` (Spark or DuckDB) and each date column's day/month order,
    decided over the whole table (see :func:`decide_spark`)."""
    from lokus.growth._files import growth_match

    headers = list(table.columns)
    match = growth_match(headers, columns)
    used = involved_columns(headers, match, weights)
    if getattr(be, "name", "") == "pyspark":
        frame = be._session.sql(str(be.compile(table)))
        return match, decide_spark(frame, source, match, columns, weights)
    # the batches hold only the columns the decisions read; they are found by name
    reader = be.con.sql(str(be.compile(table.select(*used) if used else table))).to_arrow_reader(_DUCKDB_BATCH_ROWS)
    rows = list(_findings_rows(iter(reader), source, headers, match, columns, weights, 0))
    return match, _merged(pa.Table.from_batches(rows, schema=_ROWS), source, headers, match, weights)
