"""Priority loci (lokus prioritas): which villages to act in first, and why.

The founding rule (Lampung Barat, August 2022): rank the villages of a district by the number of
registry residents in welfare decile 1; villages that are also stunting loci come first. It is
the built-in policy ``lampung-barat-2022``; other rules are policy files (TOML) over a library
of criteria, see ``docs/methods/policies.md``.
"""

from lokus.loci._criteria import CRITERIA, Criterion, CriterionType, register_criterion
from lokus.loci._diff import PolicyDiff, diff_rankings
from lokus.loci._explain import Explanation, explain_unit
from lokus.loci._founding import FOUNDING_COLUMNS, founding_rule, founding_rule_expr
from lokus.loci._inputs import DEFAULT_REGION, GROWTH_TABLE, PolicyInputs, default_region, resolve_inputs
from lokus.loci._policy import (
    DEFAULT_POLICY,
    Policy,
    SelectionMethod,
    Unit,
    builtin_policies,
    load_policy,
    parse_policy,
    policy_text,
)
from lokus.loci._priority import PRIORITY_TOP, mark_priority, top_selected
from lokus.loci._rank import output_columns, policy_expr, rank_policy
from lokus.loci._region_data import covered_districts, require_data_in
from lokus.loci._sensitivity import SensitivityReport, sensitivity
from lokus.loci._stunting import (
    STUNTING_LOCI_TABLE,
    ingest_stunting_loci,
    read_stunting_loci_file,
)

__all__ = [
    "CRITERIA",
    "DEFAULT_POLICY",
    "FOUNDING_COLUMNS",
    "GROWTH_TABLE",
    "PRIORITY_TOP",
    "STUNTING_LOCI_TABLE",
    "Criterion",
    "CriterionType",
    "Explanation",
    "Policy",
    "PolicyDiff",
    "DEFAULT_REGION",
    "PolicyInputs",
    "default_region",
    "SelectionMethod",
    "SensitivityReport",
    "Unit",
    "builtin_policies",
    "covered_districts",
    "require_data_in",
    "policy_text",
    "diff_rankings",
    "explain_unit",
    "founding_rule",
    "founding_rule_expr",
    "ingest_stunting_loci",
    "load_policy",
    "output_columns",
    "parse_policy",
    "policy_expr",
    "rank_policy",
    "read_stunting_loci_file",
    "register_criterion",
    "resolve_inputs",
    "sensitivity",
    "mark_priority",
    "top_selected",
]
