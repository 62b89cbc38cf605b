"""Golden tests: each built-in policy on a small hand-computed registry (see conftest.py)."""

from __future__ import annotations

import pytest

from lokus.engine import backend
from lokus.errors import InputFileError
from lokus.loci import PolicyInputs, load_policy, output_columns, rank_policy, resolve_inputs

from .conftest import A, B, C, D


def _run(ws, name, **inputs):
    policy = load_policy(name)
    return rank_policy(backend(ws.con), policy, PolicyInputs("s", region="18.04", **inputs))


def test_lampung_barat_2022_golden(golden_ws):
    out = _run(golden_ws, "lampung-barat-2022")
    rows = out.to_pylist()
    assert out.num_rows == 136
    got = [(r["rank"], r["code"], r["decile1_people"], r["decile1_households"], r["decile1_share"]) for r in rows[:3]]
    assert got == [(1, A, 5, 2, 0.5), (2, B, 3, 3, 0.75), (3, C, 2, 1, 0.25)]
    assert all(r["selected"] for r in rows)
    assert rows[0]["reason"] == "#1: 5 warga desil 1 di 2 keluarga (terbanyak ke-1)"
    assert [r["coverage"] for r in rows[:3]] == [0.5, 0.8, 1.0]
    d = next(r for r in rows if r["code"] == D)
    assert (d["residents"], d["decile1_people"], d["decile1_share"]) == (4, 0, 0.0)
    # the zeros follow in code order (households 0, share 0 everywhere)
    zeros = [r["code"] for r in rows[3:]]
    assert zeros == sorted(zeros)
    assert list(out.column_names) == output_columns(load_policy("lampung-barat-2022"))


def test_lampung_barat_2022_stunting_loci_first(golden_ws):
    out = _run(golden_ws, "lampung-barat-2022", stunting_codes=(D, C))
    rows = out.to_pylist()
    assert [r["code"] for r in rows[:4]] == [C, D, A, B]
    assert rows[1]["reason"] == "#2: tidak ada warga desil 1 dalam data, lokus stunting"
    assert rows[0]["reason"] == "#1: 2 warga desil 1 di 1 keluarga (terbanyak ke-3), lokus stunting"


def test_coverage_75_golden(golden_ws):
    rows = _run(golden_ws, "coverage-75").to_pylist()
    got = [(r["code"], r["extreme_poor"], r["coverage"], r["selected"]) for r in rows[:4]]
    # 10 extreme poor in all; 75% = 7.5: A (5) and B (3) reach 80%, C is no longer needed.
    assert got[:3] == [(A, 5, 0.5, True), (B, 3, 0.8, True), (C, 2, 1.0, False)]
    assert sum(r["selected"] for r in rows) == 2
    assert rows[0]["reason"].endswith("terpilih, cakupan kumulatif 50,0% (target 75,0%)")
    assert "target cakupan 75,0% sudah tercapai" in rows[2]["reason"]


def test_indeks_gabungan_golden(golden_ws):
    policy = load_policy("indeks-gabungan")
    inputs = resolve_inputs(golden_ws, policy, region="18.04", stunting_loci="none")
    assert inputs.growth_snapshot == "g"
    rows = rank_policy(backend(golden_ws.con), policy, inputs).to_pylist()
    # min-max over the 136 villages (minimum 0 everywhere): share max 0.75, prevalence max 1.0,
    # households in deciles 1-2 max 3.
    expected = {
        B: 0.5 * 1 + 0.3 * 1 + 0.2 * 1,
        A: 0.5 * (0.5 / 0.75) + 0.3 * 0.25 + 0.2 * (3 / 3),
        D: 0.5 * 0 + 0.3 * 0.5 + 0.2 * (2 / 3),
        C: 0.5 * (0.25 / 0.75) + 0.3 * 0 + 0.2 * (1 / 3),
    }
    assert [r["code"] for r in rows[:4]] == [B, A, D, C]
    for r in rows[:4]:
        assert r["score_gabungan"] == pytest.approx(expected[r["code"]], abs=1e-6)
    assert [r["stunting_prevalence"] for r in rows[:4]] == [1.0, 0.25, 0.5, 0.0]
    assert sum(r["selected"] for r in rows) == 10 and all(r["selected"] for r in rows[:10])
    assert rows[0]["reason"].startswith("#1: skor gabungan 1,000 (tertinggi ke-1)")


def test_units_aggregate_to_districts(golden_ws):
    from lokus.loci import parse_policy

    text = load_policy_text("lampung-barat-2022").replace('unit = "village"', 'unit = "district"')
    policy = parse_policy(text, source="district.toml")
    rows = rank_policy(backend(golden_ws.con), policy, PolicyInputs("s", region="18.04", stunting_codes=(D,))).to_pylist()
    assert len(rows) == 15  # every kecamatan of Lampung Barat
    top = rows[0]
    assert top["code"] == "18.04.05" and top["stunting_locus"] is True  # contains the locus D
    assert (top["decile1_people"], top["residents"]) == (2, 12)
    assert rows[1]["code"] == "18.04.04" and rows[1]["decile1_people"] == 8
    assert rows[1]["decile1_households"] == 5


def load_policy_text(name: str) -> str:
    from lokus.loci import builtin_policies

    return builtin_policies()[name]


def test_stunting_loci_outside_district_rejected_on_policy_path(golden_ws, tmp_path):
    loci = tmp_path / "loci.csv"
    loci.write_text("kode_wilayah\n1804052010\n1801042001\n")
    policy = load_policy("lampung-barat-2022")
    with pytest.raises(InputFileError) as info:
        resolve_inputs(golden_ws, policy, stunting_loci=str(loci), region="18.04")
    assert "18.01.04.2001" in info.value.message("en")
    # a snapshot stored without a district check is refused the same way
    with golden_ws.transaction() as con:
        con.execute("CREATE TABLE stunting_loci (snapshot VARCHAR, village_code VARCHAR)")
        con.execute("INSERT INTO stunting_loci VALUES ('st', '18.01.04.2001'), ('st', ?)", [D])
        golden_ws.record_snapshot("st", "stunting_loci", source_file=None, sha256=None, rows_read=2, rows=2)
    with pytest.raises(InputFileError):
        resolve_inputs(golden_ws, policy, stunting_loci="st", region="18.04")


def test_stunting_loci_file_input(golden_ws, tmp_path):
    loci = tmp_path / "loci.csv"
    loci.write_text("kode_wilayah\n1804052010\n")
    policy = load_policy("lampung-barat-2022")
    inputs = resolve_inputs(golden_ws, policy, stunting_loci=str(loci), region="18.04")
    assert inputs.stunting_codes == (D,) and inputs.registry_snapshot == "s"
    assert rank_policy(backend(golden_ws.con), policy, inputs).to_pylist()[0]["code"] == D


def test_growth_criteria_need_growth_data(workspace_path):
    from lokus.errors import ConfigError
    from lokus.workspace import Workspace

    from .conftest import GOLDEN_ROWS, insert_registry

    with Workspace(workspace_path) as ws:
        insert_registry(ws, GOLDEN_ROWS, snapshot="s")
        with pytest.raises(ConfigError) as info:
            resolve_inputs(ws, load_policy("indeks-gabungan"), region="18.04")
    assert "stunting_prevalence" in info.value.message("en")


def test_policy_file_names_a_loci_file_beside_it(golden_ws, tmp_path):
    from lokus.loci import builtin_policies

    folder = tmp_path / "kebijakan"
    folder.mkdir()
    (folder / "lokus.csv").write_text(f"kode_wilayah\n{D.replace('.', '')}\n")
    text = builtin_policies()["lampung-barat-2022"].replace('stunting_loci = "latest"', 'stunting_loci = "lokus.csv"')
    (folder / "mine.toml").write_text(text)
    policy = load_policy(str(folder / "mine.toml"))
    inputs = resolve_inputs(golden_ws, policy, region="18.04")
    assert inputs.stunting_codes == (D,)


@pytest.mark.parametrize("name", ["lampung-barat-2022", "coverage-75", "indeks-gabungan"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_vectorised_reasons_equal_the_per_row_reason(golden_ws, name, lang):
    from lokus.loci._explain import reason

    policy = load_policy(name)
    inputs = resolve_inputs(golden_ws, policy, region="18.04", stunting_loci="none")
    inputs = PolicyInputs(inputs.registry_snapshot, "x", (C,), inputs.growth_snapshot, inputs.region)
    out = rank_policy(backend(golden_ws.con), policy, inputs, lang=lang)
    rows = out.to_pylist()
    assert [r["reason"] for r in rows] == [reason(policy, r, lang) for r in rows]


@pytest.mark.parametrize("name", ["national", "Nasional", "indonesia"])
def test_national_ranks_every_village_of_the_country(golden_ws, name):
    policy = load_policy("lampung-barat-2022")
    inputs = resolve_inputs(golden_ws, policy, region=name, stunting_loci="none")
    assert inputs.region is None
    rows = rank_policy(backend(golden_ws.con), policy, inputs).to_pylist()
    assert len(rows) > 80_000  # every Kemendagri village, not the 136 of 18.04
    assert [r["code"] for r in rows[:3]] == [A, B, C]
