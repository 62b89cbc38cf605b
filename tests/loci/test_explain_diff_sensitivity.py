"""explain (why, and what would change it), diff (who enters and leaves) and sensitivity."""

from __future__ import annotations

import pytest

from lokus.engine import backend
from lokus.errors import ConfigError
from lokus.loci import (
    PolicyInputs,
    diff_rankings,
    explain_unit,
    load_policy,
    parse_policy,
    rank_policy,
    sensitivity,
)
from lokus.loci._sensitivity import kendall_tau, policy_variants, spearman_rho

from .conftest import A, B, C, D, household, insert_registry


def _rank(ws, policy, snapshot="s", codes=None, lang="id"):
    return rank_policy(backend(ws.con), policy, PolicyInputs(snapshot, stunting_codes=codes, region="18.04"), lang=lang)


def test_explain_not_selected_under_coverage(golden_ws):
    policy = load_policy("coverage-75")
    table = _rank(golden_ws, policy)
    out = explain_unit(table, policy, C, lang="en")
    assert out.rank == 3 and not out.selected
    # to overtake B (3 extreme poor) C (2) needs 2 more: then 4 > 3, whatever the tie-break
    assert out.gap_above == 2 and out.gap_selection == 2
    assert any("To enter the selection (overtaking #2 Way Empulau Ulu, 3)" in line for line in out.lines)
    assert out.lines[0] == table.to_pylist()[2]["reason"]


def test_explain_selected_names_the_next_unit(golden_ws):
    policy = load_policy("coverage-75")
    out = explain_unit(_rank(golden_ws, policy), policy, B, lang="id")
    assert out.selected and out.gap_selection is None
    assert any("#3 Simpangsari" in line and "2 warga miskin ekstrem" in line for line in out.lines)


def test_explain_priority_flag_blocks(golden_ws):
    policy = load_policy("lampung-barat-2022")
    out = explain_unit(_rank(golden_ws, policy, codes=(D,)), policy, A, lang="en")
    assert out.rank == 2 and out.gap_above is None
    assert any("is a stunting locus and this unit is not" in line for line in out.lines)
    assert any("selects every unit" in line for line in out.lines)


def test_explain_threshold(golden_ws):
    text = load_text("coverage-75").replace(
        'method = "coverage"\ntarget = "extreme_poor"\nshare = 0.75',
        'method = "threshold"\ncriterion = "decile1_share"\nmin = 0.4',
    )
    policy = parse_policy(text)
    table = _rank(golden_ws, policy)
    selected = [r["code"] for r in table.to_pylist() if r["selected"]]
    assert selected == [A, B]  # shares 0.5 and 0.75; C has 0.25
    out = explain_unit(table, policy, C, lang="en")
    assert out.gap_selection == pytest.approx(0.15)


def test_explain_unknown_unit(golden_ws):
    policy = load_policy("lampung-barat-2022")
    with pytest.raises(ConfigError) as info:
        explain_unit(_rank(golden_ws, policy), policy, "18.01.04.2001", lang="en")
    assert "18.01.04.2001" in info.value.message("en")


def test_quota_per_kecamatan(golden_ws):
    text = load_text("coverage-75").replace(
        'method = "coverage"\ntarget = "extreme_poor"\nshare = 0.75', 'method = "quota"\nn = 1'
    )
    policy = parse_policy(text)
    rows = _rank(golden_ws, policy).to_pylist()
    chosen = {r["code"] for r in rows if r["selected"]}
    assert A in chosen and C in chosen and B not in chosen  # one per kecamatan
    assert len(chosen) == 15
    assert next(r for r in rows if r["code"] == B)["rank_parent"] == 2


def load_text(name: str) -> str:
    from lokus.loci import builtin_policies

    return builtin_policies()[name]


def test_diff_between_snapshots(golden_ws):
    # snapshot t: C gains 4 decile-1 residents and overtakes B
    from .conftest import GOLDEN_ROWS

    rows = [("t", *r[1:]) for r in GOLDEN_ROWS] + household(C, "c9", [1, 1, 1, 1], 900, snapshot="t")
    insert_registry(golden_ws, rows)
    policy = load_policy("coverage-75")
    a, b = _rank(golden_ws, policy, "s"), _rank(golden_ws, policy, "t")
    result = diff_rankings(a, b, policy, policy)
    assert result.entered == [C] and result.left == [B]
    first = result.table.to_pylist()[0]
    assert (first["code"], first["change"], first["extreme_poor_a"], first["extreme_poor_b"]) == (C, "enters", 2, 6)
    everything = diff_rankings(a, b, policy, policy, everything=True)
    assert everything.table.num_rows == 136


def test_diff_between_policies_compares_the_priority_loci(golden_ws):
    """The trial: against the founding rule (which selects every village) 134 villages "left". What is
    compared is the priority loci: the founding rule's first 20, coverage-75's A and B."""
    from lokus.loci import PRIORITY_TOP, top_selected

    a_pol, b_pol = load_policy("lampung-barat-2022"), load_policy("coverage-75")
    a, b = _rank(golden_ws, a_pol), _rank(golden_ws, b_pol)
    founding = top_selected(a)
    assert len(founding) == PRIORITY_TOP == 20 and founding[:2] == [A, B]
    result = diff_rankings(a, b, a_pol, b_pol)
    assert sorted(result.left) == sorted(founding[2:]) and not result.entered and result.top == 20
    assert result.table.num_rows == 18
    five = diff_rankings(a, b, a_pol, b_pol, top=5)
    assert sorted(five.left) == sorted(founding[2:5])
    whole = diff_rankings(a, b, a_pol, b_pol, top=None)
    assert len(whole.left) == 134  # every selected unit: the founding rule selects all 136, coverage-75 A and B
    result = whole
    assert not result.entered
    assert "decile1_people_a" in result.table.column_names and "extreme_poor_b" in result.table.column_names


def test_correlations():
    assert spearman_rho([1, 2, 3, 4], [1, 2, 3, 4]) == 1.0
    assert spearman_rho([1, 2, 3, 4], [4, 3, 2, 1]) == -1.0
    assert kendall_tau([1, 2, 3, 4], [4, 3, 2, 1]) == -1.0
    assert kendall_tau([1, 2, 3], [1, 3, 2]) == pytest.approx(1 / 3, abs=1e-6)
    assert spearman_rho([1, 2, 3], [1, 3, 2]) == pytest.approx(0.5)


def test_variants_move_weights_and_thresholds():
    labels = [label for label, _ in policy_variants(load_policy("indeks-gabungan"))]
    assert "score_gabungan.decile1_share +20%" in labels and "selection.n -20%" in labels
    assert len(labels) == 8
    assert policy_variants(load_policy("lampung-barat-2022")) == []


def test_sensitivity_report(golden_ws):
    policy = load_policy("indeks-gabungan")
    inputs = PolicyInputs("s", growth_snapshot="g", region="18.04")
    report = sensitivity(lambda p: rank_policy(backend(golden_ws.con), p, inputs), policy)
    assert len(report.variants) == 8
    units = {r["code"]: r for r in report.units.to_pylist()}
    assert units[B]["rank_min"] == 1 and units[B]["selected_share"] == 1.0
    assert all(r["rank_min"] <= r["rank"] <= r["rank_max"] for r in units.values())
    assert report.spearman_min is not None and 0.9 < report.spearman_min <= 1.0
    assert report.units.num_rows == 136


def test_vectorised_integers_match_fmt_int():
    import pyarrow as pa

    from lokus.i18n import fmt_int
    from lokus.loci._explain import _ints

    values = [0, 7, 999, 1000, 1291, 83762, 999999, 1000000, 1234567, 10**12 + 5]
    for lang in ("id", "en"):
        assert _ints(pa.array(values, pa.int64()), lang).to_pylist() == [fmt_int(v, lang) for v in values]
        assert _ints(pa.array([3, None, -1200]), lang).to_pylist() == ["3", "", fmt_int(-1200, lang)]
