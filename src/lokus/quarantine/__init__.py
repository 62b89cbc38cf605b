"""One quarantine for every kind of snapshot (registry, measurements, program lists, interventions,
stunting-locus lists, indicator files): one table, one writer, one reader.

Every row a load reads is either accepted or kept here with its raw cells, its line in the file and
one or more reason codes (``accepted + quarantined = rows read``). ``lokus quarantine list|export``
read it back for any snapshot.
"""

from lokus.quarantine._store import (
    ERASED_REASON,
    IDENT_FIELDS,
    ROW_MALFORMED,
    QuarantinePage,
    ReasonPhrase,
    clear,
    export_quarantine,
    quarantine_arrow,
    quarantine_malformed,
    quarantine_rows,
    quarantine_select,
    quarantine_table,
    raw_json_sql,
    reason_cells,
    reason_counts,
    reason_label,
    reason_message,
    resolve_snapshot,
    view_quarantine,
    view_quarantine_page,
    warning_counts,
)

__all__ = [
    "ERASED_REASON",
    "IDENT_FIELDS",
    "ROW_MALFORMED",
    "QuarantinePage",
    "ReasonPhrase",
    "clear",
    "export_quarantine",
    "quarantine_arrow",
    "quarantine_malformed",
    "quarantine_rows",
    "quarantine_select",
    "quarantine_table",
    "raw_json_sql",
    "reason_cells",
    "reason_counts",
    "reason_label",
    "reason_message",
    "resolve_snapshot",
    "view_quarantine",
    "view_quarantine_page",
    "warning_counts",
]
