"""Benchmark: ``lokus synth`` (the country-scale generator) beside a Parquet-writing floor.

    .venv/bin/python bench/synth.py [--people 2700000] [--region national] [--compression none]

Times, in the same process:

- lokus: :func:`lokus.synth.synthesize` for ``--people`` people over the real villages of ``--region``
  (national = all 83,762 villages), writing the four Parquet files (people, households, measurements,
  recipients) under ``--out``;
- floor: pyarrow writing the same number of rows of the same column types from pre-built arrays (one
  generated chunk's four tables, written again and again until the row counts match, with the same
  writer options: dictionary-encoded categories, no statistics, the same compression) — the cost of
  the Parquet files alone, on one thread.

Prints people/s (people / wall seconds), CPU seconds per 1M people (user + system of the process,
all threads), where the generator's CPU goes (generating vs encoding/writing, thread time), the peak
resident memory, the load average, and the ratios lokus / floor (wall and CPU). With
``--compare-compression`` it also prints the floor's CPU and file size for none, snappy, lz4 and zstd.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from _common import peak_rss_mb, result  # noqa: E402

from lokus.synth import synthesize  # noqa: E402
from lokus.synth._generate import generate_chunk  # noqa: E402
from lokus.synth._plan import chunk_ranges, plan_villages  # noqa: E402


def _load() -> str:
    return Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"


def floor(region: str, people: int, chunk_rows: int, rows: dict[str, int], out: Path, compression: str,
          seed: int) -> tuple[float, float, int]:
    """(wall s, CPU s, bytes) of writing ``rows`` rows per table from one pre-built chunk."""
    plan = plan_villages(region, people, seed)
    v0, v1 = chunk_ranges(plan.population, chunk_rows)[0]
    tables = generate_chunk(plan, v0, v1, seed, 0)  # built before the clock starts
    out.mkdir(parents=True, exist_ok=True)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    size = 0
    for name, table in tables.items():
        path = out / f"{name}.parquet"
        dict_cols = [f.name for f in table.schema if pa.types.is_dictionary(f.type)]
        with pq.ParquetWriter(path, table.schema, compression=compression, use_dictionary=dict_cols,
                              write_statistics=False, dictionary_pagesize_limit=1 << 30) as writer:
            left = rows[name]
            while left > 0:
                part = table.slice(0, min(left, table.num_rows))
                writer.write_table(part, row_group_size=max(part.num_rows, 1))
                left -= part.num_rows
        size += path.stat().st_size
    return time.perf_counter() - wall0, time.process_time() - cpu0, size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--people", type=int, default=2_700_000)
    ap.add_argument("--region", default="national")
    ap.add_argument("--chunk-rows", type=int, default=500_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--compression", default="none")
    ap.add_argument("--seed", type=int, default=2022)
    ap.add_argument("--out", default="/tmp/lokus-bench-synth")
    ap.add_argument("--compare-compression", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the written files")
    args = ap.parse_args()
    out = Path(args.out)
    print(f"machine: {os.cpu_count()} CPUs; load average at start {_load()}", flush=True)

    wall0, cpu0 = time.perf_counter(), time.process_time()
    s = synthesize(args.region, args.people, out / "lokus", seed=args.seed, chunk_rows=args.chunk_rows,
                   workers=args.workers, compression=args.compression)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    rss = peak_rss_mb()
    load_after = _load()
    m = args.people / 1e6
    print(f"lokus synth --region {args.region} --people {args.people:,}: {wall:.2f} s wall, "
          f"{args.people / wall / 1e6:.2f}M people/s; CPU {cpu:.2f} s = {cpu / m:.2f} s per 1M people "
          f"(generating {s.cpu_generate / m:.2f}, Parquet encoding+writing {s.cpu_write / m:.2f}, "
          f"the rest planning/threads); peak RSS {rss:.0f} MiB; {s.bytes_written / 2**20:.0f} MiB written; "
          f"rows {s.rows}; load average after {load_after}", flush=True)

    fwall, fcpu, fsize = floor(args.region, args.people, args.chunk_rows, s.rows, out / "floor",
                               args.compression, args.seed)
    print(f"floor (pyarrow writes the same rows from pre-built arrays, one thread): {fwall:.2f} s wall, "
          f"CPU {fcpu:.2f} s = {fcpu / m:.2f} s per 1M people; {fsize / 2**20:.0f} MiB", flush=True)
    print(f"ratio lokus / floor: wall {wall / fwall:.2f}x, CPU {cpu / fcpu:.2f}x; "
          f"ceiling on this machine at the floor's CPU cost: {os.cpu_count() or 1} cores / {fcpu / m:.2f} s "
          f"= {(os.cpu_count() or 1) / (fcpu / m):.1f}M people/s; load average now {_load()}", flush=True)
    if args.compare_compression:
        for comp in ("none", "snappy", "lz4", "zstd"):
            w, c, b = floor(args.region, args.people, args.chunk_rows, s.rows, out / f"floor-{comp}", comp, args.seed)
            print(f"  floor with {comp}: CPU {c / m:.2f} s per 1M people, {b / 2**20 / m:.0f} MiB per 1M people",
                  flush=True)
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    result(
        f"synth (lokus synth --region {args.region}, Parquet)", args.people, wall, cpu_seconds=round(cpu, 3),
        peak_rss_mb=round(rss), floor_seconds=round(fwall, 3), floor_cpu_seconds=round(fcpu, 3),
        ratios={"lokus/floor": {"wall": round(wall / fwall, 3) if fwall else None,
                                "cpu": round(cpu / fcpu, 3) if fcpu else None}},
        rows=s.rows, mib_written=round(s.bytes_written / 2**20), compression=args.compression,
        note="floor = pyarrow writing the same rows from pre-built arrays, one thread",
    )


if __name__ == "__main__":
    main()
