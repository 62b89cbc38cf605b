"""`lokus loci` under policies, `lokus loci explain|diff`, `--sensitivity`, `lokus policy …`."""

from __future__ import annotations

import csv
import io
import json

import pytest

from lokus.registry import registry_ddl
from lokus.workspace import Workspace
from tests.loci.conftest import GOLDEN_ROWS, GROWTH_ROWS, A, B, C, insert_growth, insert_registry


def _seed(path):
    with Workspace(path) as ws, ws.transaction() as con:
        for stmt in registry_ddl():
            con.execute(stmt)
        con.executemany(
            "INSERT INTO registry (snapshot, nik, household_id, village_code, decile) VALUES (?, ?, ?, ?, ?)",
            [("reg", f"{i:016d}", f"h{i // 2}", "18.04.04.2002", 1) for i in range(4)]
            + [("reg", f"{i:016d}", f"h{i}", "18.04.04.2004", 1) for i in range(4, 6)],
        )
        ws.record_snapshot("reg", "registry", source_file="x.csv", sha256="0", rows_read=6, rows=6)


def test_loci_json(cli, workspace_path):
    _seed(workspace_path)
    res = cli("loci", "--top", "2", "--format", "json")
    assert res.exit_code == 0, res.stderr
    rows = json.loads(res.stdout)
    assert [r["code"] for r in rows] == ["18.04.04.2002", "18.04.04.2004"]
    assert rows[0]["decile1_people"] == 4 and rows[0]["decile1_households"] == 2
    assert rows[1]["decile1_households"] == 2 and rows[1]["decile1_people"] == 2


def test_loci_out_csv(cli, workspace_path, tmp_path):
    _seed(workspace_path)
    out = tmp_path / "rank.csv"
    res = cli("loci", "--out", str(out))
    assert res.exit_code == 0
    assert out.read_text().count("\n") == 137


def test_loci_without_workspace(cli):
    res = cli("loci")
    assert res.exit_code != 0
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_loci_unknown_snapshot(cli, workspace_path):
    _seed(workspace_path)
    res = cli("loci", "--registry", "nope", "--lang", "en")
    assert res.exit_code != 0
    assert "nope" in res.stderr and "reg" in res.stderr


def test_stunting_loci_missing_file(cli):
    res = cli("ingest", "stunting-loci", "does-not-exist.csv", "--snapshot", "s")
    assert res.exit_code != 0
    assert "does-not-exist.csv" in res.stderr and "Traceback" not in res.stderr


def test_stunting_loci_not_a_table(cli, tmp_path):
    bad = tmp_path / "loci.csv"
    bad.write_bytes(b"\x00\x01\x02binary\xff\xfe")
    res = cli("ingest", "stunting-loci", str(bad), "--snapshot", "s")
    assert res.exit_code != 0
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1


@pytest.fixture
def ws_cli(cli, workspace_path):
    with Workspace(workspace_path) as ws:
        insert_registry(ws, GOLDEN_ROWS, snapshot="s")
        insert_growth(ws, GROWTH_ROWS)
    return cli


def test_plain_loci_keeps_the_compact_table(ws_cli):
    res = ws_cli("loci", "--top", "3")
    assert res.exit_code == 0, res.stderr
    assert "Warga desil 1" in res.stdout and "Kubu Perahu" in res.stdout


def test_loci_json_has_every_column(ws_cli):
    res = ws_cli("loci", "--format", "json")
    assert res.exit_code == 0, res.stderr
    rows = json.loads(res.stdout)
    assert len(rows) == 136
    first = rows[0]
    for key in ("rank", "selected", "code", "name", "parent", "decile1_people", "decile1_households",
                "stunting_locus", "coverage", "reason"):
        assert key in first
    assert first["code"] == A and first["reason"].startswith("#1: 5 warga desil 1")


def test_loci_policy_csv_and_out_file(ws_cli, tmp_path):
    out = tmp_path / "r.csv"
    res = ws_cli("--lang", "en", "loci", "--policy", "coverage-75", "--format", "csv", "--top", "3", "--out", out)
    assert res.exit_code == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["code"] for r in rows] == [A, B, C]
    assert [r["selected"] for r in rows] == ["True", "True", "False"]
    assert "selected, cumulative coverage 50.0% (target 75.0%)" in rows[0]["reason"]
    assert len(out.read_text().splitlines()) == 137
    again = tmp_path / "r2.csv"
    ws_cli("--lang", "en", "loci", "--policy", "coverage-75", "--out", again)
    assert again.read_bytes() == out.read_bytes()  # deterministic


def test_loci_policy_table_generic(ws_cli):
    res = ws_cli("loci", "--policy", "indeks-gabungan", "--top", "2")
    assert res.exit_code == 0, res.stderr
    assert "Way Empulau" in res.stdout and "Terpilih" in res.stdout


def test_loci_policy_file_with_typo(ws_cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\ncritera = []\n')
    res = ws_cli("--lang", "en", "loci", "--policy", bad)
    assert res.exit_code == 2
    assert "Unknown key 'critera'" in res.stderr and "line 2" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_loci_stunting_file_outside_district(ws_cli, tmp_path):
    loci = tmp_path / "loci.csv"
    loci.write_text("kode_wilayah\n1801042001\n")
    res = ws_cli("loci", "--stunting-loci", loci)
    assert res.exit_code != 0 and "18.01.04.2001" in res.stderr and "Traceback" not in res.stderr


def test_explain(ws_cli):
    res = ws_cli("--lang", "en", "loci", "explain", "1804052001", "--policy", "coverage-75")
    assert res.exit_code == 0, res.stderr
    assert "To enter the selection" in res.stdout and "2 more extreme-poor residents" in res.stdout
    res = ws_cli("loci", "explain", C, "--policy", "coverage-75", "--format", "json")
    data = json.loads(res.stdout)[0]
    assert data["gap_selection"] == 2 and data["selected"] is False


def test_diff_policies(ws_cli):
    res = ws_cli("loci", "diff", "--policy", "lampung-barat-2022", "--policy-b", "coverage-75", "--format", "json")
    assert res.exit_code == 0, res.stderr
    rows = json.loads(res.stdout)
    # the priority loci: the founding rule's first 20 against coverage-75's A and B (it said 134 "leave")
    assert {r["change"] for r in rows} == {"leaves"} and len(rows) == 18
    assert all(r["selected_a"] and not r["selected_b"] for r in rows)
    res = ws_cli("loci", "diff", "--policy", "lampung-barat-2022", "--policy-b", "coverage-75")
    assert "0 masuk, 18 keluar" in res.stdout and "Yang dibandingkan: lokus prioritas" in res.stdout
    assert "paling banyak 20 (--top)" in res.stdout
    en = ws_cli("--lang", "en", "loci", "diff", "--policy-b", "coverage-75", "--top", "5")
    assert "0 enter, 3 leave" in en.stdout and "Compared: the priority loci" in en.stdout and "at most 5" in en.stdout
    whole = ws_cli("loci", "diff", "--policy-b", "coverage-75", "--top", "0")
    assert "0 masuk, 134 keluar" in whole.stdout and "semua unit yang dipilih tiap kebijakan" in whole.stdout
    assert ws_cli("loci", "diff").exit_code == 2


def test_sensitivity(ws_cli):
    res = ws_cli("loci", "--sensitivity", "--policy", "indeks-gabungan", "--format", "json")
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert len(data["variants"]) == 8 and len(data["units"]) == 136
    assert {"rank_min", "rank_max", "selected_share"} <= set(data["units"][0])
    res = ws_cli("loci", "--sensitivity", "--top", "3")
    assert res.exit_code == 0 and "registry-b" in res.stdout


def test_policy_list_show_check(ws_cli, tmp_path):
    res = ws_cli("policy", "list", "--format", "json")
    assert {r["name"] for r in json.loads(res.stdout)} == {"lampung-barat-2022", "coverage-75", "indeks-gabungan"}
    assert "lampung-barat-2022" in ws_cli("policy", "list", "--format", "csv").stdout
    res = ws_cli("policy", "show", "coverage-75")
    assert res.exit_code == 0 and 'share = 0.75' in res.stdout
    good = tmp_path / "p.toml"
    good.write_text(res.stdout)
    res = ws_cli("policy", "check", good)
    assert res.exit_code == 0 and res.stdout.startswith("OK: coverage-75")
    bad = tmp_path / "bad.toml"
    bad.write_text(ws_cli("policy", "show", "coverage-75").stdout.replace("max_decile = 1", "max_decil = 1"))
    res = ws_cli("--lang", "en", "policy", "check", bad)
    assert res.exit_code == 2
    assert "Unknown key 'max_decil'" in res.stderr and "valid keys: name, type, label, max_decile" in res.stderr


def test_group_options_reach_subcommands(ws_cli):
    res = ws_cli("--lang", "en", "loci", "--policy", "coverage-75", "explain", C)
    assert res.exit_code == 0, res.stderr
    assert "(coverage-75)" in res.stdout and "To enter the selection" in res.stdout


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_district_without_people_is_one_sentence_not_zeros(cli, workspace_path, lang):
    """The trial: `loci --district 31` on a Lampung Barat registry listed Jakarta's villages with 0 people."""
    _seed(workspace_path)
    for args in (("loci", "--district", "31"), ("loci", "--district", "31", "diff", "--policy-b", "coverage-75"),
                 ("gaps", "--region", "31.71"), ("loci", "--district", "18.04.05")):
        res = cli("--lang", lang, *args)
        assert res.exit_code == 2 and "│" not in res.stdout, args
        words = ("tidak memuat seorang warga pun", "snapshot ini mencakup") if lang == "id" else \
            ("has no people in region", "it covers")
        assert all(w in res.stderr for w in words) and len(res.stderr.strip().splitlines()) == 1, res.stderr
    # inside the covered district, the kecamatan it covers are named
    assert "18.04.04 Balik Bukit" in cli("loci", "--district", "18.04.05").stderr
    assert cli("loci", "--district", "18", "--format", "json").exit_code == 0  # the province holds 18.04


def test_loci_marks_the_priority_loci_in_every_format(ws_cli):
    """The founding rule selects all 136 villages; the priority loci are the first 20 (PRIORITY_TOP)."""
    rows = json.loads(ws_cli("loci", "--format", "json").stdout)
    assert all(r["selected"] for r in rows)
    assert [r["priority_locus"] for r in rows] == [True] * 20 + [False] * 116
    csv_rows = list(csv.DictReader(io.StringIO(ws_cli("loci", "--format", "csv", "--top", "21").stdout)))
    assert [r["priority_locus"] for r in csv_rows[19:]] == ["True", "False"]
    table = ws_cli("loci", "--top", "21").stdout
    assert "Lokus prioritas" in table and "Lokus prioritas = ya: 20 unit terpilih teratas" in table
    en = ws_cli("--lang", "en", "loci", "--top", "21").stdout
    assert "Priority locus" in en and "Priority locus = yes: the top 20 selected units by rank" in en
    # a policy selecting fewer than 20: only its selected units are priority loci
    cov = json.loads(ws_cli("loci", "--policy", "coverage-75", "--format", "json", "--top", "3").stdout)
    assert [(r["code"], r["selected"], r["priority_locus"]) for r in cov] == [
        (A, True, True), (B, True, True), (C, False, False)]


def test_loci_workbook_marks_and_explains_the_priority_loci(ws_cli, tmp_path):
    import openpyxl

    out = tmp_path / "r.xlsx"
    assert ws_cli("--lang", "en", "loci", "--out", out, "--top", "1").exit_code == 0
    sheet = openpyxl.load_workbook(out).active
    cells = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Priority locus" in cells
    assert any(str(v).startswith("Priority locus = yes: the top 20 selected units") for v in cells)
