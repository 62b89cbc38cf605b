"""``anthro zscores`` file to file in batches: memory bounded by the batch, not by the file.

:func:`zscores_file` reads the input with :func:`lokus.tables.read_batches` (the one reader, batch by
batch, with all of its guarantees), z-scores and classifies each batch exactly as the whole-file path
(:func:`read_table` → :func:`zscores` → :func:`classify` → :func:`write_table`) does, and writes each batch
as it is done: the CSV has the same bytes and the Parquet file the same rows. Reading the next batch,
computing one and formatting another overlap on two threads (pyarrow, NumPy and Polars release the GIL).

What stays whole-file: XLSX output (a sheet holds at most 1,048,576 rows; more is refused in one sentence).
The one value that depends on the whole file — a number column written both ``1.234,5`` and ``1,234.5`` is
refused (:class:`lokus.tables.AmbiguousColumnError`) — is decided over all batches, with the same sentence.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from lokus.growth._files import check_output, growth_aliases, write_parquet_parts

__all__ = ["ZscoresSummary", "batch_sizes", "in_batches", "zscores_file", "NUMBER_ORDER", "raise_mixed"]

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


def _zscore_batch(frame: Any, aliases: list[Any], lang: str, source: str, csv: bool
                  ) -> tuple[int, int, int, dict[str, dict[str, str]], Any]:
    from lokus.growth._classify import STATUSES, category_columns
    from lokus.growth._frames import add_columns
    from lokus.growth._inputs import read_measurements
    from lokus.growth._zscores import compute_measurements, zscore_columns
    from lokus.reports import csv_rows

    if aliases:
        frame = frame.with_columns(aliases)
    styles: dict[str, dict[str, str]] = {}
    # one thread per step: the batches are already worked on two at a time
    m = read_measurements(frame, source, styles, threads=1)
    z = compute_measurements(m, threads=1)
    added = zscore_columns(m, z, threads=1)  # classify(zscores(frame)) without reading the new columns back
    added.update(category_columns({name: getattr(z, name) for s in STATUSES for name in (s.z, s.flag)},
                                  m.oedema, lang))
    result = add_columns(frame, added)
    reasons = int(result["reason"].is_not_null().sum())
    stunted = int((result["zlen"] < -2).sum())
    payload = csv_rows(result) if csv else result
    return result.height, reasons, stunted, styles, payload


def zscores_file(input: str | Path, out: str | Path, *, columns: Mapping[str, str] | None = None,
                 lang: str = "id", memory_limit: str | None = None, progress: Progress | None = None,
                 block_bytes: int | None = None) -> ZscoresSummary:
    """Add WHO z-scores, flags, reasons and status categories to every row of the file ``input`` and write
    ``out`` (``.csv``, ``.parquet``; ``.xlsx`` whole-file), in batches (see the module doc). ``progress``
    gets ``("zscores", fraction read)`` after each batch is written."""
    from lokus.tables import NotPlainText

    p = check_output(out)
    if p.suffix.lower() == ".xlsx":
        return _whole_file(input, p, columns, lang)
    block, rows = batch_sizes(memory_limit)
    if block_bytes:  # tests: many small batches
        block, rows = block_bytes, max(1, block_bytes // _BYTES_PER_ROW)
    try:
        return _zscores_batches(input, p, columns, lang, memory_limit, progress, block, rows, plain=True)
    except NotPlainText:  # a line the quick reader may not read: the general reader decides, from the start
        return _zscores_batches(input, p, columns, lang, memory_limit, progress, block, rows, plain=False)


def _zscores_batches(input: str | Path, out: Path, columns: Mapping[str, str] | None, lang: str,
                     memory_limit: str | None, progress: Progress | None, block: int, rows: int,
                     plain: bool) -> ZscoresSummary:
    from lokus.reports import write_csv_parts
    from lokus.tables import read_batches

    csv = out.suffix.lower() == ".csv"
    totals = [0, 0, 0]
    styles: dict[str, dict[str, str]] = {}
    source = str(input)
    with read_batches(input, batch_rows=rows, block_bytes=block, memory_limit=memory_limit,
                      plain=plain) as table:
        table.refuse_bad_lines()
        aliases = growth_aliases(table.headers, columns)
        fractions: deque[float] = deque()

        def frames() -> Iterator[Any]:
            for frame, fraction in table:
                fractions.append(fraction)
                yield frame

        def parts() -> Iterator[Any]:
            for n, reasons, stunted, batch_styles, payload in in_batches(
                    frames(), lambda f: _zscore_batch(f, aliases, lang, source, csv)):
                totals[0] += n
                totals[1] += reasons
                totals[2] += stunted
                merge_styles(styles, batch_styles)
                yield payload
                if progress is not None:
                    progress("zscores", fractions.popleft())
            raise_mixed(styles, path=source)  # before the file is renamed into place

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
