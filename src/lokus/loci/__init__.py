"""Priority loci (lokus prioritas): which villages to act in first, and why.

The founding rule (Lampung Barat, August 2022): rank the villages of a district by the number of
registry residents in welfare decile 1; villages that are also stunting loci come first.
"""

from lokus.loci._founding import FOUNDING_COLUMNS, founding_rule, founding_rule_expr
from lokus.loci._stunting import (
    STUNTING_LOCI_TABLE,
    ingest_stunting_loci,
    read_stunting_loci_file,
)

__all__ = [
    "FOUNDING_COLUMNS",
    "STUNTING_LOCI_TABLE",
    "founding_rule",
    "founding_rule_expr",
    "ingest_stunting_loci",
    "read_stunting_loci_file",
]
