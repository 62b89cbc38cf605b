"""Placeholder and impossible family-card (KK) numbers and household ids.

Field offices write ``0``, ``0000000000000000`` or ``9999999999999999`` for a family that has no
family card yet. Such a value names nobody: two families that share it are not one household.
:func:`kk_problem` says why a KK cannot join people; rows keep the person, and every grouping or
join by KK skips the value (the ingests store it as empty).

Rule: a KK joins people only when it is 16 ASCII digits, not one digit repeated, and its region
part (first six digits) is not ``000000``. One digit repeated (any length, ``0`` included) or a
zero region is ``kk_placeholder``; Excel's damage is named as such, like a NIK's: a KK in
scientific notation (``1.80404E+15``) is ``kk_scientific`` and 16 digits ending in ``0000`` (Excel's
15-digit precision zeroes the last digits; Dukcapil never issues serial 0000) is ``kk_serial``; anything
else that is not 16 digits is ``kk_invalid``. A household id (``id_keluarga_p3ke``, ``IDDTKS``) made of one digit repeated is a placeholder too.
"""

from __future__ import annotations

import re

__all__ = ["kk_problem", "is_placeholder_id", "kk_problem_sql", "placeholder_id_sql", "KK_DAMAGE_CODES"]

KK_DAMAGE_CODES = ("kk_placeholder", "kk_scientific", "kk_serial", "kk_invalid")
"""Every code of :func:`kk_problem`: a KK with one of them is stored empty and joins nobody."""
_SCI_PATTERN = r"[+-]?[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+"  # the NIK rule's (lokus.nik.check_nik)
_SCI = re.compile(_SCI_PATTERN)


def is_placeholder_id(value: str | None) -> bool:
    """True for a digits-only identifier that is one digit repeated (``0``, ``000``, ``9999…``)."""
    if not value:
        return False
    return value.isascii() and value.isdigit() and value == value[0] * len(value)


def kk_problem(value: str | None) -> str | None:
    """``kk_placeholder`` / ``kk_scientific`` / ``kk_serial`` / ``kk_invalid`` for a normalised KK (see
    :func:`lokus.nik.normalize_nik`), None when it is usable (or empty)."""
    if not value:
        return None
    if _SCI.fullmatch(value):
        return "kk_scientific"
    if is_placeholder_id(value) or (value.isascii() and value.isdigit() and value[:6] == "000000"):
        return "kk_placeholder"
    if not (len(value) == 16 and value.isascii() and value.isdigit()):
        return "kk_invalid"
    if value.endswith("0000"):
        return "kk_serial"
    return None


def placeholder_id_sql(x: str) -> str:
    """SQL twin of :func:`is_placeholder_id` for the normalised text column ``x`` (NULL stays NULL)."""
    return f"(regexp_full_match({x}, '[0-9]+') AND ltrim({x}, left({x}, 1)) = '')"


def kk_problem_sql(x: str) -> str:
    """SQL twin of :func:`kk_problem` for the normalised KK column ``x``."""
    return (
        f"(CASE WHEN {x} IS NULL THEN NULL "
        f"WHEN regexp_full_match({x}, '{_SCI_PATTERN}') THEN 'kk_scientific' "
        f"WHEN {placeholder_id_sql(x)} OR (regexp_full_match({x}, '[0-9]+') AND starts_with({x}, '000000')) "
        f"THEN 'kk_placeholder' "
        f"WHEN NOT regexp_full_match({x}, '[0-9]{{16}}') THEN 'kk_invalid' "
        f"WHEN ends_with({x}, '0000') THEN 'kk_serial' END)"
    )
