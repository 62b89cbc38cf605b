"""The founding rule on small hand-computed fixtures."""

from pathlib import Path

import pytest

from lokus.engine import backend
from lokus.errors import InputFileError
from lokus.loci import founding_rule, ingest_stunting_loci
from lokus.registry import registry_ddl
from lokus.workspace import Workspace

# Balik Bukit (18.04.04) villages used below.
KUBU = "18.04.04.2002"  # Kubu Perahu
WAY_EMPULAU = "18.04.04.2006"  # Way Empulau Ulu
SUMBER_JAYA_V = "18.04.05.2001"


def _people(village: str, household: str, deciles: list[int], start: int) -> list[tuple]:
    return [("s", f"{start + i:016d}", household, village, d) for i, d in enumerate(deciles)]


@pytest.fixture
def ws(workspace_path: Path):
    w = Workspace(workspace_path)
    rows = (
        _people(KUBU, "h1", [1, 1, 1], 1)  # 3 decile-1 people, 1 household
        + _people(KUBU, "h2", [2, 2], 10)
        + _people(WAY_EMPULAU, "h3", [1, 1], 20)  # tie on people with SUMBER_JAYA_V ...
        + _people(WAY_EMPULAU, "h4", [1], 30)  # ... but 2 households
        + _people(SUMBER_JAYA_V, "h5", [1, 1, 1], 40)  # 3 people, 1 household
        + _people("18.04.05.2010", "h6", [3, 4, 5], 50)  # no decile-1 residents
    )
    with w.transaction() as con:
        for stmt in registry_ddl():
            con.execute(stmt)
        con.executemany(
            "INSERT INTO registry (snapshot, nik, household_id, village_code, decile) VALUES (?, ?, ?, ?, ?)", rows
        )
    yield w
    w.close()


def _by_code(table):
    return {r["code"]: r for r in table.to_pylist()}


def test_counts_and_every_village_present(ws):
    out = founding_rule(backend(ws.con), registry_snapshot="s", region="18.04")
    assert out.num_rows == 136  # villages absent from the registry still appear
    rows = _by_code(out)
    assert rows[KUBU]["decile1_people"] == 3
    assert rows[KUBU]["decile1_households"] == 1
    assert rows[KUBU]["residents"] == 5
    assert rows[KUBU]["decile1_share"] == pytest.approx(0.6)
    assert rows["18.04.05.2010"]["decile1_people"] == 0
    assert rows["18.04.04.1001"]["residents"] == 0  # Pasar Liwa: not in the registry at all


def test_ties_broken_by_households_then_share_then_code(ws):
    out = founding_rule(backend(ws.con), registry_snapshot="s", region="18.04")
    order = [r["code"] for r in out.to_pylist()[:3]]
    # All three have 3 decile-1 people. Way Empulau Ulu has 2 households; Kubu Perahu (share 0.6)
    # and Sumber Jaya's village (share 1.0) have 1 each, so the higher share comes first.
    assert order == [WAY_EMPULAU, SUMBER_JAYA_V, KUBU]
    assert [r["rank_decile1"] for r in out.to_pylist()[:3]] == [1, 1, 1]


def test_stunting_loci_come_first(ws, tmp_path):
    loci = tmp_path / "loci.csv"
    loci.write_text("kode_wilayah,nama\n1804052010,x\n")
    ingest_stunting_loci(ws, loci, snapshot="st", district="18.04")
    out = founding_rule(backend(ws.con), registry_snapshot="s", region="18.04", stunting_snapshot="st")
    first = out.to_pylist()[0]
    assert first["code"] == "18.04.05.2010" and first["stunting_locus"] is True
    assert "lokus stunting" in first["reason"]
    assert "tidak ada warga desil 1" in first["reason"]


def test_reason_names_the_values(ws):
    out = founding_rule(backend(ws.con), registry_snapshot="s", region="18.04", lang="en")
    rows = _by_code(out)
    assert rows[KUBU]["reason"] == "#3: 3 decile-1 residents in 1 households (1st most)"


def test_stunting_loci_outside_district_quarantined(ws, tmp_path):
    loci = tmp_path / "loci.csv"
    loci.write_text("kode_wilayah\n1804052010\n1801042001\n")
    s = ingest_stunting_loci(ws, loci, snapshot="st", district="18.04")
    assert (s.rows_read, s.accepted, s.quarantined) == (2, 1, 1)
    assert s.reasons == {"village_outside_district": 1}
    line, raw = ws.con.execute("SELECT source_line, raw->>'kode_wilayah' FROM quarantine WHERE snapshot = 'st'").fetchone()
    assert (line, raw) == (3, "1801042001")


def test_stunting_loci_all_outside_district_changes_nothing(ws, tmp_path):
    loci = tmp_path / "loci.csv"
    loci.write_text("kode_wilayah\n1801042001\n")
    with pytest.raises(InputFileError) as info:
        ingest_stunting_loci(ws, loci, snapshot="st", district="18.04")
    assert "village_outside_district" in info.value.message("en")
    assert ws.find_snapshot("st") is None


def test_ranking_independent_of_row_order(ws):
    a = founding_rule(backend(ws.con), registry_snapshot="s", region="18.04")
    with ws.transaction() as con:
        con.execute("CREATE TABLE shuffled AS SELECT * FROM registry ORDER BY random()")
        con.execute("DELETE FROM registry")
        con.execute("INSERT INTO registry SELECT * FROM shuffled")
    b = founding_rule(backend(ws.con), registry_snapshot="s", region="18.04")
    assert a.equals(b)


def test_reason_numbers_have_thousands_separators(workspace_path):
    from lokus.loci import PolicyInputs, explain_unit, load_policy, rank_policy

    w = Workspace(workspace_path)
    rows = [("s", f"{i:016d}", f"h{i // 2}", KUBU, 1) for i in range(2582)]
    with w.transaction() as con:
        for stmt in registry_ddl():
            con.execute(stmt)
        con.executemany(
            "INSERT INTO registry (snapshot, nik, household_id, village_code, decile) VALUES (?, ?, ?, ?, ?)", rows
        )
    try:
        founding = {lang: _by_code(founding_rule(backend(w.con), registry_snapshot="s", region="18.04", lang=lang))
                    for lang in ("id", "en")}
        assert founding["id"][KUBU]["reason"] == "#1: 2.582 warga desil 1 di 1.291 keluarga (terbanyak ke-1)"
        assert founding["en"][KUBU]["reason"] == "#1: 2,582 decile-1 residents in 1,291 households (1st most)"
        policy = load_policy("lampung-barat-2022")
        ranking = rank_policy(backend(w.con), policy, PolicyInputs("s", region="18.04"), lang="en")
        assert _by_code(ranking)[KUBU]["reason"].startswith("#1: 2,582 decile-1 residents in 1,291 households")
        second = next(r["code"] for r in ranking.to_pylist() if r["rank"] == 2)
        lines = explain_unit(ranking, policy, second, lang="en").lines
        assert any("(2,582) it would need 2,583 more" in line for line in lines), lines
    finally:
        w.close()


def test_priority_loci_are_the_top_selected_units_in_rank_order():
    import pyarrow as pa

    from lokus.loci import mark_priority, top_selected

    ranking = pa.table({"code": ["x", "y", "z", "w"], "rank": [2, 1, 3, 4], "selected": [True, True, False, True]})
    marked = mark_priority(ranking, top=2)
    assert marked.column("priority_locus").to_pylist() == [True, True, False, False]  # w is 3rd selected
    assert marked.column("code").to_pylist() == ["x", "y", "z", "w"]  # rows keep their order
    assert set(top_selected(ranking, 2)) == {"x", "y"}
    assert mark_priority(ranking).column("priority_locus").to_pylist() == [True, True, False, True]


def test_founding_rule_priority_loci_are_the_first_20(ws):
    from lokus.loci import DEFAULT_POLICY, PRIORITY_TOP, PolicyInputs, load_policy, mark_priority, rank_policy

    ranking = rank_policy(backend(ws.con), load_policy(DEFAULT_POLICY), PolicyInputs("s", region="18.04"))
    rows = sorted(mark_priority(ranking).to_pylist(), key=lambda r: r["rank"])
    assert PRIORITY_TOP == 20 and len(rows) == 136 and all(r["selected"] for r in rows)
    assert [r["priority_locus"] for r in rows] == [True] * 20 + [False] * 116
    assert rows[0]["code"] == WAY_EMPULAU and rows[0]["priority_locus"]  # 3 people, 2 households
