"""The DuckDB memory limit a user gives (``--memory-limit``, ``LOKUS_MEMORY_LIMIT``, ``EngineSettings``)."""

from __future__ import annotations

import re

from lokus.errors import ConfigError
from lokus.i18n import register

register({
    "error.memory_limit": {
        "id": "Batas memori '{value}' tidak sah untuk --memory-limit (atau LOKUS_MEMORY_LIMIT); beri angka positif "
              "dengan satuan, mis. 3GB, 512MB atau 2GiB.",
        "en": "'{value}' is not a valid --memory-limit (or LOKUS_MEMORY_LIMIT); give a positive number with a unit, "
              "e.g. 3GB, 512MB or 2GiB.",
    },
    "error.out_of_memory": {
        "id": "Memori tidak cukup untuk pekerjaan ini di bawah batas memori DuckDB; beri --memory-limit (atau "
              "LOKUS_MEMORY_LIMIT) yang lebih besar, mis. 3GB, atau tutup program lain.",
        "en": "This work ran out of memory under DuckDB's memory limit; give a larger --memory-limit (or "
              "LOKUS_MEMORY_LIMIT), e.g. 3GB, or close other programs.",
    },
})

_MEMORY = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)\s*", re.IGNORECASE)


def out_of_memory_error(exc: BaseException) -> ConfigError | None:
    """One sentence for DuckDB running out of memory (a ``--memory-limit`` too small for the work, or a
    machine without the memory), or None when ``exc`` is something else. DuckDB's own text (several lines of
    tuning advice) stays on ``__cause__`` for ``--debug``."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    if "OutOfMemoryException" in names and type(exc).__module__.lstrip("_").startswith("duckdb"):
        return ConfigError("error.out_of_memory")
    return None


def check_memory_limit(value: str | None) -> str | None:
    """A memory limit as DuckDB's ``SET memory_limit`` takes it (``3GB``, ``512MB``, ``2GiB``), stripped.

    Anything else — no unit, an unknown unit, zero or a negative size (which DuckDB would read as no limit) —
    raises :class:`lokus.errors.ConfigError` with one sentence, before any work. ``None`` (not given) stays
    ``None``."""
    if value is None:
        return None
    m = _MEMORY.fullmatch(value)
    if m is None or float(m[1]) <= 0:
        raise ConfigError("error.memory_limit", value=value)
    return value.strip()
