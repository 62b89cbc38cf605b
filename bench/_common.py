"""Helpers shared by the benchmarks: timing, peak memory, a results line."""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable
from typing import Any


def best_of(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / (1024 * 1024)


def report(name: str, seconds: float, baseline_name: str, baseline: float, **extra: Any) -> None:
    ratio = seconds / baseline if baseline > 0 else float("inf")
    parts = [f"{name}: {seconds:.3f} s", f"{baseline_name}: {baseline:.3f} s", f"ratio: {ratio:.2f}x"]
    parts += [f"{k}: {v}" for k, v in extra.items()]
    print(" | ".join(parts), flush=True)


def load_average() -> str:
    """The 1, 5 and 15 minute load averages (``/proc/loadavg``), for the record beside a figure."""
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:  # not Linux
        return "-"


def run_measured(cmd: list[str], **popen: Any) -> tuple[int, str, float, float, float]:
    """Run ``cmd`` in its own process and measure that process alone.

    Returns (exit code, its stdout, wall seconds, CPU seconds user+sys, peak RSS in MiB), the
    figures ``/usr/bin/time -v`` gives for the command (``os.wait4`` on its pid, so neither this
    process nor any earlier child is counted). Standard error passes through.
    """
    import os
    import subprocess

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, **popen)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    rss = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / (1024 * 1024)
    return proc.returncode, out, wall, usage.ru_utime + usage.ru_stime, rss


RESULT_PREFIX = "RESULT "


def result(analysis: str, people: int, seconds: float, **fields: Any) -> None:
    """Print the machine-readable last line every benchmark ends with (read by ``bench/run_all.py``).

    ``RESULT {json}`` with at least: ``analysis`` (str), ``people`` (rows of the main input),
    ``seconds`` (lokus wall time), and where measured ``cpu_seconds``, ``peak_rss_mb`` (of the lokus
    part), ``floor_seconds``, ``polars_seconds``, ``duckdb_seconds`` (the baselines, same run) and
    ``load`` (load average). ``rows_per_s`` is added from ``people / seconds``. Extra keys are kept.
    """
    import json

    record = {"analysis": analysis, "people": people, "seconds": round(seconds, 4),
              "rows_per_s": round(people / seconds) if seconds > 0 else None, "load": load_average(), **fields}
    print(RESULT_PREFIX + json.dumps(record, ensure_ascii=False), flush=True)


def read_result(stdout: str) -> dict[str, Any] | None:
    """The ``RESULT {json}`` line of a benchmark's output (the last one), or None."""
    import json

    for line in reversed(stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return dict(json.loads(line[len(RESULT_PREFIX):]))
    return None
