"""Gaps, worklists and personal-data audit computed in the core (lokus.convergence._views).

Personal data is audited whoever asks — a Python caller of the library too — and an export is
audited only once its file exists. The village and office gap views show the new gaps beside the
gaps closed since a meeting; the office view never adds persons to households.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from lokus.convergence import (
    compute_coverage,
    export_worklist,
    families_at_risk,
    gaps_by_office,
    household_gaps,
    list_interventions,
    office_worklist,
    unmatched_recipients,
    village_worklist,
    worklist,
)
from lokus.errors import OutputError
from lokus.privacy import audit_entries
from tests.convergence import fixture


def _actions(ws) -> list[str]:
    return [r["action"] for r in audit_entries(ws, limit=1000).to_pylist()]


def test_python_callers_of_personal_data_are_audited(loaded):
    """The trial: `gaps --by household` and `interventions list` printed NIKs and names without an
    audit row, and a Python caller of the library was never audited."""
    ws = loaded
    cov = compute_coverage(ws, region="all")
    assert _actions(ws) == []
    assert household_gaps(cov).num_rows > 0
    assert office_worklist(cov, "dinsos").num_rows > 0
    village_worklist(cov, "18.04.04.2002")
    families_at_risk(cov)
    unmatched_recipients(ws)
    from lokus.convergence import add_intervention

    add_intervention(ws, program="PKH", delivered_on=date(2024, 6, 1), nik=fixture.BY_NAME["Minah"]["nik"])
    list_interventions(ws)
    actions = _actions(ws)
    for action in ("gaps.household", "worklist.view", "stunting-risk.view", "programs.unmatched",
                   "interventions.list"):
        assert action in actions, action
    entry = audit_entries(ws, limit=1000).to_pylist()[-1]  # oldest first at the end
    assert entry["action"] == "gaps.household" and entry["scope"] == "all" and entry["rows"] > 0


def test_registry_quarantine_and_people_diff_are_audited(loaded, tmp_path):
    from lokus.quarantine import view_quarantine as quarantine_rows
    from lokus.registry import diff_snapshots, ingest_registry

    ws = loaded
    path = fixture.write_registry(tmp_path / "r2.csv")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]) + "123,,HX,X,L,,,18.04.04.2002,1\n", encoding="utf-8")
    ingest_registry(ws, path, snapshot="reg-2", fmt="canonical", today=date(2024, 7, 15))
    assert quarantine_rows(ws, "reg-2")
    diff_snapshots(ws, "reg-2024", "reg-2")
    assert "snapshots.diff" not in _actions(ws)  # counts by village only: no personal data
    diff_snapshots(ws, "reg-2024", "reg-2", people=True)
    assert {"quarantine.list", "snapshots.diff"} <= set(_actions(ws))


def test_export_is_audited_after_the_file_exists_and_not_when_it_fails(loaded, tmp_path):
    cov = compute_coverage(loaded, region="all")
    with pytest.raises(OutputError):
        export_worklist(cov, tmp_path / "missing" / "w.xlsx", office="dinsos")
    assert _actions(loaded) == []
    out = tmp_path / "w.xlsx"
    wl = export_worklist(cov, out, village="18.04.04.2002")
    assert out.exists() and wl.blt is not None
    entry = audit_entries(loaded).to_pylist()[0]
    assert entry["action"] == "worklist.export" and entry["output"] == str(out)
    assert entry["rows"] == wl.table.num_rows + wl.blt.num_rows


def test_village_worklist_csv_and_json_carry_the_blt_candidates(loaded, tmp_path):
    cov = compute_coverage(loaded, region="all")
    wl = worklist(cov, village="18.04.04.2002")
    lists = {r["list"] for r in wl.combined()}
    assert lists == {"worklist", "blt_dd"}
    export_worklist(cov, tmp_path / "w.csv", village="18.04.04.2002")
    rows = list(csv.DictReader((tmp_path / "w.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [r["household_id"] for r in rows if r["list"] == "blt_dd"] == ["H2"]
    export_worklist(cov, tmp_path / "w.json", village="18.04.04.2002")
    assert {r["list"] for r in json.loads((tmp_path / "w.json").read_text())} == {"worklist", "blt_dd"}


def test_office_gaps_split_by_unit(loaded):
    cov = compute_coverage(loaded, region="all")
    offices = {r["office"]: r for r in gaps_by_office(cov).to_pylist()}
    # bpjs runs PBI-JKN (persons): 5 persons missed; dinsos PKH+SEMBAKO (households): 2 households
    assert offices["bpjs"]["gap_persons"] == 5 and offices["bpjs"]["gap_households"] == 0
    assert offices["dinsos"]["gap_households"] == 2 and offices["dinsos"]["gap_persons"] == 0
    assert "gap_units" not in offices["dinsos"]


def test_village_and_office_views_show_new_gaps_since_a_meeting(cli, tmp_path):
    """The trial: `gaps --by village` and `--by office` printed the gaps closed since a meeting
    but not the new gaps the core computes."""
    reg = fixture.write_registry(tmp_path / "reg.csv")
    assert cli("ingest", "registry", reg, "--snapshot", "reg-2024", "--format", "canonical").exit_code == 0
    for code, path in fixture.write_lists(tmp_path).items():
        assert cli("ingest", "programs", path, "--program", code, "--period", "2024-06").exit_code == 0
    assert cli("gaps", "--region", "all", "--save-meeting", "rapat-1").exit_code == 0
    # July's SEMBAKO list no longer has Budi (H1): a new gap in V1, for dinsos
    july = fixture.write_list(tmp_path / "sembako7.csv", ["NIK", "NAMA"], [[fixture.BY_NAME["Joko"]["nik"], "Joko"]])
    res = cli("ingest", "programs", july, "--program", "SEMBAKO", "--period", "2024-07")
    assert res.exit_code == 0, res.stderr
    res = cli("gaps", "--region", "all", "--by", "village", "--format", "json")
    v1 = next(r for r in json.loads(res.stdout) if r["village_code"] == "18.04.04.2002")
    assert v1["gaps_new"] == 1 and v1["gaps_closed"] == 0
    res = cli("gaps", "--region", "all", "--by", "office", "--format", "json")
    offices = {r["office"]: r for r in json.loads(res.stdout)}
    assert offices["dinsos"]["gaps_new"] == 1 and offices["dinsos"]["gaps_closed"] == 0
    res = cli("gaps", "--region", "all", "--by", "village", "--format", "csv")
    assert {"gaps_closed", "gaps_new"} <= set(res.stdout.splitlines()[0].split(","))
    res = cli("gaps", "--region", "all", "--by", "village")
    assert "rapat-1" in res.stdout  # the line under the table names the meeting compared with


def test_gaps_columns_are_documented():
    doc = (Path(__file__).parents[2] / "docs" / "gaps-and-worklists.md").read_text(encoding="utf-8")
    from lokus.convergence import OFFICE_COLUMNS, WORKLIST_COLUMNS

    columns = [*OFFICE_COLUMNS, *WORKLIST_COLUMNS, "eligible_units", "covered_units", "gap_units",
               "inclusion_not_eligible", "inclusion_not_in_registry", "score_coverage", "eligible_pairs",
               "covered_pairs", "gap_pairs", "score_convergence", "gaps_closed", "gaps_new",
               "score_convergence_previous", "score_convergence_change", "covered_blt_dd", "list"]
    missing = [c for c in columns if f"`{c}`" not in doc]
    assert not missing, f"undocumented columns in docs/gaps-and-worklists.md: {missing}"


def test_sources_line_words_the_date_and_the_region_in_the_users_language(loaded):
    from lokus.convergence._views import coverage_sources

    cov = compute_coverage(loaded, region="all")
    line_id, line_en = coverage_sources(cov, "id"), coverage_sources(cov, "en")
    assert "semua desa" in line_id and "every village" in line_en and " all" not in line_id
    assert cov.as_of.isoformat() not in line_id  # "per 31 Agustus 2022", like the table titles
    loci = compute_coverage(loaded)
    if loci.region == "loci":
        assert "lokus prioritas" in coverage_sources(loci, "id")
