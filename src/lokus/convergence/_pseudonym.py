"""Moved to :mod:`lokus.privacy` (keyed pseudonyms for every export that leaves the district).

Kept so that ``from lokus.convergence import load_key, pseudonymise_table`` still works.
"""

from lokus.privacy._pseudonym import (
    KEY_ENV,
    PERSONAL_COLUMNS,
    key_path,
    load_key,
    pseudonym,
    pseudonymise_table,
)

__all__ = ["KEY_ENV", "PERSONAL_COLUMNS", "key_path", "load_key", "pseudonym", "pseudonymise_table"]
