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
