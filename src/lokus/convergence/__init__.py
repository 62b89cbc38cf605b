"""Convergence: every sector reaching the same extreme-poor households.

Program recipient lists (matched by NIK or KK) and registry program flags are joined with the
eligibility rules of a program catalogue to give, for any region (default: the priority loci),
who is eligible, who is covered, who is missed (exclusion gaps) and who should not be there
(inclusion), a convergence score per village, worklists per office and village, and the gaps
closed since the last meeting.
"""

from typing import Any

from lokus.convergence._catalogue import (
    Catalogue,
    Office,
    Program,
    Unit,
    builtin_catalogue_text,
    load_catalogue,
)
from lokus.convergence._ingest import (
    PROGRAM_SPEC,
    RECIPIENTS_TABLE,
    ProgramIngestSummary,
    ingest_programs,
    program_snapshots,
    rematch_recipients,
)
from lokus.convergence._interventions import (
    InterventionImport,
    add_intervention,
    import_interventions,
    list_interventions,
)
from lokus.convergence._pseudonym import KEY_ENV, load_key, pseudonymise_table
from lokus.convergence._rules import Rule, parse_rule
from lokus.convergence._store import store_catalogue, workspace_catalogue

# Analytics import Ibis (which pulls in rich); they load on first use so the core stays light.
_LAZY = {
    "Coverage": "lokus.convergence._coverage",
    "compute_coverage": "lokus.convergence._coverage",
    "resolve_villages": "lokus.convergence._coverage",
    "DEFAULT_TOP": "lokus.convergence._loci",
    "default_loci_villages": "lokus.convergence._loci",
    "village_ranks": "lokus.convergence._loci",
    "families_at_risk": "lokus.convergence._risk",
    "office_worklist": "lokus.convergence._worklist",
    "WORKLIST_COLUMNS": "lokus.convergence._worklist",
    "household_gaps": "lokus.convergence._worklist",
    "village_worklist": "lokus.convergence._worklist",
    "blt_candidates": "lokus.convergence._worklist",
    "participants": "lokus.convergence._worklist",
    "OFFICE_COLUMNS": "lokus.convergence._views",
    "Worklist": "lokus.convergence._views",
    "coverage_sources": "lokus.convergence._views",
    "export_stunting_risk": "lokus.convergence._views",
    "export_worklist": "lokus.convergence._views",
    "gaps_by_office": "lokus.convergence._views",
    "gaps_by_program": "lokus.convergence._views",
    "gaps_by_village": "lokus.convergence._views",
    "stunting_risk": "lokus.convergence._views",
    "unmatched_recipients": "lokus.convergence._views",
    "worklist": "lokus.convergence._views",
    "office_name": "lokus.convergence._views",
    "readable_row": "lokus.convergence._views",
    "village_label": "lokus.convergence._views",
    "Changes": "lokus.convergence._tracking",
    "save_meeting": "lokus.convergence._tracking",
    "changes_since": "lokus.convergence._tracking",
    "latest_meeting": "lokus.convergence._tracking",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'lokus.convergence' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)

__all__ = [
    "Coverage",
    "compute_coverage",
    "resolve_villages",
    "DEFAULT_TOP",
    "default_loci_villages",
    "village_ranks",
    "families_at_risk",
    "office_worklist",
    "WORKLIST_COLUMNS",
    "household_gaps",
    "village_worklist",
    "blt_candidates",
    "participants",
    "OFFICE_COLUMNS",
    "Worklist",
    "coverage_sources",
    "export_stunting_risk",
    "export_worklist",
    "gaps_by_office",
    "gaps_by_program",
    "gaps_by_village",
    "stunting_risk",
    "unmatched_recipients",
    "worklist",
    "office_name",
    "readable_row",
    "village_label",
    "Changes",
    "save_meeting",
    "changes_since",
    "latest_meeting",
    "InterventionImport",
    "add_intervention",
    "import_interventions",
    "list_interventions",
    "KEY_ENV",
    "load_key",
    "pseudonymise_table",
    "Catalogue",
    "Office",
    "Program",
    "Unit",
    "Rule",
    "builtin_catalogue_text",
    "load_catalogue",
    "parse_rule",
    "store_catalogue",
    "workspace_catalogue",
    "PROGRAM_SPEC",
    "RECIPIENTS_TABLE",
    "ProgramIngestSummary",
    "ingest_programs",
    "rematch_recipients",
    "program_snapshots",
]
