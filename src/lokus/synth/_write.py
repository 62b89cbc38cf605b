"""``synthesize``: the generator's chunks written as Parquet, generation and writing overlapped.

Layout written under ``out`` (one Parquet file per table, one row group per chunk): ``people.parquet``,
``households.parquet``, ``measurements.parquet``, ``recipients.parquet`` (see
:mod:`lokus.synth._generate` for their columns) and ``manifest.json`` (the arguments, counts, timing).

Villages are taken in code order and cut into chunks of about ``chunk_rows`` people; ``workers``
threads generate chunks (NumPy and Arrow release the GIL) while the calling thread writes the finished
ones in chunk order, so the files are the same whatever the number of workers. Only ``workers + 2``
chunks are in memory at once. Categorical columns are written dictionary-encoded; column statistics
are not written (nothing reads them; they cost a third of the writing).
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from lokus.errors import OutputError, os_reason
from lokus.reports import make_folder
from lokus.synth._generate import TABLES, generate_chunk
from lokus.synth._plan import SynthError, VillagePlan, chunk_ranges, is_national, plan_villages

__all__ = ["COMPRESSIONS", "SynthSummary", "synthesize"]

COMPRESSIONS = ("none", "snappy", "lz4", "zstd")


@dataclass
class SynthSummary:
    region: str
    people: int
    seed: int
    villages: int
    villages_with_people: int
    chunks: int
    rows: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    cpu_generate: float = 0.0  # CPU seconds (thread time) spent generating chunks
    cpu_write: float = 0.0  # CPU seconds (thread time) spent encoding and writing Parquet
    bytes_written: int = 0
    replaced: bool = False  # the files of an earlier run in the same folder were replaced

    @property
    def people_per_second(self) -> float:
        return self.people / self.seconds if self.seconds > 0 else float("inf")

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"people_per_second": round(self.people_per_second)}


# Bytes per person of all four files, a little under what 300k (Lampung Barat) and 2.7M (national)
# people measured: 132 and 138 uncompressed, 54 with snappy, 30 with zstd.
_BYTES_PER_PERSON = {"none": 120, "snappy": 48, "lz4": 48, "zstd": 27}
_OWN_FILES = frozenset([*(f"{name}.parquet" for name in TABLES), "manifest.json"])


class SynthDiskError(SynthError):
    """Not enough free disk space for the files (sizes in bytes, printed in GB or MB)."""

    def message(self, lang: str = "id") -> str:
        from lokus.i18n import t

        p = self.params
        return t(self.key, lang, path=p["path"], need=_size(p["need"], lang, up=True), free=_size(p["free"], lang))


def _size(n: int, lang: str, *, up: bool = False) -> str:
    """``n`` bytes as whole GB (or MB below 1 GB), rounded up for what is needed, down for what is free."""
    from lokus.i18n import fmt_int

    unit, name = (1_000_000_000, "GB") if n >= 1_000_000_000 else (1_000_000, "MB")
    return f"{fmt_int(-(-n // unit) if up else n // unit, lang)} {name}"


def _check_out(outdir: Path, people: int, compression: str) -> bool:
    """Refuse, before any work, an ``--out`` that is a file, a folder holding other files, or a disk
    without room for about ``people`` people. True when an earlier run's files will be replaced."""
    import shutil

    if outdir.exists() and not outdir.is_dir():
        raise SynthError("error.synth.out_file", path=str(outdir))
    present = sorted(p.name for p in outdir.iterdir()) if outdir.is_dir() else []
    others = [name for name in present if name not in _OWN_FILES]
    if others:
        shown = ", ".join(others[:3]) + (", …" if len(others) > 3 else "")
        raise SynthError("error.synth.out_busy", path=str(outdir), names=shown)
    existing = outdir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        free = shutil.disk_usage(existing).free
    except OSError:
        return bool(present)
    free += sum((outdir / name).stat().st_size for name in present)  # replaced files give their room back
    need = people * _BYTES_PER_PERSON.get(compression, 120)
    if need > free:
        raise SynthDiskError("error.synth.disk", path=str(outdir), need=need, free=free)
    return bool(present)


def _timed_chunk(plan: VillagePlan, v0: int, v1: int, seed: int, number: int) -> tuple[dict[str, pa.Table], float]:
    started = time.thread_time()
    tables = generate_chunk(plan, v0, v1, seed, number)
    return tables, time.thread_time() - started


def synthesize(
    region: str,
    people: int,
    out: str | Path,
    *,
    seed: int = 2022,
    chunk_rows: int = 500_000,
    workers: int = 2,
    compression: str = "none",
    progress: Callable[[int, int], None] | None = None,
) -> SynthSummary:
    """Generate ``people`` synthetic people over the real villages of ``region`` and write the
    four tables as Parquet under ``out`` (created; it must be new or empty, or hold only an earlier
    run's files, which are replaced: ``SynthSummary.replaced``).

    ``progress(done_people, total_people)`` is called after each chunk is written. At most
    ``workers + 2`` chunks (of about ``chunk_rows`` people) are in memory at once. ``compression``
    is one of :data:`COMPRESSIONS` (``none`` is fastest; the identifiers are random digits and
    compress little). Deterministic for (region, people, seed, chunk_rows): the files are
    byte-identical whatever ``workers``.
    Raises :class:`SynthError` for an unknown region, a bad size, an ``out`` that is a file or holds
    other files, a disk without room for the files (checked before any work), or an unwritable folder.
    """
    if chunk_rows < 1:
        raise SynthError("error.config", key="--chunk-rows", value=chunk_rows, valid_values="1, 2, 3, …")
    if compression not in COMPRESSIONS:
        raise SynthError("error.synth.compression", value=compression, allowed=", ".join(COMPRESSIONS))
    started = time.perf_counter()
    plan = plan_villages(region, people, seed)
    outdir = Path(out)
    replaced = _check_out(outdir, people, compression)
    make_folder(outdir)
    chunks = chunk_ranges(plan.population, chunk_rows)
    summary = SynthSummary(
        region="national" if is_national(region) else plan.codes[0][: len(region.strip())],
        people=people, seed=seed, villages=plan.villages,
        villages_with_people=int((plan.population > 0).sum()), chunks=len(chunks),
        rows=dict.fromkeys(TABLES, 0), replaced=replaced,
    )
    writers: dict[str, pq.ParquetWriter] = {}
    done = 0
    n_workers = max(1, workers)
    try:
        with ThreadPoolExecutor(max_workers=n_workers) as pool:
            pending: deque[Future[tuple[dict[str, pa.Table], float]]] = deque()
            queue = iter(enumerate(chunks))

            def submit() -> None:
                nxt = next(queue, None)
                if nxt is not None:
                    number, (v0, v1) = nxt
                    pending.append(pool.submit(_timed_chunk, plan, v0, v1, seed, number))

            for _ in range(n_workers + 1):
                submit()
            while pending:
                tables, cpu = pending.popleft().result()
                summary.cpu_generate += cpu
                submit()
                t0 = time.thread_time()
                for name, table in tables.items():
                    if name not in writers:
                        path = outdir / f"{name}.parquet"
                        dict_cols = [f.name for f in table.schema if pa.types.is_dictionary(f.type)]
                        writers[name] = pq.ParquetWriter(
                            path, table.schema, compression=compression, use_dictionary=dict_cols,
                            write_statistics=False, dictionary_pagesize_limit=1 << 30,
                        )
                        summary.files[name] = str(path)
                    writers[name].write_table(table, row_group_size=max(table.num_rows, 1))
                    summary.rows[name] += table.num_rows
                summary.cpu_write += time.thread_time() - t0
                done += tables["people"].num_rows
                del tables
                if progress is not None:
                    progress(done, people)
        closing = list(writers.values())
        writers.clear()
        for w in closing:
            w.close()
        summary.seconds = time.perf_counter() - started
        summary.bytes_written = sum(Path(p).stat().st_size for p in summary.files.values())
        with open(outdir / "manifest.json", "w", encoding="utf-8") as fh:
            json.dump(summary.as_json() | {"chunk_rows": chunk_rows, "compression": compression}, fh, indent=2)
    except OSError as exc:  # a read-only folder, a full disk: one sentence in the reader's language
        raise OutputError("error.output.write", path=str(outdir), detail=os_reason(exc)) from None
    finally:
        for w in writers.values():  # left open only when the run failed
            with suppress(Exception):
                w.close()
    return summary
