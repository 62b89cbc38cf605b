"""Official Kemendagri region codes (province → regency → district → village) and BPS crosswalks.

Codes are always handled in dotted form (``18.04.04.2001``); :func:`normalize_code` accepts the
spellings seen in files (``1804042001``, ``18 04 04 2001``). Data: Kepmendagri 300.2.2-2430/2025,
see ``data/PROVENANCE.md``.
"""

from lokus.regions._codes import (
    LEVELS,
    Region,
    Regions,
    is_national,
    level_of,
    load_regions,
    normalize_code,
    region_sql,
    region_table,
    try_normalize_code,
)

__all__ = [
    "LEVELS",
    "Region",
    "Regions",
    "is_national",
    "level_of",
    "load_regions",
    "normalize_code",
    "region_sql",
    "region_table",
    "try_normalize_code",
]
