"""The whole input's column decisions for growth inputs that lokus does not read itself in file order.

``anthro zscores``/``anthro prevalence`` with ``--engine spark``, :func:`lokus.engine.prevalence_on` (Spark
or DuckDB) and :func:`lokus.growth.stunting_prevalence` get their rows as Arrow batches from an engine or a
caller. They decide as the file readers do (:class:`lokus.tables.BatchChecks`, the same sentences):

* the input's columns are matched to the growth fields (e-PPGBM headers, ``--column``), and two columns for
  one field that disagree refuse the input;
* each date column is read in one day/month order, the one its whole column shows; a column written in
  both orders is refused;
* a number column (``age_days``, ``weight_kg``, ``lenhei_cm``, the ``--weight`` column) written both
  ``1.234,5`` and ``1,234.5`` is refused.

An engine first reduces every batch to its :class:`BatchFindings` (:func:`batch_findings`, the readers'
own parsers), in one pass over the input (on Spark one ``mapInArrow`` job whose rows are the findings),
and :func:`decide` merges them in input order; only then are the batches z-scored, every one with the
decided orders (``date_orders`` of :func:`lokus.growth._inputs.read_measurements`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
import pyarrow as pa

from lokus.tables import BatchChecks, BatchFindings, HeaderMatch, ReadAgain

__all__ = ["EngineInput", "input_checks", "batch_findings", "decide", "number_columns"]

FIRST_LINE = 2
"""The line of the first data row of a file with a header row (CSV; Parquet rows are counted the same way
by :func:`lokus.tables.open_table`)."""


@dataclass(frozen=True)
class EngineInput:
    """An input an engine reads (a file or a table): its name in messages and its column names, as
    :class:`lokus.tables.BatchChecks` needs them; its ``row``-th row is on line ``row + 2``."""

    path: str
    headers: list[str]

    def line_of(self, row: int) -> int:
        return FIRST_LINE + row


def number_columns(weights: str | None = None) -> tuple[str, ...]:
    """The number columns decided over the whole input, in the order the refusal names the first."""
    from lokus.growth._batches import NUMBER_ORDER

    return (*NUMBER_ORDER, *([weights] if weights else []))


def input_checks(source: str, headers: Sequence[str], match: HeaderMatch,
                 orders: Mapping[str, str] | None = None) -> BatchChecks:
    """:class:`lokus.tables.BatchChecks` of the growth input ``source`` with ``headers``."""
    from lokus.growth._eppgbm import GROWTH_SPEC

    return BatchChecks(EngineInput(source, list(headers)), match, GROWTH_SPEC, orders)


def _frame(batch: Any) -> pl.DataFrame:
    if isinstance(batch, pa.RecordBatch):
        batch = pa.Table.from_batches([batch])
    frame = pl.from_arrow(batch) if isinstance(batch, pa.Table) else batch
    assert isinstance(frame, pl.DataFrame)
    return frame


def batch_findings(batch: Any, source: str, headers: Sequence[str], match: HeaderMatch,
                   columns: Mapping[str, str] | None = None, weights: str | None = None
                   ) -> tuple[BatchFindings, dict[str, dict[str, str]]]:
    """What one batch (columns named by ``headers``) says for the whole input: its duplicate columns'
    disagreements, its date columns' day/month evidence and its number columns' styles — read by the
    parsers of :func:`lokus.growth._inputs.read_measurements`, as a file's batch is."""
    from lokus.growth._files import growth_aliases
    from lokus.growth._inputs import read_measurements
    from lokus.growth._parse import parse_number

    checks = input_checks(source, headers, match)
    frame = as_written = _frame(batch)
    found = BatchFindings(frame.height)
    aliases = growth_aliases(list(headers), columns, match)
    if aliases:
        frame = frame.with_columns(aliases)
    styles: dict[str, dict[str, str]] = {}
    read_measurements(frame, source, styles, threads=1, dates=found)
    # the date columns not read (age_days given) and the duplicate columns, compared as a file's text cells
    checks.check(as_written, found)
    if weights and weights in frame.columns:
        parse_number(frame[weights], weights, styles, path=source)
    return found, styles


def decide(checks: BatchChecks, findings: Iterable[tuple[BatchFindings, Mapping[str, Mapping[str, str]]]],
           weights: str | None = None) -> dict[str, str]:
    """Merge every batch's findings (in input order) and refuse the input as a file reader would — a date
    column in both orders, two columns for one field that disagree, a number column in two styles — or
    return each date column's day/month order."""
    from lokus.growth._batches import merge_styles, raise_mixed

    styles: dict[str, dict[str, str]] = {}
    for found, batch_styles in findings:
        merge_styles(styles, batch_styles)
        checks.merge(found)
    try:
        orders = checks.finish()
    except ReadAgain as again:  # nothing was read yet: the orders are what the batches will be read in
        orders = again.orders
    raise_mixed(styles, number_columns(weights), path=str(checks.table.path))
    return orders
