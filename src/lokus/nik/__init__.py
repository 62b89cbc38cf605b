"""NIK (Nomor Induk Kependudukan): normalise, parse and validate the 16-digit number.

Layout ``PP KK CC DDMMYY SSSS``: province, regency, district of first registration, birth date
(day + 40 for women), serial. Hard failures (reason codes) make a NIK unusable; the birth date
and sex it encodes are *soft* checks against other columns, because a NIK is permanent even when
the date on it is wrong. A NIK is always text, never a number.
"""

from lokus.nik._nik import (
    HARD_REASONS,
    SOFT_REASONS,
    NikInfo,
    check_nik,
    normalize_nik,
    parse_nik,
    soft_checks,
)
from lokus.nik._placeholder import (
    KK_DAMAGE_CODES,
    is_placeholder_id,
    kk_problem,
    kk_problem_sql,
    placeholder_id_sql,
)

__all__ = [
    "HARD_REASONS",
    "SOFT_REASONS",
    "NikInfo",
    "check_nik",
    "normalize_nik",
    "parse_nik",
    "soft_checks",
    "is_placeholder_id",
    "KK_DAMAGE_CODES",
    "kk_problem",
    "kk_problem_sql",
    "placeholder_id_sql",
]
