from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.registry.factory import people, with_, write_p3ke


def _bad_file(tmp_path: Path) -> Path:
    ps = people(6)
    bad = [with_(ps[0], nik="1.80404E+15", household="X1"), with_(ps[1], decile="", household="X2"), ps[2]]
    return write_p3ke(tmp_path / "P3KE_2024.csv", ps + bad)


def test_ingest_registry_cli_summary_and_json(tmp_path: Path, cli):
    out = tmp_path / "summary.json"
    res = cli("ingest", "registry", str(_bad_file(tmp_path)), "--summary-json", str(out), "--lang", "en")
    assert res.exit_code == 0, res.stderr
    assert "9 rows read = 6 accepted + 3 quarantined" in res.stdout
    assert "nik_scientific" in res.stdout and "Kubu Perahu" in res.stdout
    assert res.stderr == ""  # no progress bar when stderr is not a terminal
    summary = json.loads(out.read_text())
    assert {k: summary[k] for k in ("rows_read", "accepted", "quarantined", "snapshot")} == {
        "rows_read": 9,
        "accepted": 6,
        "quarantined": 3,
        "snapshot": "p3ke-2024",
    }
    assert summary["reasons"] == {"decile_missing": 1, "duplicate_row": 1, "nik_scientific": 1}
    assert len(summary["sha256"]) == 64

    again = cli("ingest", "registry", str(_bad_file(tmp_path)), "--lang", "en")
    assert again.exit_code == 0 and "nothing changed" in again.stdout

    listing = cli("snapshots", "list", "--format", "json")
    assert [s["name"] for s in json.loads(listing.stdout)] == ["p3ke-2024"]


def test_replacing_a_snapshot_needs_replace_and_says_what_it_held(tmp_path: Path, cli):
    cli("ingest", "registry", str(write_p3ke(tmp_path / "a.csv", people(4))), "--snapshot", "reg")
    b = str(write_p3ke(tmp_path / "b.csv", people(6)))
    refused = cli("ingest", "registry", b, "--snapshot", "reg")
    assert refused.exit_code == 4 and "--replace" in refused.stderr and "a.csv" in refused.stderr
    listing = json.loads(cli("snapshots", "list", "--format", "json").stdout)
    assert [(s["name"], s["rows"]) for s in listing] == [("reg", 4)]  # unchanged
    res = cli("ingest", "registry", b, "--snapshot", "reg", "--replace")
    assert res.exit_code == 0 and "diganti" in res.stdout and "4 baris diterima" in res.stdout
    assert "a.csv" in res.stdout


def test_format_option_and_bad_choice(tmp_path: Path, cli):
    path = write_p3ke(tmp_path / "a.csv", people(4))
    assert cli("ingest", "registry", str(path), "--format", "p3ke", "-s", "x").exit_code == 0
    res = cli("ingest", "registry", str(path), "--format", "excel")
    assert res.exit_code == 2 and "Traceback" not in res.stderr


def test_district_option(tmp_path: Path, cli):
    path = write_p3ke(tmp_path / "a.csv", people(4))
    assert cli("ingest", "registry", str(path), "--district", "18.04", "-s", "x").exit_code == 0
    res = cli("ingest", "registry", str(path), "--district", "99.99", "-s", "y")
    assert res.exit_code == 2 and "99.99" in res.stderr


def test_quarantine_list_and_export(tmp_path: Path, cli):
    cli("ingest", "registry", str(_bad_file(tmp_path)))
    res = cli("quarantine", "list", "--format", "json", "--lang", "en")
    assert res.exit_code == 0, res.stderr
    rows = json.loads(res.stdout)
    assert [r["source_line"] for r in rows] == [8, 9, 10]
    assert rows[0]["reasons"] == "nik_scientific" and rows[0]["nik"] == "1.80404E+15"
    assert "Excel" in rows[0]["messages"]

    table = cli("quarantine", "list", "--snapshot", "p3ke-2024")
    # the table names each reason by its label in the output language; CSV/JSON keep the codes
    assert table.exit_code == 0 and "nik_scientific" not in table.stdout and "NIK rusak" in table.stdout

    exported = cli("quarantine", "export")
    records = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert len(records) == 3 and records[0]["raw:nik"] == "1.80404E+15"
    assert records[1]["raw:desil_kesejahteraan"] == ""

    out = tmp_path / "q.json"
    assert cli("quarantine", "export", "--format", "json", "--out", str(out)).exit_code == 0
    data = json.loads(out.read_text())
    assert data[2]["raw"]["nama"] == people(3)[2].name


@pytest.mark.parametrize(("lang", "label"), [("id", "NIK rusak oleh Excel"), ("en", "NIK mangled by Excel")])
def test_quarantine_export_speaks_the_output_language(tmp_path: Path, cli, lang: str, label: str):
    """A person reads the reasons' labels (never the codes) in the table; CSV and JSON keep the codes in
    ``reasons`` and carry the labels in ``reason_labels``; the snapshot kind is a word, not a code."""
    cli("ingest", "registry", str(_bad_file(tmp_path)))
    table = cli("--lang", lang, "quarantine", "export", "--format", "table")
    assert table.exit_code == 0, table.stderr
    assert label in " ".join(table.stdout.split()) and "nik_scientific" not in table.stdout
    assert ("registri" if lang == "id" else "registry") in table.stdout and "decile_missing" not in table.stdout
    records = list(csv.DictReader(io.StringIO(cli("--lang", lang, "quarantine", "export").stdout)))
    assert records[0]["reasons"] == "nik_scientific" and records[0]["reason_labels"] == label
    rows = json.loads(cli("--lang", lang, "quarantine", "export", "--format", "json").stdout)
    assert rows[0]["reasons"] == "nik_scientific" and rows[0]["reason_labels"] == label
    assert rows[0]["messages"][:1].isupper()  # a sentence standing alone in its cell
    listed = cli("--lang", lang, "quarantine", "list", "--limit", "2")
    assert label in " ".join(listed.stdout.split()) and "nik_scientific" not in listed.stdout
    more = "… dan 1 baris lagi (--limit" if lang == "id" else "… and 1 more row (--limit"
    assert more in listed.stdout and "2/3" not in listed.stdout


def test_quarantine_without_snapshot_is_one_sentence(cli, workspace_path):
    res = cli("quarantine", "list")
    assert res.exit_code == 4 and "Traceback" not in res.stderr


def test_snapshots_diff(tmp_path: Path, cli):
    ps = people(8)
    cli("ingest", "registry", str(write_p3ke(tmp_path / "a.csv", ps[:6])), "-s", "2023")
    newer = ps[1:5] + [with_(ps[5], decile="4"), ps[6], ps[7]]
    newer[0] = with_(newer[0], village="1804052001")
    cli("ingest", "registry", str(write_p3ke(tmp_path / "b.csv", newer)), "-s", "2024")
    res = cli("snapshots", "diff", "2023", "2024", "--format", "json")
    assert res.exit_code == 0, res.stderr
    by_village = {r["village_code"]: r for r in json.loads(res.stdout)}
    assert sum(r["added"] for r in by_village.values()) == 2
    assert sum(r["removed"] for r in by_village.values()) == 1
    assert sum(r["moved_decile"] for r in by_village.values()) == 1
    assert by_village["18.04.05.2001"]["moved_in"] == 1 and by_village["18.04.04.2002"]["moved_out"] == 1
    people_res = cli("snapshots", "diff", "2023", "2024", "--people", "--format", "json")
    changes = sorted(r["change"] for r in json.loads(people_res.stdout))
    assert changes == ["added", "added", "moved_decile", "moved_village", "removed"]
    table = cli("snapshots", "diff", "2023", "2024", "--lang", "en")
    assert "2 people added, 1 removed, 1 changed decile, 1 changed village" in table.stdout
    missing = cli("snapshots", "diff", "2023", "2099")
    assert missing.exit_code == 4 and "2099" in missing.stderr


def test_quarantine_list_when_nothing_was_rejected(tmp_path: Path, cli):
    cli("ingest", "registry", str(write_p3ke(tmp_path / "a.csv", people(2))), "-s", "clean")
    res = cli("quarantine", "list", "--lang", "en")
    assert res.exit_code == 0 and "No quarantined rows for snapshot 'clean'" in res.stdout


def test_memory_limit_option(tmp_path: Path, cli):
    path = write_p3ke(tmp_path / "f.csv", people(4))
    bad = cli("ingest", "registry", str(path), "--memory-limit", "lots", "--lang", "en")
    assert bad.exit_code == 2 and "Traceback" not in bad.stdout + bad.stderr
    assert "--memory-limit" in bad.stdout + bad.stderr and "lots" in bad.stdout + bad.stderr
    ok = cli("ingest", "registry", str(path), "--memory-limit", "200MB", "--snapshot", "s", "--lang", "en")
    assert ok.exit_code == 0 and "4 rows read = 4 accepted + 0 quarantined" in ok.stdout


def test_ingest_summary_rolls_villages_up_across_districts() -> None:
    """One district: its villages (40 largest, the rest summed). Several: per district. Over 40
    districts (a national registry): per province."""
    from lokus.cli.commands_registry import _village_rows
    from lokus.regions import load_regions

    regions = load_regions()
    one = {f"18.04.01.{2000 + i}": i + 1 for i in range(1, 46)}
    rows, _ = _village_rows(one, regions, "id")
    assert len(rows) == 41 and rows[-1]["village_code"] == "…"
    two = {"18.04.01.2001": 5, "18.04.01.2002": 2, "18.01.04.2001": 3}
    rows, cols = _village_rows(two, regions, "id")
    assert [(r["region_code"], r["villages"], r["accepted"]) for r in rows] == [("18.01", 1, 3), ("18.04", 2, 7)]
    assert rows[1]["region_name"] == regions.get("18.04").name
    many = {f"{p}.{d:02d}.01.2001": 1 for p in (11, 12, 18) for d in range(1, 16)}
    rows, _ = _village_rows(many, regions, "id")
    assert [(r["region_code"], r["villages"]) for r in rows] == [("11", 15), ("12", 15), ("18", 15)]


def test_a_family_level_file_says_it_loads_the_heads_only(tmp_path: Path, cli):
    """lokus synth's households.parquet (P3KE Keluarga: nik_kepala_keluarga, one row per family) loads as the
    registry of the heads; the load says so, since every people count is then a family count."""
    from lokus.synth import synthesize

    synthesize("18.04.04", 1_000, tmp_path / "s")
    res = cli("ingest", "registry", tmp_path / "s" / "households.parquet", "--summary-json", tmp_path / "h.json")
    assert res.exit_code == 0, res.stderr
    assert "hanya kepala keluarga yang dimuat" in " ".join(res.stdout.split())
    assert json.loads((tmp_path / "h.json").read_text())["heads_only"] is True
    res = cli("--lang", "en", "ingest", "registry", tmp_path / "s" / "people.parquet", "--snapshot", "ppl")
    assert res.exit_code == 0 and "one row per family" not in res.stdout
