"""``anthro zscores`` file to file in batches: memory bounded by the batch, not by the file.

:func:`zscores_file` reads the input with :func:`lokus.tables.read_batches` (the one reader, batch by
batch, with all of its guarantees), z-scores and classifies each batch exactly as the whole-file path
(:func:`read_table` → :func:`zscores` → :func:`classify` → :func:`write_table`) does, and writes each batch
as it is done: the CSV has the same bytes and the Parquet file the same rows. Reading the next batch,
computing one and formatting another overlap on two threads (pyarrow, NumPy and Polars release the GIL).

What stays whole-file: XLSX output (a sheet holds at most 1,048,576 rows; more is refused in one sentence).
What depends on the whole file is decided over all batches, with the whole-file reader's sentences: a number
column written both ``1.234,5`` and ``1,234.5`` is refused (:class:`lokus.tables.AmbiguousColumnError`); so are
two columns for one field that disagree and a date column written in both day/month orders
(:class:`lokus.tables.BatchChecks`). A date column is read in one day/month order, the one its whole column
shows: when a later batch shows month first after an earlier one read an ambiguous date (``03/04/2020``) day
first, the file is read again in that order before anything is written (:class:`lokus.tables.ReadAgain`; rare:
a month-first column shows itself in its first rows).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from lokus.growth._files import check_output, growth_aliases, growth_match, write_parquet_parts
from lokus.tables import BatchChecks, BatchFindings

__all__ = ["ZscoresSummary", "batch_sizes", "in_batches", "zscores_file", "NUMBER_ORDER", "raise_mixed", "read_again"]

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[str, "float | None"], None]

# The number columns in the order the whole-file reader parses them (the first written both ways is named).
NUMBER_ORDER = ("age_days", "weight_kg", "lenhei_cm")
_UNITS = {"B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
          "KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}
_BLOCK_BYTES = 2 << 20
_BYTES_PER_ROW = 40  # a measurement row of the six input columns as text


def _bytes(limit: str) -> int:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*", limit)
    if m is None:
        return 0
    return int(float(m[1]) * _UNITS.get(m[2].upper(), 0))


def batch_sizes(memory_limit: str | None) -> tuple[int, int]:
    """(bytes of text, rows) per batch: 2 MiB (about 80,000 measurement rows) by default. While a batch is
    worked on it takes about 50 times its text (parsed columns, z-scores, the output rows as text), and three are
    in memory at a time, beside ~250 MB of libraries: under a memory limit the batch is at most
    (limit - 256 MB) / 160, and at least 256 KiB (measured peaks: docs/engines.md)."""
    block = _BLOCK_BYTES
    if memory_limit and _bytes(memory_limit):
        block = max(256 << 10, min(block, (_bytes(memory_limit) - (256 << 20)) // 160))
    return block, max(1_000, block // _BYTES_PER_ROW)


def in_batches(items: Iterable[T], work: Callable[[T], R], depth: int = 2) -> Iterator[R]:
    """``work(item)`` for every item, in order, on ``depth`` threads while the next items are produced:
    at most ``depth`` items are worked on at a time."""
    with ThreadPoolExecutor(max_workers=depth) as pool:
        pending: deque[Future[R]] = deque()
        try:
            for item in items:
                pending.append(pool.submit(work, item))
                if len(pending) >= depth:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for f in pending:
                f.cancel()


def merge_styles(seen: dict[str, dict[str, str]], batch: Mapping[str, Mapping[str, str]]) -> None:
    """Keep the first value written each way per number column (batches given in file order)."""
    for column, examples in batch.items():
        mine = seen.setdefault(column, {})
        for style, example in examples.items():
            mine.setdefault(style, example)


def raise_mixed(seen: Mapping[str, Mapping[str, str]], order: Iterable[str] = NUMBER_ORDER, path: str = "") -> None:
    """Raise, as the whole-file reader does, for the first column of ``order`` written both ways (the sentence
    names the file ``path``)."""
    from lokus.tables import ValueKind
    from lokus.tables._values import mixed_error

    for column in order:
        error = mixed_error(ValueKind.DECIMAL, column, path, dict(seen.get(column, {})))
        if error is not None:
            raise error


@dataclass(frozen=True)
class ZscoresSummary:
    """What the command tells: rows written, rows with a reason, rows with ``zlen`` < -2."""

    rows: int
    reasons: int
    stunted: int


def _zscore_batch(frame: Any, aliases: list[Any], lang: str, source: str, csv: bool, checks: BatchChecks
                  ) -> tuple[int, int, int, dict[str, dict[str, str]], BatchFindings, Any]:
    from lokus.growth._classify import STATUSES, category_columns
    from lokus.growth._frames import add_columns
    from lokus.growth._inputs import read_measurements
    from lokus.growth._zscores import compute_measurements, zscore_columns
    from lokus.reports import csv_rows

    found = BatchFindings(frame.height)
    as_written = frame
    if aliases:
        frame = frame.with_columns(aliases)
    styles: dict[str, dict[str, str]] = {}
    # one thread per step: the batches are already worked on two at a time
    m = read_measurements(frame, source, styles, threads=1, dates=found, date_orders=checks.dates.given)
    checks.check(as_written, found)  # the date columns not read (age_days given), the duplicate columns
    z = compute_measurements(m, threads=1)
    added = zscore_columns(m, z, threads=1)  # classify(zscores(frame)) without reading the new columns back
    added.update(category_columns({name: getattr(z, name) for s in STATUSES for name in (s.z, s.flag)},
                                  m.oedema, lang))
    result = add_columns(frame, added)
    reasons = int(result["reason"].is_not_null().sum())
    stunted = int((result["zlen"] < -2).sum())
    payload = csv_rows(result) if csv else result
    return result.height, reasons, stunted, styles, found, payload


def zscores_file(input: str | Path, out: str | Path, *, columns: Mapping[str, str] | None = None,
                 lang: str = "id", memory_limit: str | None = None, progress: Progress | None = None,
                 block_bytes: int | None = None) -> ZscoresSummary:
    """Add WHO z-scores, flags, reasons and status categories to every row of the file ``input`` and write
    ``out`` (``.csv``, ``.parquet``; ``.xlsx`` whole-file), in batches (see the module doc). ``progress``
    gets ``("zscores", fraction read)`` after each batch is written."""
    p = check_output(out)
    if p.suffix.lower() == ".xlsx":
        return _whole_file(input, p, columns, lang)
    block, rows = batch_sizes(memory_limit)
    if block_bytes:  # tests: many small batches
        block, rows = block_bytes, max(1, block_bytes // _BYTES_PER_ROW)
    return read_again(lambda plain, orders: _zscores_batches(input, p, columns, lang, memory_limit, progress, block,
                                                            rows, plain=plain, orders=orders))


def read_again(read: Callable[[bool, dict[str, str] | None], R]) -> R:
    """``read(plain, orders)`` from the quick reader with each batch's own date order; again from the start
    with the general reader when the quick one may not read a line (:class:`lokus.tables.NotPlainText`), and
    with the whole columns' date orders when a batch read a date in the other order
    (:class:`lokus.tables.ReadAgain`)."""
    from lokus.tables import NotPlainText, ReadAgain

    plain, orders = True, None
    while True:
        try:
            return read(plain, orders)
        except NotPlainText:
            plain = False
        except ReadAgain as again:
            if orders is not None:  # cannot happen: a reading with given orders never asks again
                raise
            orders = again.orders


def _zscores_batches(input: str | Path, out: Path, columns: Mapping[str, str] | None, lang: str,
                     memory_limit: str | None, progress: Progress | None, block: int, rows: int,
                     plain: bool, orders: dict[str, str] | None = None) -> ZscoresSummary:
    from lokus.growth._eppgbm import GROWTH_SPEC
    from lokus.reports import write_csv_parts
    from lokus.tables import read_batches

    csv = out.suffix.lower() == ".csv"
    totals = [0, 0, 0]
    styles: dict[str, dict[str, str]] = {}
    source = str(input)
    with read_batches(input, batch_rows=rows, block_bytes=block, memory_limit=memory_limit,
                      plain=plain) as table:
        table.refuse_bad_lines()
        match = growth_match(table.headers, columns)
        aliases = growth_aliases(table.headers, columns, match)
        checks = BatchChecks(table, match, GROWTH_SPEC, orders)
        fractions: deque[float] = deque()

        def frames() -> Iterator[Any]:
            for frame, fraction in table:
                fractions.append(fraction)
                yield frame

        def parts() -> Iterator[Any]:
            for n, reasons, stunted, batch_styles, found, payload in in_batches(
                    frames(), lambda f: _zscore_batch(f, aliases, lang, source, csv, checks)):
                totals[0] += n
                totals[1] += reasons
                totals[2] += stunted
                merge_styles(styles, batch_styles)
                checks.merge(found)
                yield payload
                if progress is not None:
                    progress("zscores", fractions.popleft())
            checks.finish()  # before the file is renamed into place
            raise_mixed(styles, path=source)

        if csv:
            write_csv_parts(out, parts())
        else:
            write_parquet_parts(out, parts())
    return ZscoresSummary(*totals)


def _whole_file(input: str | Path, out: Path, columns: Mapping[str, str] | None, lang: str) -> ZscoresSummary:
    from lokus.growth._classify import classify
    from lokus.growth._files import read_table, write_table
    from lokus.growth._zscores import zscores

    result = classify(zscores(read_table(input, columns=columns), source=str(input)), lang=lang)
    write_table(result, out, lang=lang)
    return ZscoresSummary(result.height, int(result["reason"].is_not_null().sum()),
                          int((result["zlen"] < -2).sum()))
