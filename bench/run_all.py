"""Run every benchmark at one scale, each in its own process, and print one summary table.

    .venv/bin/python bench/run_all.py --people 10000000 [--out /tmp/lokus-bench] [--only loci,coverage]
    .venv/bin/python bench/run_all.py --people 100000000 --out /tmp/lokus-bench   # where supported
    .venv/bin/python bench/run_all.py --quick                                     # smoke run, minutes

Each benchmark is called with its own command-line arguments (shown before it runs) and prints
its figures beside baselines measured in the same run; its last line is ``RESULT {json}`` (see
``_common.result``): analysis, people, seconds, rows_per_s, peak_rss_mb, floor_seconds,
polars_seconds, duckdb_seconds, ... . The table below collects those lines. A benchmark that
prints no RESULT line is listed with its wall time and the peak RSS of its whole process
(``os.wait4``, marked ``*``). Benchmarks whose analysis does not run at the asked scale are skipped
and named; ``pack`` and ``web`` always run on the demo district (``web`` reuses the workspace the
``pack`` benchmark builds under ``bench/out/pack/``). ``--quick`` runs everything at 20,000 people
with one round each, to check that every benchmark runs and prints its RESULT line.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import load_average, read_result, run_measured  # noqa: E402

QUICK_PEOPLE = 20_000
PACK_WS = HERE / "out" / "pack" / "ws.duckdb"


@dataclass(frozen=True)
class Bench:
    name: str
    script: str
    args: Callable[[int, Path], list[str]]
    max_people: int | None = None  # largest scale the analysis supports here (None: any)
    needs: str | None = None  # an importable module the bench needs (skipped without it)
    quick: Callable[[int, Path], list[str]] | None = None  # arguments with --quick (default: args)
    fixed: bool = False  # runs on the demo district whatever --people says


def _web_args(clients: int, requests: int) -> list[str]:
    ws = ["--workspace", str(PACK_WS)] if PACK_WS.exists() else []  # the pack bench's demo, if built
    return [*ws, "--clients", str(clients), "--requests", str(requests)]


BENCHES = (
    Bench("synth", "synth.py", lambda n, out: ["--people", str(n), "--out", str(out / "synth")]),
    Bench("ingest", "ingest.py", lambda n, out: ["--rows", str(n), "--repeat", "1", "--dir", str(out / "ingest")],
          max_people=10_000_000),
    Bench("anthro", "anthro.py", lambda n, out: [str(n)], max_people=10_000_000),
    Bench("anthro-realistic", "anthro.py", lambda n, out: ["--realistic", "400000"],
          quick=lambda n, out: ["--realistic", str(n)]),
    Bench("loci", "loci.py", lambda n, out: ["--people", str(n), "--out", str(out / "loci"), "--rounds", "2"],
          quick=lambda n, out: ["--people", str(n), "--out", str(out / "loci"), "--rounds", "1"]),
    Bench("coverage", "coverage.py", lambda n, out: ["--people", str(n), "--dir", str(out / "coverage")],
          max_people=10_000_000,
          quick=lambda n, out: ["--people", str(n), "--recipients", str(max(n // 4, 1000)), "--repeat", "1",
                                "--dir", str(out / "coverage")]),
    Bench("spark-loci", "spark_loci.py", lambda n, out: ["--people", str(n)], max_people=10_000_000,
          needs="pyspark", quick=lambda n, out: ["--people", str(n), "--repeat", "1"]),
    Bench("pack", "pack.py", lambda n, out: [], fixed=True),
    Bench("web", "web.py", lambda n, out: _web_args(20, 30), fixed=True, quick=lambda n, out: _web_args(4, 3)),
)


def _fmt(value: Any, spec: str = ".2f", suffix: str = "") -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, int | float):
        return format(value, spec) + suffix
    return str(value)


def _ratio(a: Any, b: Any) -> str:
    return f"{a / b:.2f}x" if isinstance(a, int | float) and isinstance(b, int | float) and b > 0 else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000_000, help="scale: people (rows) per benchmark")
    parser.add_argument("--out", type=Path, default=Path("/tmp/lokus-bench"), help="folder for generated inputs")
    parser.add_argument("--only", default="", help="comma-separated names: " + ", ".join(b.name for b in BENCHES))
    parser.add_argument("--quick", action="store_true",
                        help=f"a smoke run: --people {QUICK_PEOPLE:,} and each benchmark's smallest settings")
    args = parser.parse_args()
    if args.quick:
        args.people = QUICK_PEOPLE
    only = {x for x in args.only.split(",") if x}
    unknown = only - {b.name for b in BENCHES}
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(sorted(unknown))}; choose from "
                     + ", ".join(b.name for b in BENCHES))

    rows: list[dict[str, Any]] = []
    skipped: list[str] = []
    status = 0
    for bench in BENCHES:
        if only and bench.name not in only:
            continue
        script = HERE / bench.script
        if not script.exists():
            skipped.append(f"{bench.name} (no {bench.script})")
            continue
        if not bench.fixed and bench.max_people is not None and args.people > bench.max_people:
            skipped.append(f"{bench.name} (supported up to {bench.max_people:,} people)")
            continue
        if bench.needs and importlib.util.find_spec(bench.needs) is None:
            skipped.append(f"{bench.name} ({bench.needs} not installed)")
            continue
        make_args = bench.quick if args.quick and bench.quick else bench.args
        cmd = [sys.executable, str(script), *make_args(args.people, args.out)]
        print(f"== {bench.name}: {' '.join(cmd[1:])}   (load {load_average()})", flush=True)
        code, out, wall, cpu, rss = run_measured(cmd)
        sys.stdout.write(out)
        status = status or code
        record = read_result(out) or {}
        record.setdefault("analysis", bench.name)
        if bench.fixed:
            record.setdefault("people", "demo district")
        if "seconds" not in record:
            record.update(seconds=wall, whole_process=True)
        if record.get("peak_rss_mb") is None:
            record["peak_rss_mb"] = f"{rss:,.0f}*"
        record["bench"], record["exit"] = bench.name, code
        rows.append(record)

    header = ["bench", "analysis", "people", "time s", "rows/s", "peak RSS MiB", "floor s", "Polars s",
              "DuckDB s", "/floor", "/Polars", "/DuckDB", "load"]
    table = [header]
    for r in rows:
        s = r.get("seconds")
        table.append([
            r["bench"] + ("" if r["exit"] == 0 else f" (exit {r['exit']})"), str(r.get("analysis", ""))[:40],
            _fmt(r.get("people"), ","), _fmt(s, ".3f") + ("*" if r.get("whole_process") else ""),
            _fmt(r.get("rows_per_s"), ",.0f"), _fmt(r.get("peak_rss_mb"), ",.0f"),
            _fmt(r.get("floor_seconds"), ".3f"), _fmt(r.get("polars_seconds"), ".3f"),
            _fmt(r.get("duckdb_seconds"), ".3f"), _ratio(s, r.get("floor_seconds")),
            _ratio(s, r.get("polars_seconds")), _ratio(s, r.get("duckdb_seconds")), str(r.get("load", "-")),
        ])
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    print(f"\nSummary at --people {args.people:,} (ratios: lokus time / baseline, same run; "
          f"* = whole benchmark process, no RESULT line)")
    for row in table:
        print("  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))))
    for s in skipped:
        print(f"skipped: {s}")
    return status


if __name__ == "__main__":
    sys.exit(main())
