"""Benchmark: the meeting pack for the demo district, beside the analyses it prints.

    .venv/bin/python bench/pack.py [--repeat 1]

Builds once, under ``bench/out/pack/``, the demo workspace (``lokus demo``'s synthetic Lampung Barat:
313,776 registry rows, 35,239 measurements, 8 program lists). Then times, in the same process:

- baseline: the analyses alone — the locus ranking (``lokus loci``) and the coverage of the priority
  loci (``lokus gaps``), which the pack cannot do without;
- lokus: :func:`lokus.pack.build_pack` — those analyses plus the key figures, 20 village sheets,
  three maps (PNG + SVG), the Typst PDF, the workbook and manifest.json — with the time of each step.

Prints both, their ratio, the page count and the figures in the manifest. Target: pack ≤ 15 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from _common import best_of, peak_rss_mb, report  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    base = ROOT / "out" / "pack"
    ws = base / "ws.duckdb"
    if not ws.exists():
        from lokus.demo import run_demo

        base.mkdir(parents=True, exist_ok=True)
        run_demo(ws, out_dir=base / "demo-output", seed=2022)

    from lokus.convergence import compute_coverage
    from lokus.maps import locus_tables
    from lokus.pack import build_pack
    from lokus.workspace import Workspace

    def analyses() -> None:
        with Workspace(ws, read_only=True) as w:
            locus_tables(w)
            cov = compute_coverage(w, region=None)
            cov.by_program()
            cov.by_village()
            cov.close()

    steps: dict[str, float] = {}

    def pack() -> object:
        last = [time.perf_counter(), ""]

        def step(name: str) -> None:
            now = time.perf_counter()
            if last[1]:
                steps[str(last[1])] = now - float(last[0])
            last[0], last[1] = now, name

        result = build_pack(ws, out_dir=base / "rakor", step=step)
        steps[str(last[1])] = time.perf_counter() - float(last[0])
        return result

    cpu0 = time.process_time()
    floor, _ = best_of(analyses, args.repeat)
    cpu1 = time.process_time()
    seconds, result = best_of(pack, args.repeat)
    cpu2 = time.process_time()
    # CPU time of this process beside the wall time: on a shared machine the wall time includes waiting.
    report("pack", seconds, "analyses", floor, pages=getattr(result, "pages", "?"),
           cpu_s=f"pack {(cpu2 - cpu1) / args.repeat:.1f} vs analyses {(cpu1 - cpu0) / args.repeat:.1f}",
           figures=getattr(result, "figures", "?"), peak_rss_mb=f"{peak_rss_mb():.0f}",
           steps=", ".join(f"{k} {v:.1f} s" for k, v in steps.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
