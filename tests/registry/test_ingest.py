from __future__ import annotations

import json
from pathlib import Path

import pytest

from lokus.errors import ConfigError, SchemaError
from tests.registry.factory import P3KE_HEADERS, people, with_, write_p3ke


def _quarantine(ws, snapshot: str) -> list[tuple[int, list[str], dict]]:
    rows = ws.con.execute(
        "SELECT source_line, reasons, raw FROM quarantine WHERE snapshot = ? ORDER BY source_line",
        [snapshot],
    ).fetchall()
    return [(line, reasons, json.loads(raw)) for line, reasons, raw in rows]


def test_demo_layout_loads_with_zero_rejections(tmp_path: Path, ws, ingest):
    path = write_p3ke(tmp_path / "p3ke_individu_2024.csv", people(20))
    s = ingest(path)
    assert (s.rows_read, s.accepted, s.quarantined) == (20, 20, 0)
    assert s.format == "p3ke" and s.snapshot == "p3ke-2024" and not s.unchanged
    assert s.warnings == {}
    row = ws.con.execute(
        "SELECT nik, kk, household_id, village_code, decile, sex, birth_date, relationship, receives_pkh, "
        "stunting_risk, source_line, extra->>'status_kawin' FROM registry ORDER BY source_line LIMIT 1"
    ).fetchone()
    assert row[0] == "1804040101700001" and row[1].startswith("180404")
    assert row[2] == "P3KE1000" and row[3] == "18.04.04.2002" and row[4] == 1 and row[5] == "L"
    assert str(row[6]) == "1970-01-01" and row[7] == "Kepala Keluarga"
    assert row[8] is False and row[9] is False and row[10] == 2 and row[11] == "Kawin"
    assert sum(s.by_village.values()) == 20 and set(s.by_village) >= {"18.04.04.2002"}
    snap = ws.snapshot("p3ke-2024")
    assert (snap.kind, snap.rows_read, snap.rows, snap.quarantined) == ("registry", 20, 20, 0)


@pytest.mark.parametrize("fmt", ["p3ke", "auto"])
def test_explicit_and_auto_format(tmp_path: Path, ingest, fmt):
    s = ingest(write_p3ke(tmp_path / "f.csv", people(4)), fmt=fmt, snapshot="x")
    assert s.accepted == 4 and s.format == "p3ke"


def test_bad_rows_each_get_a_reason(tmp_path: Path, ws, ingest):
    ps = people(8)
    bad = [
        with_(ps[0], nik="1.80404E+15", household="H-sci"),
        with_(ps[1], village="9999999999", household="H-vil"),
        with_(ps[2], decile="", household="H-dec"),
        ps[3],  # exact duplicate of an accepted row
    ]
    s = ingest(write_p3ke(tmp_path / "p3ke.csv", ps + bad), snapshot="s")
    assert s.rows_read == 12 and s.accepted == 8 and s.quarantined == 4
    assert s.reasons == {"nik_scientific": 1, "village_unknown": 1, "decile_missing": 1, "duplicate_row": 1}
    q = _quarantine(ws, "s")
    assert [line for line, _, _ in q] == [10, 11, 12, 13]
    assert q[0][1] == ["nik_scientific"] and q[0][2]["nik"] == "1.80404E+15"
    assert q[3][2]["nama"] == ps[3].name


def test_same_nik_in_two_households_holds_both(tmp_path: Path, ws, ingest):
    ps = people(4)
    moved = with_(ps[3], household="OTHER", name="Someone else")
    s = ingest(write_p3ke(tmp_path / "f.csv", ps + [moved]), snapshot="s")
    assert s.reasons == {"nik_multiple_households": 2}
    assert s.accepted == 3 and s.quarantined == 2


def test_same_nik_twice_in_household(tmp_path: Path, ingest):
    ps = people(4)
    again = with_(ps[3], name="Typo Name")
    s = ingest(write_p3ke(tmp_path / "f.csv", ps + [again]), snapshot="s")
    assert s.reasons == {"nik_duplicate": 1} and s.accepted == 4


def test_soft_checks_are_warnings(tmp_path: Path, ws, ingest):
    ps = people(4)
    odd = [with_(ps[0], birth="02-01-1970", sex="Perempuan", nik=ps[0].nik[:-4] + "0099")]
    s = ingest(write_p3ke(tmp_path / "f.csv", ps[1:] + odd), snapshot="s")
    assert s.quarantined == 0
    assert s.warnings == {"nik_birthdate_mismatch": 1, "nik_sex_mismatch": 1}


def test_district_filter(tmp_path: Path, ingest):
    ps = people(4)
    outside = [with_(ps[0], village="1801042001", nik=ps[0].nik[:-4] + "0777", household="X")]
    s = ingest(write_p3ke(tmp_path / "f.csv", ps + outside), snapshot="s", district="1804")
    assert s.reasons == {"village_outside_district": 1}


def test_reingest_same_file_is_unchanged(tmp_path: Path, ws, ingest):
    path = write_p3ke(tmp_path / "p3ke_2023.csv", people(6))
    first = ingest(path)
    second = ingest(path)
    assert second.unchanged and second.snapshot == first.snapshot == "p3ke-2023"
    assert (second.rows_read, second.accepted) == (6, 6)
    assert ws.con.execute("SELECT count(*) FROM registry").fetchone()[0] == 6


def test_same_file_without_district_is_recognised(tmp_path: Path, ws, ingest):
    """The trial: the same file loaded again without --district "differed" from the snapshot. Its content
    decides: with no row outside the earlier --district it is unchanged; otherwise the sentence says what
    differs (the district, the rows outside it) and how to keep either."""
    from lokus.workspace import SameFileOtherDistrictError

    path = write_p3ke(tmp_path / "p3ke_2023.csv", people(8))  # villages in 18.04.04 and 18.04.05
    ingest(path, snapshot="all", district="18.04")
    again = ingest(path, snapshot="all")
    assert again.unchanged and again.accepted == 8
    assert ingest(path, snapshot="all", district="1804").unchanged  # the same district, spelled otherwise

    first = ingest(path, snapshot="part", district="18.04.04")
    assert first.accepted == 6 and first.reasons == {"village_outside_district": 2}
    with pytest.raises(SameFileOtherDistrictError) as err:
        ingest(path, snapshot="part")
    en = err.value.message("en")
    assert "already holds this very file" in en and "loaded with --district 18.04.04" in en
    assert "(rows quarantined as outside that region: 2)" in en and "--replace to load it without --district" in en
    assert "sudah berisi berkas yang sama" in err.value.message("id")
    assert ingest(path, snapshot="part", district="18.04.04").unchanged
    assert ingest(path, snapshot="part", replace=True).accepted == 8


def test_same_file_with_a_narrower_district_is_unchanged_when_no_row_lies_outside(tmp_path: Path, ws, ingest):
    """The trial: the file a snapshot holds, loaded again with --district X (first without, or with a wider
    one), was refused although every row lay inside X. Refused only when some row would move: an accepted
    row outside X, or a quarantined one whose village code lies outside X (its reasons would change)."""
    from lokus.workspace import SameFileOtherDistrictError

    inside = write_p3ke(tmp_path / "dalam.csv", people(4))  # villages in 18.04.04 only
    ingest(inside, snapshot="all")
    assert ingest(inside, snapshot="all", district="18.04.04").unchanged
    assert ingest(inside, snapshot="all", district="18.04").unchanged
    ingest(inside, snapshot="wide", district="18.04")
    assert ingest(inside, snapshot="wide", district="18.04.04").unchanged
    assert ws.snapshot("all").rows == ws.snapshot("wide").rows == 4

    ps = people(8)  # persons 4 and 5 live in 18.04.05; person 4's decile is quarantined
    both = write_p3ke(tmp_path / "dua.csv", [with_(p, decile="11") if i == 4 else p for i, p in enumerate(ps)])
    first = ingest(both, snapshot="both")
    assert (first.accepted, first.quarantined) == (7, 1)
    with pytest.raises(SameFileOtherDistrictError) as err:
        ingest(both, snapshot="both", district="18.04.04")
    en = err.value.message("en")
    assert "already holds this very file" in en and "loaded without --district" in en
    assert "--replace to load it with --district 18.04.04 (rows that would be quarantined as outside that region: 2)" in en
    assert "(baris yang akan dikarantina karena di luar wilayah itu: 2)" in err.value.message("id")
    assert ingest(both, snapshot="both", district="18.04.04", replace=True).accepted == 6


def test_other_file_replaces_snapshot_only_with_replace(tmp_path: Path, ws, ingest):
    from lokus.errors import WorkspaceError

    ingest(write_p3ke(tmp_path / "a.csv", people(6)), snapshot="reg")
    with pytest.raises(WorkspaceError) as err:
        ingest(write_p3ke(tmp_path / "b.csv", people(4)), snapshot="reg")
    assert "--replace" in err.value.message("en") and "6 rows accepted" in err.value.message("en")
    assert ws.snapshot("reg").rows == 6
    s = ingest(write_p3ke(tmp_path / "b.csv", people(4)), snapshot="reg", replace=True)
    assert s.replaced and not s.unchanged and s.accepted == 4
    assert s.previous is not None and s.previous.rows == 6 and s.previous.source_file.endswith("a.csv")
    assert ws.con.execute("SELECT count(*) FROM registry WHERE snapshot = 'reg'").fetchone()[0] == 4
    assert [x.name for x in ws.snapshots("registry")] == ["reg"]


def test_missing_required_columns_one_message(tmp_path: Path, ingest):
    path = tmp_path / "f.csv"
    path.write_text("nik,nama,kode_kemdagri_desa,desil_kesejahtraan\n1804040101700001,A,1804042002,1\n")
    with pytest.raises(SchemaError) as err:
        ingest(path)
    msg = err.value.message("en")
    assert "household_id" in msg and "village_code" in msg and "decile" in msg
    assert "desil_kesejahtraan" in msg and "kode_kemdagri_desa" in msg


def test_bad_options(tmp_path: Path, ingest):
    path = write_p3ke(tmp_path / "f.csv", people(2))
    with pytest.raises(ConfigError):
        ingest(path, fmt="excel")
    with pytest.raises(ConfigError):
        ingest(path, snapshot="bad name!")


def test_headers_documented_here_match_factory():
    assert len(P3KE_HEADERS) == 36


def test_progress_callback_and_default_name_with_date(tmp_path: Path, ingest):
    seen: list[tuple[str, float | None]] = []
    s = ingest(write_p3ke(tmp_path / "export.csv", people(4)), progress=lambda st, f: seen.append((st, f)))
    assert s.snapshot == "p3ke-2026-11-27"
    stages = [st for st, _ in seen]
    assert stages[0] == "read" and stages[-1] == "done" and {"validate", "write"} <= set(stages)
    assert all(f is None or 0.0 <= f <= 1.0 for _, f in seen)


def test_core_api_summary_fields(tmp_path: Path, ingest):
    s = ingest(write_p3ke(tmp_path / "a.csv", people(2)), snapshot="s")
    doc = s.summary_json()
    assert {"rows_read", "accepted", "quarantined", "reasons", "snapshot", "sha256"} <= set(doc)
    assert s.unchanged is False and s.by_village and s.sha256 == doc["sha256"]
