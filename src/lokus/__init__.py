"""lokus: priority loci for extreme poverty and stunting in Indonesian districts.

The core (regions, NIK, workspace, registry, loci, growth, indicators) imports without the
CLI, web or report libraries.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "zscores"]


def zscores(table: Any) -> Any:
    """WHO 2006 z-scores for a table of child measurements (see :mod:`lokus.growth`)."""
    from lokus.growth import zscores as _zscores

    return _zscores(table)
