"""The policy path equals the founding rule, and rankings do not depend on row order."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lokus.engine import backend
from lokus.loci import PolicyInputs, founding_rule, ingest_stunting_loci, load_policy, rank_policy
from lokus.workspace import Workspace

from .conftest import GOLDEN_ROWS, A, B, C, D, household, insert_registry

SHARED = ("rank", "code", "name", "residents", "decile1_people", "decile1_households", "decile1_share",
          "stunting_locus", "reason")


def _compare(ws: Workspace, stunting_snapshot: str | None, lang: str) -> None:
    old = founding_rule(backend(ws.con), registry_snapshot="s", region="18.04", stunting_snapshot=stunting_snapshot,
                        lang=lang)
    codes: tuple[str, ...] | None = None
    if stunting_snapshot:
        codes = tuple(r[0] for r in ws.con.execute(
            "SELECT village_code FROM stunting_loci WHERE snapshot = ?", [stunting_snapshot]).fetchall())
    new = rank_policy(backend(ws.con), load_policy("lampung-barat-2022"),
                      PolicyInputs("s", stunting_source=stunting_snapshot, stunting_codes=codes, region="18.04"),
                      lang=lang)
    assert new.select(list(SHARED)).to_pylist() == old.select(list(SHARED)).to_pylist()
    assert new.column("rank_decile1_people").to_pylist() == old.column("rank_decile1").to_pylist()
    assert new.column("parent").to_pylist() == old.column("district_code").to_pylist()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_lampung_barat_policy_equals_founding_rule(workspace_path, tmp_path, lang):
    ties = (  # three villages tied on decile-1 people, broken by households, then share, then code
        household(A, "t1", [1, 1, 1, 2, 2], 1) + household(B, "t2", [1, 1], 20) + household(B, "t3", [1], 30)
        + household(C, "t4", [1, 1, 1], 40) + household(D, "t5", [3, 4, 5], 50)
        + household("18.04.06.2001", "t6", [1, 1, 1], 60)
    )
    with Workspace(workspace_path) as ws:
        insert_registry(ws, ties)
        _compare(ws, None, lang)
        loci = tmp_path / "loci.csv"
        loci.write_text(f"kode_wilayah\n{D}\n{C}\n")
        ingest_stunting_loci(ws, loci, snapshot="st", district="18.04")
        _compare(ws, "st", lang)


# -- property: no dependence on row order; no unit disappears ---------------------------------

VILLAGES = [A, B, C, D, "18.04.06.2001", "18.04.04.1001"]
_WS: list[Workspace] = []
_COUNTER = itertools.count()


def _shared_ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    if not _WS:
        _WS.append(Workspace(tmp_path_factory.mktemp("prop") / "ws.duckdb"))
        insert_registry(_WS[0], GOLDEN_ROWS[:1])
    return _WS[0]


people = st.lists(
    st.tuples(st.sampled_from(VILLAGES), st.integers(0, 6), st.integers(1, 10)), min_size=0, max_size=40
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=people, data=st.data(), name=st.sampled_from(["lampung-barat-2022", "coverage-75"]))
def test_ranking_independent_of_row_order(tmp_path_factory, rows, data, name):
    ws = _shared_ws(tmp_path_factory)
    n = next(_COUNTER)
    first, second = f"p{n}a", f"p{n}b"
    table = [(village, f"h{village[-4:]}{hh}", dec) for village, hh, dec in rows]
    shuffled = data.draw(st.permutations(table))
    with ws.transaction() as con:
        if table:
            con.executemany(
                "INSERT INTO registry (snapshot, nik, household_id, village_code, decile) VALUES (?, ?, ?, ?, ?)",
                [(first, f"{i:016d}", hh, v, d) for i, (v, hh, d) in enumerate(table)]
                + [(second, f"{i:016d}", hh, v, d) for i, (v, hh, d) in enumerate(shuffled)],
            )
    policy = load_policy(name)
    codes = (A, D)
    out_a = rank_policy(backend(ws.con), policy, PolicyInputs(first, stunting_codes=codes, region="18.04"))
    out_b = rank_policy(backend(ws.con), policy, PolicyInputs(second, stunting_codes=codes, region="18.04"))
    assert out_a.equals(out_b)
    assert out_a.num_rows == 136 and len(set(out_a.column("code").to_pylist())) == 136
    assert sorted(out_a.column("rank").to_pylist()) == list(range(1, 137))
    col = "decile1_people" if name == "lampung-barat-2022" else "extreme_poor"
    assert sum(out_a.column(col).to_pylist()) == sum(1 for _, _, d in table if d == 1)
