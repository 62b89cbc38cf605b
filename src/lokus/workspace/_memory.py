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
})

_MEMORY = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)\s*", re.IGNORECASE)


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
