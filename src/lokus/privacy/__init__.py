"""Personal data protection (UU PDP 27/2022): an audit trail of personal-data views and small-cell
suppression for published aggregates.

* :func:`audit` records who looked at or exported personal data (NIK, names), when, what and how
  many rows, in the workspace table ``audit_log``; :func:`audit_entries` lists them.
* :func:`suppress_small_cells` blanks counts between 1 and ``k - 1`` (default k = 5) in a table meant
  for publication, with a column saying which cells were suppressed; :func:`publishable_ranking` does
  it for a locus ranking (``lokus loci --publish``), blanking the shares and reasons that would
  reveal a blanked count.
"""

from lokus.privacy._audit import AUDIT_TABLE, audit, audit_entries
from lokus.privacy._suppress import DEFAULT_MIN_CELL, publishable_ranking, suppress_small_cells

__all__ = [
    "AUDIT_TABLE", "DEFAULT_MIN_CELL", "audit", "audit_entries", "publishable_ranking", "suppress_small_cells",
]
