"""Convergence: every sector reaching the same extreme-poor households.

Program recipient lists (matched by NIK or KK) and registry program flags are joined with the
eligibility rules of a program catalogue to give, for any region (default: the priority loci),
who is eligible, who is covered, who is missed (exclusion gaps) and who should not be there
(inclusion), a convergence score per village, worklists per office and village, and the gaps
closed since the last meeting.
"""

from lokus.convergence._catalogue import (
    Catalogue,
    Office,
    Program,
    Unit,
    builtin_catalogue_text,
    load_catalogue,
)
from lokus.convergence._coverage import Coverage, compute_coverage, resolve_villages
from lokus.convergence._ingest import (
    PROGRAM_QUARANTINE_TABLE,
    PROGRAM_SPEC,
    RECIPIENTS_TABLE,
    ProgramIngestSummary,
    ingest_programs,
    program_snapshots,
)
from lokus.convergence._loci import DEFAULT_TOP, default_loci_villages, village_ranks
from lokus.convergence._rules import Rule, parse_rule
from lokus.convergence._store import store_catalogue, workspace_catalogue

__all__ = [
    "Coverage",
    "compute_coverage",
    "resolve_villages",
    "DEFAULT_TOP",
    "default_loci_villages",
    "village_ranks",
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
    "PROGRAM_QUARANTINE_TABLE",
    "PROGRAM_SPEC",
    "RECIPIENTS_TABLE",
    "ProgramIngestSummary",
    "ingest_programs",
    "program_snapshots",
]
