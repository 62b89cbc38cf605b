"""Every column of the convergence outputs follows the output-column grammar (docs/methods/convergence.md)."""

from __future__ import annotations

import re

from lokus.convergence import (
    blt_candidates,
    compute_coverage,
    families_at_risk,
    office_worklist,
    participants,
)

MEASURE = re.compile(r"^(eligible|covered|gap|inclusion|score|rank)_[a-z0-9_]+$|^rank$")
LABELS = {
    "program", "name", "office", "unit", "village_code", "village_name", "households", "household_id", "kk",
    "head_nik", "head_name", "decile", "household_size", "priority", "missing", "offices", "no", "kecamatan",
    "role", "reason", "phone", "signature", "child_under_two", "pregnant", "stunted_child", "reached",
}
CHANGES = {"gaps_closed", "gaps_new"}


def _check(columns):
    bad = [c for c in columns if not (MEASURE.match(c) or c in LABELS or c in CHANGES)]
    assert bad == []


def test_outputs_follow_the_grammar(loaded):
    cov = compute_coverage(loaded, region="all")
    _check(cov.by_program().column_names)
    _check(cov.by_village().column_names)
    _check(office_worklist(cov, "dinsos").column_names)
    _check(blt_candidates(cov, "18.04.04.2002").column_names)
    _check(families_at_risk(cov).column_names)
    _check(participants(loaded, ["18.04.04.2002"]).column_names)
    _check(cov.households.columns)
