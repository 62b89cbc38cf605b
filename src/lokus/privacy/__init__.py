"""Personal data protection (UU PDP 27/2022). See docs/methods/privacy.md.

* :func:`audit` records who looked at or exported personal data, in a hash-chained, append-only
  ``audit_log`` (:func:`verify_chain`, :func:`chain_head`); :func:`audit_entries` lists it. Web actions
  are named by one scheme, :func:`web_action` (``web.households.list``), said in words by :func:`describe_action`.
* :func:`erase_person`, :func:`restore_person`, :func:`export_person`: data-subject rights by NIK;
  :func:`tombstone` the erased persons every ingest quarantines (reason ``subject_erased``);
  :func:`screen_erased` the one rule that applies it to a file (their mentions in others' rows blanked).
* :func:`suppress_small_cells` blanks counts between 1 and ``k - 1``; :func:`publishable_ranking`
  does it for a locus ranking with complementary suppression across every published margin.
"""

from lokus.privacy import _messages  # noqa: F401  (registers the catalogue)
from lokus.privacy._actions import (
    LEGACY_ACTIONS,
    RESOURCES,
    Surface,
    Verb,
    describe_action,
    parse_action,
    web_action,
)
from lokus.privacy._audit import (
    AUDIT_TABLE,
    DETAIL_TABLE,
    Problem,
    Verification,
    acting_user,
    audit,
    audit_entries,
    chain_head,
    entries_touching,
    load_head,
    records_of_export,
    verify_chain,
)
from lokus.privacy._erased import SUBJECT_ERASED, Tombstone, erased_on, screen_erased, tombstone
from lokus.privacy._person import (
    ErasureReport,
    ExportReport,
    erase_person,
    export_person,
    mask_nik,
    normalise_nik,
    person_tables,
    restore_person,
)
from lokus.privacy._pseudonym import (
    KEY_ENV,
    identifier_kind,
    key_path,
    load_key,
    pseudonym,
    pseudonymise_table,
    rotate_key,
)
from lokus.privacy._records import records_shown
from lokus.privacy._suppress import (
    DEFAULT_MIN_CELL,
    Hierarchy,
    min_cell,
    protect,
    protect_table,
    publishable_ranking,
    published_history,
    record_cells,
    region_parents,
    suppress_small_cells,
)
from lokus.privacy._targets import describe_target

__all__ = [
    "AUDIT_TABLE", "DEFAULT_MIN_CELL", "DETAIL_TABLE", "Problem", "Verification", "acting_user", "audit",
    "audit_entries", "chain_head", "entries_touching", "load_head", "publishable_ranking", "suppress_small_cells",
    "verify_chain", "KEY_ENV", "identifier_kind", "key_path", "load_key", "pseudonym", "pseudonymise_table",
    "rotate_key", "ErasureReport", "ExportReport", "erase_person", "export_person", "mask_nik",
    "normalise_nik", "person_tables", "records_of_export", "records_shown", "Hierarchy", "min_cell", "protect",
    "protect_table", "published_history", "record_cells", "region_parents", "restore_person", "SUBJECT_ERASED",
    "Tombstone", "erased_on", "screen_erased", "tombstone", "LEGACY_ACTIONS", "RESOURCES", "Surface", "Verb",
    "describe_action", "describe_target", "parse_action", "web_action",
]
