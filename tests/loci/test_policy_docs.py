"""docs/methods/policies.md documents every policy key, criterion type, parameter and method."""

from __future__ import annotations

import typing
from pathlib import Path

from lokus.loci import CRITERIA, builtin_policies, load_policy, output_columns
from lokus.loci._criteria import IndexParams
from lokus.loci._policy import (
    CRITERION_KEYS,
    SECTION_MODELS,
    TOP_KEYS,
    Direction,
    SelectionMethod,
    SortKey,
    Unit,
)

DOC = (Path(__file__).resolve().parents[2] / "docs" / "methods" / "policies.md").read_text(encoding="utf-8")


def _documented(word: str) -> bool:
    return f"`{word}`" in DOC


def test_every_policy_key_is_documented():
    keys = set(TOP_KEYS) | set(CRITERION_KEYS) | set(SortKey.model_fields)
    for model in SECTION_MODELS.values():
        keys |= set(model.model_fields)
    missing = sorted(k for k in keys if not _documented(k))
    assert not missing, f"undocumented policy keys: {missing}"


def test_every_criterion_type_and_parameter_is_documented():
    missing = [name for name in CRITERIA if not _documented(name)]
    for kind in CRITERIA.values():
        missing += [f"{kind.name}.{p}" for p in kind.params.model_fields if not _documented(p)]
    assert not missing, f"undocumented criteria: {missing}"


def test_every_option_value_is_documented():
    values = [m.value for m in SelectionMethod] + [u.value for u in Unit] + [d.value for d in Direction]
    values += list(typing.get_args(IndexParams.model_fields["normalisation"].annotation))
    missing = [v for v in values if not _documented(v)]
    assert not missing, f"undocumented values: {missing}"


def test_every_builtin_policy_and_output_column_is_documented():
    missing = [name for name in builtin_policies() if not _documented(name)]
    for name in builtin_policies():
        policy = load_policy(name)
        missing += [c for c in output_columns(policy)
                    if c not in policy.criterion_names and not _documented(c) and not c.startswith("rank_")]
    assert not missing, f"undocumented: {missing}"


def test_output_column_grammar():
    """Ranks are rank_*, index scores score_*; criteria never shadow the fixed columns."""
    for name in builtin_policies():
        policy = load_policy(name)
        cols = output_columns(policy)
        assert len(cols) == len(set(cols))
        for c in policy.criteria:
            assert c.name.startswith("score_") == (c.type == "index")
        assert all(col.startswith("rank_") for col in cols if "rank" in col and col != "rank")
