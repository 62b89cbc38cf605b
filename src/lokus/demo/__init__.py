"""The synthetic Lampung Barat district, end to end: generate, ingest, rank.

The names are imported on first use, so that ``lokus.synth`` can use :mod:`lokus.demo._names` and
:mod:`lokus.synth._body` without loading the whole demo pipeline.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DemoDistrict", "DemoResult", "generate", "run_demo", "with_field_errors"]


def __getattr__(name: str) -> Any:
    if name in ("DemoDistrict", "generate", "with_field_errors"):
        from lokus.demo import _generate

        return getattr(_generate, name)
    if name in ("DemoResult", "run_demo"):
        from lokus.demo import _run

        return getattr(_run, name)
    raise AttributeError(name)
