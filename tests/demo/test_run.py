"""The demo end to end, through the same paths a user's files take."""

import pytest

from lokus.demo import run_demo


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    base = tmp_path_factory.mktemp("demo1")
    return run_demo(base / "ws.duckdb", out_dir=base / "out", seed=2022)


def test_every_row_accounted_for(first):
    s = first.ingest
    assert s.rows_read == s.accepted + s.quarantined
    assert s.quarantined == 160
    assert set(s.reasons) >= {"nik_scientific", "nik_length", "village_unknown", "decile_missing", "duplicate_row"}


def test_ranking_covers_all_villages_with_loci_first(first):
    rows = first.ranking.to_pylist()
    assert len(rows) == 136
    loci = [r["stunting_locus"] for r in rows]
    assert loci == sorted(loci, reverse=True)
    assert first.stunting_loci == sum(loci)
    assert rows[0]["reason"].startswith("#1: ")


def test_same_seed_gives_byte_identical_ranking_csv(first, tmp_path):
    second = run_demo(tmp_path / "other.duckdb", out_dir=tmp_path / "out2", seed=2022)
    assert second.ranking_file.read_bytes() == first.ranking_file.read_bytes()


def test_cli_demo_prints_ranking_and_workspace(cli, tmp_path, workspace_path):
    res = cli("demo", "--out-dir", str(tmp_path / "o"), "--top", "3", "--lang", "en")
    assert res.exit_code == 0, res.stderr
    assert "Priority villages" in res.stdout
    assert str(workspace_path.resolve()) in res.stdout.replace("\n", "")
    # the demo's ranking is printed by the same builder as `lokus loci`: the same columns (the priority-locus
    # column too), rows and caption
    loci = cli("--lang", "en", "loci", "--top", "3")
    assert loci.exit_code == 0, loci.stderr
    table = loci.stdout[loci.stdout.index("┏"):loci.stdout.index("Data:")]
    assert "Priority" in table.split("┡")[0] and "Priority locus = yes" in table
    assert table in res.stdout


def test_ranking_is_the_founding_rule_through_the_policy_path(first):
    """The demo ranks with the built-in policy lampung-barat-2022: same order and reasons as the
    original founding-rule expression on the same workspace."""
    from lokus.engine import backend
    from lokus.loci import founding_rule
    from lokus.workspace import Workspace

    with Workspace(first.workspace, read_only=True) as ws:
        old = founding_rule(backend(ws.con), registry_snapshot="p3ke-2022", region="18.04",
                            stunting_snapshot="stunting-2022")
    assert first.ranking.column("code").equals(old.column("code"))
    assert first.ranking.column("reason").equals(old.column("reason"))
    assert {"selected", "coverage", "parent"} <= set(first.ranking.column_names)
def test_demo_program_lists_carry_exclusion_and_inclusion_errors(first):
    conv = first.convergence
    assert set(conv.ingests) == {"PKH", "SEMBAKO", "PBI_JKN", "BLT_DD", "PIP", "RTLH", "AIR_BERSIH", "SANITASI"}
    for s in conv.ingests.values():
        assert s.rows_read == s.accepted + s.quarantined
    assert conv.ingests["PKH"].not_in_registry > 0 and conv.ingests["BLT_DD"].matched_kk > 0
    rows = {r["program"]: r for r in conv.coverage.to_pylist()}
    assert rows["PKH"]["gap_units"] > 0 and rows["PKH"]["inclusion_not_eligible"] > 0
    assert all(0 <= (r["score_coverage"] or 0) <= 1 for r in rows.values())
    assert conv.villages.num_rows == 20  # the priority loci


def test_the_demo_runs_again_in_its_own_workspace(first):
    from lokus.demo._run import _refuse_foreign_data

    _refuse_foreign_data(first.workspace)  # only the demo's snapshots: no error


def test_the_demo_refuses_a_workspace_with_the_users_own_data(cli, tmp_path, workspace_path):
    from lokus.workspace import sha256_file

    own = tmp_path / "dtks.csv"
    own.write_text("id_keluarga_p3ke,no_kk,nik,nama,kode_kemdagri,desil\n"
                   "K1,1804040507090001,1804041501810001,HENDRA,1804041001,1\n", encoding="utf-8")
    assert cli("ingest", "registry", str(own), "--snapshot", "p3ke-2022", "--district", "18.04").exit_code == 0
    before = sha256_file(workspace_path)
    res = cli("demo", "--out-dir", str(tmp_path / "o"), "--lang", "en")
    assert res.exit_code == 4
    assert "holds your own data (p3ke-2022)" in res.stderr and "lokus -w demo.duckdb demo" in res.stderr
    assert "Traceback" not in res.stderr and not (tmp_path / "o").exists()
    assert sha256_file(workspace_path) == before
