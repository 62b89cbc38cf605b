"""Coverage against hand-computed values for every built-in rule (see fixture.py)."""

from __future__ import annotations

from datetime import date

import pytest

from lokus.convergence import compute_coverage
from tests.convergence import fixture


@pytest.fixture
def coverage(loaded):
    return compute_coverage(loaded, region="all")


def test_reference_date_is_the_end_of_the_lists_period(coverage):
    assert coverage.as_of == date(2024, 6, 30)


@pytest.mark.parametrize("code", sorted(fixture.EXPECTED))
def test_each_builtin_rule_matches_the_hand_computation(coverage, code):
    row = next(r for r in coverage.by_program().to_pylist() if r["program"] == code)
    got = (row["eligible_units"], row["covered_units"], row["gap_units"], row["inclusion_not_eligible"],
           row["inclusion_not_in_registry"])
    assert got == fixture.EXPECTED[code]


def test_convergence_score_per_village(coverage):
    rows = {r["village_code"]: r for r in coverage.by_village().to_pylist()}
    for code, (eligible, covered) in fixture.EXPECTED_VILLAGES.items():
        assert (rows[code]["eligible_pairs"], rows[code]["covered_pairs"]) == (eligible, covered)
        assert rows[code]["score_convergence"] == round(covered / eligible, 4)
    assert coverage.score() == round(5 / 11, 4)


def test_region_limits_the_households(loaded):
    cov = compute_coverage(loaded, region="18.04.04.2006")
    rows = cov.by_village().to_pylist()
    assert [r["village_code"] for r in rows] == ["18.04.04.2006"]
    pkh = next(r for r in cov.by_program().to_pylist() if r["program"] == "PKH")
    # H3 covered; H4 listed but not eligible; the outsider is listed in V1, not here.
    assert (pkh["eligible_units"], pkh["covered_units"], pkh["inclusion_not_in_registry"]) == (1, 1, 0)


def test_default_region_is_the_priority_loci(loaded):
    from lokus.convergence import default_loci_villages

    loci = default_loci_villages(loaded, top=1)
    assert loci == ["18.04.04.2002"]  # the village with the most decile-1 residents
    cov = compute_coverage(loaded, top=1)
    assert cov.region == "loci" and cov.villages == loci


def test_rules_can_be_replaced_by_a_user_catalogue(loaded, tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[[program]]\ncode = "PKH"\nname = "PKH"\noffice = "dinsos"\nunit = "household"\n'
                    'eligibility = "decile <= 1"\nregistry_flags = ["receives_pkh"]\n', encoding="utf-8")
    cov = compute_coverage(loaded, region="all", catalogue=path)
    pkh = next(r for r in cov.by_program().to_pylist() if r["program"] == "PKH")
    assert (pkh["eligible_units"], pkh["covered_units"], pkh["inclusion_not_eligible"]) == (2, 1, 2)


def test_stunted_child_in_growth_data_marks_the_household(loaded, tmp_path):
    con = loaded.con
    con.execute("CREATE TABLE growth_measurements (snapshot VARCHAR, nik VARCHAR, kk VARCHAR, "
                "village_code VARCHAR, zlen DOUBLE, flen INTEGER)")
    dewi = fixture.BY_NAME["Dewi"]  # H3, stunted, matched by NIK
    eko = fixture.BY_NAME["Eko"]  # H4, flagged measurement (flen = 1): not used
    con.execute("INSERT INTO growth_measurements VALUES ('g1', ?, NULL, '18.04.04.2006', -2.5, 0), "
                "('g1', ?, NULL, '18.04.04.2006', -3.1, 1), ('g1', '1804040000000000', ?, '18.04.04.2002', -2.2, 0)",
                [dewi["nik"], eko["nik"], fixture.BY_NAME["Minah"]["kk"]])
    path = tmp_path / "mine.toml"
    path.write_text('[[program]]\ncode = "STUNTING"\noffice = "dinkes"\neligibility = "household_stunted"\n',
                    encoding="utf-8")
    cov = compute_coverage(loaded, region="all", growth_snapshot="g1", catalogue=path)
    rows = cov.households.to_pyarrow().to_pylist()
    assert {r["household_id"] for r in rows if r["eligible_stunting"]} == {"H3", "H2"}  # H2 by KK
    builtin = compute_coverage(loaded, region="all", growth_snapshot="g1")
    rows = builtin.households.to_pyarrow().to_pylist()
    assert {r["household_id"] for r in rows if r["eligible_stunting"]} == {"H1", "H2"}  # decile <= 2 only


def test_household_shortcut_gives_the_same_result_as_the_person_pass(loaded, monkeypatch):
    import lokus.convergence._coverage as cc

    fast = compute_coverage(loaded, region="all").households.order_by("household_id").to_pyarrow()
    monkeypatch.setattr(cc, "SHORTCUTS", False)  # every rule through the per-person pass
    slow = compute_coverage(loaded, region="all").households.order_by("household_id").to_pyarrow()
    assert slow.select(fast.column_names).to_pylist() == fast.to_pylist()


HOUSEHOLD_FUNCTION_RULES = {
    "ANYONE": "any(pregnant or disability)",
    "EVERYONE": "all(decile <= 3)",
    "NOBODY": "not any(elderly)",
    "MANY": "count(school_age) >= 1 and all(not pregnant)",
    "PERSON": "decile <= 2",
}


def test_household_functions_through_the_packed_pass_match_the_person_pass(loaded, tmp_path, monkeypatch):
    """Rules made of household functions (any/all/count) decided in the household pass agree with the
    per-person pass and with the hand computation."""
    import lokus.convergence._coverage as cc

    path = tmp_path / "functions.toml"
    path.write_text("".join(
        f'[[program]]\ncode = "{code}"\noffice = "dinsos"\neligibility = "{rule}"\n'
        + f'unit = "{"person" if code == "PERSON" else "household"}"\n\n'
        for code, rule in HOUSEHOLD_FUNCTION_RULES.items()), encoding="utf-8")
    fast = compute_coverage(loaded, region="all", catalogue=path).households.order_by("household_id").to_pyarrow()
    monkeypatch.setattr(cc, "SHORTCUTS", False)
    slow = compute_coverage(loaded, region="all", catalogue=path).households.order_by("household_id").to_pyarrow()
    assert slow.select(fast.column_names).to_pylist() == fast.to_pylist()
    everyone = {r["household_id"] for r in fast.to_pylist() if r["eligible_everyone"]}
    assert everyone == {"H1", "H2", "H3"}  # deciles 1, 1, 3 and 6 (fixture.PEOPLE)
    nobody = {r["household_id"] for r in fast.to_pylist() if r["eligible_nobody"]}
    assert nobody == {"H1", "H3", "H4"}  # Minah (born 1954) is H2's only member


def test_lists_loaded_against_another_registry_are_matched_again(loaded, tmp_path):
    from lokus.registry import ingest_registry
    from tests.convergence.conftest import TODAY

    ingest_registry(loaded, fixture.write_registry(tmp_path / "reg2.csv"), snapshot="reg-2025", fmt="canonical",
                    today=TODAY)
    cov = compute_coverage(loaded, region="all", registry_snapshot="reg-2025")
    pkh = next(r for r in cov.by_program().to_pylist() if r["program"] == "PKH")
    assert pkh["inclusion_not_in_registry"] == 1


def test_temporary_tables_are_dropped(loaded):
    def temps():
        return {r[0] for r in loaded.con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()}

    before = temps()
    cov = compute_coverage(loaded, region="all")
    assert len(temps() - before) == 1  # only the households
    cov.close()
    assert temps() - before == set()


def test_a_program_without_data_has_no_coverage_in_every_view(coverage):
    """No list, registry flag or delivery: covered, gaps and scores are None ("tidak ada data"), not 0."""
    assert coverage.no_data == frozenset(fixture.NO_DATA)
    for r in coverage.by_village().to_pylist():
        for code in fixture.NO_DATA:
            assert r[f"gap_{code.lower()}"] is None
        assert r["gap_pkh"] is not None
    programs = {r["program"] for r in coverage.gap_pairs().to_pyarrow().to_pylist()}
    assert programs and not programs & set(fixture.NO_DATA)
    stunting = next(r for r in coverage.by_program().to_pylist() if r["program"] == "STUNTING")
    assert stunting["score_coverage"] is None and stunting["eligible_units"] == 1



def test_bit_pack_ors_many_conditions_per_household_across_words():
    """70 conditions and a 9-bit field need two 62-bit words; each household's any() of each
    condition and bit_or of the field equal the plain per-household computation."""
    import random

    import ibis
    import pyarrow as pa
    from ibis import _

    from lokus.convergence._coverage import _BitPack

    rng = random.Random(7)
    n, k = 60, 70
    rows = {"hh": [i // 4 for i in range(n)], "bits": [rng.randrange(512) for _ in range(n)]}
    rows.update({f"c{j}": [rng.random() < 0.1 for _ in range(n)] for j in range(k)})
    pack = _BitPack("__w")
    pack.add_bits("field", _.bits, 9)
    for j in range(k):
        pack.add(f"c{j}", _[f"c{j}"])
    assert len(pack.words) == 2
    people = ibis.memtable(pa.table(rows)).mutate(**pack.columns())
    house = people.group_by("hh").aggregate(**pack.aggregates(computed=True))
    out = house.mutate(**{f"c{j}": pack.has(house, f"c{j}") for j in range(k)},
                       **{f"b{b}": pack.has(house, "field", 1 << b) for b in range(9)}).order_by("hh").to_pyarrow()
    for h, got in enumerate(out.to_pylist()):
        members = [i for i in range(n) if rows["hh"][i] == h]
        assert all(got[f"c{j}"] == any(rows[f"c{j}"][i] for i in members) for j in range(k))
        assert all(got[f"b{b}"] == any(rows["bits"][i] >> b & 1 for i in members) for b in range(9))


# -- list verdicts follow the registry they describe -----------------------------------------------------------
# The RTLH list names Hadi by NIK with H4's KK. Without Hadi and Minah (H2, on BLT_DD by KK only), the RTLH row
# matches by KK (H4 covered) and the BLT_DD row is not in the registry.
_SHRUNK = [p for p in fixture.PEOPLE if p["name"] not in {"Hadi", "Minah"}]


def _write_people(path, people):
    import csv

    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fixture.HEADERS)
        w.writeheader()
        w.writerows(people)
    return path


def _rtlh(tmp_path):
    hadi = fixture.BY_NAME["Hadi"]
    return fixture.write_list(tmp_path / "rtlh.csv", ["NIK", "NO_KK", "NAMA"], [[hadi["nik"], hadi["kk"], "Hadi"]])


def _outcome(ws, snapshot):
    cov = compute_coverage(ws, region="all", registry_snapshot=snapshot)
    try:
        programs = {r["program"]: r for r in cov.by_program().to_pylist()}
        houses = cov.households.order_by("household_id").to_pyarrow().to_pylist()
        return programs, houses
    finally:
        cov.close()


def _fresh(tmp_path, snapshot):
    """The same lists loaded after the shrunk registry, in a new workspace: the right answer."""
    from lokus.convergence import ingest_programs
    from lokus.registry import ingest_registry
    from lokus.workspace import Workspace
    from tests.convergence.conftest import TODAY

    folder = tmp_path / "fresh"
    folder.mkdir()
    ws = Workspace(folder / "ws.duckdb")
    ingest_registry(ws, _write_people(folder / "reg.csv", _SHRUNK), snapshot=snapshot, fmt="canonical",
                    today=TODAY)
    for code, path in fixture.write_lists(folder).items():
        ingest_programs(ws, path, program=code, period="2024-06", today=TODAY)
    ingest_programs(ws, _rtlh(folder), program="RTLH", period="2024-06", today=TODAY)
    return ws


def test_a_registry_loaded_again_matches_its_lists_again(loaded, tmp_path):
    """``ingest registry --replace`` re-decides the lists' NIK / KK / not-in-registry verdicts: coverage
    and the unmatched list then equal those of lists loaded after the new registry."""
    from lokus.convergence import ingest_programs
    from lokus.convergence._views import unmatched_recipients
    from lokus.registry import ingest_registry
    from tests.convergence.conftest import TODAY

    ingest_programs(loaded, _rtlh(tmp_path), program="RTLH", period="2024-06", today=TODAY)
    verdicts = "SELECT program, matched_by FROM program_recipients WHERE program IN ('RTLH', 'BLT_DD') ORDER BY 1"
    assert loaded.con.execute(verdicts).fetchall() == [("BLT_DD", "kk"), ("RTLH", "nik")]
    ingest_registry(loaded, _write_people(tmp_path / "shrunk.csv", _SHRUNK), snapshot="reg-2024",
                    fmt="canonical", today=TODAY, replace=True)
    assert loaded.con.execute(verdicts).fetchall() == [("BLT_DD", None), ("RTLH", "kk")]
    assert {r["program"] for r in unmatched_recipients(loaded)} == {"PKH", "BLT_DD"}
    programs, houses = _outcome(loaded, "reg-2024")
    assert programs["BLT_DD"]["inclusion_not_in_registry"] == 1
    assert next(h for h in houses if h["household_id"] == "H4")["covered_rtlh"] is True
    fresh = _fresh(tmp_path, "reg-2024")
    try:
        assert (programs, houses) == _outcome(fresh, "reg-2024")
    finally:
        fresh.close()


def test_lists_matched_against_another_registry_count_by_kk_when_the_nik_is_not_in_this_one(loaded, tmp_path):
    """Coverage against a registry snapshot the lists were not matched against decides "NIK, else KK"
    against that snapshot, not from the verdicts stored at list ingest."""
    from lokus.convergence import ingest_programs
    from lokus.registry import ingest_registry
    from tests.convergence.conftest import TODAY

    ingest_programs(loaded, _rtlh(tmp_path), program="RTLH", period="2024-06", today=TODAY)
    ingest_registry(loaded, _write_people(tmp_path / "shrunk.csv", _SHRUNK), snapshot="reg-2025",
                    fmt="canonical", today=TODAY)
    programs, houses = _outcome(loaded, "reg-2025")
    assert next(h for h in houses if h["household_id"] == "H4")["covered_rtlh"] is True
    assert programs["BLT_DD"]["inclusion_not_in_registry"] == 1
    fresh = _fresh(tmp_path, "reg-2025")
    try:
        assert (programs, houses) == _outcome(fresh, "reg-2025")
    finally:
        fresh.close()


def _stale_schema_2(loaded):
    """``loaded`` as an older lokus could leave it: schema 2, the registry recorded after the lists (a
    ``--replace``) and the BLT_DD row's verdict stale ("by NIK"; it has only a KK). Closed; returns its path."""
    con = loaded.con
    con.execute("UPDATE program_recipients SET matched_by = 'nik' WHERE program = 'BLT_DD'")
    con.execute("UPDATE snapshots SET created_at = created_at + INTERVAL 1 HOUR WHERE name = 'reg-2024'")
    con.execute("UPDATE lokus_meta SET value = '2' WHERE key = 'schema_version'")
    loaded.close()
    return loaded.path


def test_a_workspace_of_schema_2_matches_its_lists_again_when_opened_for_writing(loaded):
    """Verdicts left stale by a registry replaced before schema 3 (recorded after the lists) are mended by the
    next write command's open; a read-only open (a view) changes nothing."""
    from lokus.workspace import Workspace
    from lokus.workspace._workspace import SCHEMA_VERSION

    path = _stale_schema_2(loaded)
    verdict = "SELECT matched_by FROM program_recipients WHERE program = 'BLT_DD'"
    with Workspace(path, read_only=True) as view:
        assert view.con.execute(verdict).fetchall() == [("nik",)]
    with Workspace(path) as ws:
        assert ws.con.execute(verdict).fetchall() == [("kk",)]
        assert ws.schema_version == SCHEMA_VERSION


def test_a_view_of_a_schema_2_workspace_decides_the_matches_itself(loaded):
    """Read-only (a view), a file an older lokus left with stale verdicts gives the numbers of the upgraded
    file, and stays as it was."""
    from lokus.workspace import Workspace
    from lokus.workspace._workspace import SCHEMA_VERSION

    path = _stale_schema_2(loaded)
    with Workspace(path, read_only=True) as view:
        assert view.schema_version == 2
        seen = _outcome(view, "reg-2024")
    with Workspace(path) as ws:
        assert ws.schema_version == SCHEMA_VERSION
        assert seen == _outcome(ws, "reg-2024")
    assert next(h for h in seen[1] if h["household_id"] == "H2")["covered_blt_dd"] is True  # by KK


def test_lists_loaded_before_any_registry_are_matched_by_the_first_registry(ws, tmp_path):
    """A list loaded into a workspace with no registry has no verdict ("not in the registry" is not known);
    the registry loaded next matches it, and it then reads as if loaded after the registry."""
    from lokus.convergence import ingest_programs
    from lokus.convergence._views import unmatched_recipients
    from lokus.registry import ingest_registry
    from tests.convergence.conftest import TODAY

    lists = fixture.write_lists(tmp_path)
    s = ingest_programs(ws, lists["PKH"], program="PKH", period="2024-06", today=TODAY)
    assert (s.registry_snapshot, s.matched_nik, s.not_in_registry, s.unmatched_niks) == (None, 0, 0, [])
    assert unmatched_recipients(ws) == []
    reg = ingest_registry(ws, fixture.write_registry(tmp_path / "reg.csv"), snapshot="reg-2024", fmt="canonical",
                          today=TODAY)
    assert reg.lists_matched_again == 3  # Wati and Hadi by NIK, the outsider not in the registry
    assert [r["nik"] for r in unmatched_recipients(ws)] == [fixture.OUTSIDER_NIK]
    assert ws.con.execute("SELECT matched_by, registry_snapshot FROM program_recipients ORDER BY source_line"
                          ).fetchall() == [("nik", "reg-2024"), ("nik", "reg-2024"), (None, "reg-2024")]
    from lokus.convergence._sources import WorkspaceSources
    from lokus.engine import backend

    assert WorkspaceSources(ws, backend(ws.con)).matched_here(["pkh-2024-06"], "reg-2024")


def test_a_region_without_people_says_so(loaded):
    """The trial: a region the registry does not reach gave a listing of zeros; now one sentence naming
    the districts (or, inside a covered district, the kecamatan) the snapshot covers."""
    from lokus.errors import RegionError

    with pytest.raises(RegionError) as err:
        compute_coverage(loaded, region="31")
    assert "'reg-2024'" in err.value.message("en") and "region 31 (Daerah Khusus Ibukota Jakarta)" in \
        err.value.message("en") and "it covers 18.04 Kabupaten Lampung Barat" in err.value.message("en")
    assert "tidak memuat seorang warga pun" in err.value.message("id")
