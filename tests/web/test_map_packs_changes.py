"""The overview map, the meeting-pack downloads and a village's changes since the last meeting."""

from __future__ import annotations

import json
from pathlib import Path

from tests.web._fixture import MINE, OTHER

STEM = "rakor-18.04-2026-11-30"


def _audit_actions(app: object) -> list[str]:
    from lokus.privacy import audit_entries

    return [r["action"] for r in audit_entries(app.state.store.ws(), limit=1000).to_pylist()]  # type: ignore[attr-defined]


def _write_pack(folder: Path, pseudonymised: bool = False) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{STEM}.pdf").write_bytes(b"%PDF-1.7 synthetic")
    (folder / f"{STEM}.xlsx").write_bytes(b"PK synthetic")
    (folder / f"{STEM}-peta-loci.png").write_bytes(b"\x89PNG synthetic")
    (folder / "notes.txt").write_text("not a pack file")
    (folder / "manifest.json").write_text(json.dumps({"district": "18.04", "meeting_date": "2026-11-30",
                                                      "pseudonymised": pseudonymised}))


def test_overview_shows_the_district_map(client_as):
    for user in ("admin", "pera"):  # ranks only, no counts: the same map for every role
        c = client_as(user)
        page = c.get("/")
        assert page.status_code == 200 and 'src="/map.png?lang=id"' in page.text
        png = c.get("/map.png")
        assert png.status_code == 200 and png.headers["content-type"] == "image/png"
        assert png.content.startswith(b"\x89PNG")
    assert client_as("admin").get("/map.png").content == client_as("pera").get("/map.png").content  # cached


def test_map_needs_login(app):
    from fastapi.testclient import TestClient

    assert TestClient(app).get("/map.png", follow_redirects=False).status_code == 303


def test_packs_page_lists_and_serves_packs(app, client_as):
    packs_dir: Path = app.state.packs_dir
    _write_pack(packs_dir / "2026-11")
    c = client_as("admin")
    page = c.get("/packs")
    assert page.status_code == 200
    assert f"/packs/file/2026-11/{STEM}.pdf" in page.text and "notes.txt" not in page.text
    before = _audit_actions(app).count("web.pack.export")
    pdf = c.get(f"/packs/file/2026-11/{STEM}.pdf")
    assert pdf.status_code == 200 and pdf.content == b"%PDF-1.7 synthetic"
    assert pdf.headers["content-type"] == "application/pdf" and "attachment" in pdf.headers["content-disposition"]
    assert _audit_actions(app).count("web.pack.export") == before + 1  # names: audited
    assert c.get(f"/packs/file/2026-11/{STEM}-peta-loci.png").status_code == 200
    assert _audit_actions(app).count("web.pack.export") == before + 1  # a map of ranks: not personal
    assert c.get("/packs/file/2026-11/notes.txt").status_code == 404
    assert c.get("/packs/file/../ws.duckdb").status_code == 404
    assert c.get("/packs/file/2026-11/../../ws.duckdb").status_code == 404


def test_village_head_and_province_cannot_download_names(app, client_as):
    _write_pack(app.state.packs_dir / "2026-11")
    pera = client_as("pera")
    assert pera.get("/packs").status_code == 404
    assert pera.get(f"/packs/file/2026-11/{STEM}.pdf").status_code == 404
    assert pera.get(f"/packs/file/2026-11/{STEM}-peta-loci.png").status_code == 404
    prov = client_as("prov")  # aggregates only: the maps, not the brief or workbook with names
    page = prov.get("/packs")
    assert page.status_code == 200 and f"{STEM}-peta-loci.png" in page.text and f"{STEM}.pdf" not in page.text
    assert prov.get(f"/packs/file/2026-11/{STEM}.pdf").status_code == 404
    assert prov.get(f"/packs/file/2026-11/{STEM}-peta-loci.png").status_code == 200


def test_packs_page_without_packs(fresh_app):
    from fastapi.testclient import TestClient

    from tests.web.conftest import login

    c = TestClient(fresh_app)
    login(c, "ana")
    page = c.get("/packs")
    assert page.status_code == 200 and "lokus pack --out" in page.text


def test_village_changes_since_the_last_meeting(fresh_app):
    from fastapi.testclient import TestClient

    from lokus.convergence import save_meeting
    from lokus.convergence._tracking import GAPS_TABLE
    from tests.web.conftest import login

    pera = TestClient(fresh_app)
    login(pera, "pera")
    page = pera.get(f"/villages/{MINE}")
    assert "Belum ada rapat yang disimpan." in page.text
    assert pera.get(f"/api/villages/{MINE}").json()["changes"] is None

    store = fresh_app.state.store  # type: ignore[attr-defined]
    store.with_coverage(lambda cov: save_meeting(store.ws(), cov, "rakor-2026-08"))
    con = store.ws().con
    hid = con.execute("SELECT min(household_id) FROM registry WHERE village_code = ?", [MINE]).fetchone()[0]
    # one gap of the meeting that no longer exists (closed), one current gap the meeting did not have (new)
    con.execute(f"INSERT INTO {GAPS_TABLE} VALUES ('rakor-2026-08', ?, ?, 'NO_SUCH_PROGRAM', 'dinsos')", [hid, MINE])
    con.execute(f"""DELETE FROM {GAPS_TABLE} WHERE rowid = (SELECT min(rowid) FROM {GAPS_TABLE}
                    WHERE village_code = ? AND program <> 'NO_SUCH_PROGRAM')""", [MINE])
    store.bump()
    changes = pera.get(f"/api/villages/{MINE}").json()["changes"]
    assert changes["meeting"] == "rakor-2026-08"
    assert changes["row"]["gaps_closed"] == 1 and changes["row"]["gaps_new"] == 1
    page = pera.get(f"/villages/{MINE}")
    assert "rakor-2026-08" in page.text and "Kesenjangan tertutup" in page.text
    assert pera.get(f"/villages/{OTHER}").status_code == 404  # another pekon's changes: the same 404
    assert pera.get(f"/api/villages/{OTHER}").status_code == 404
    prov = TestClient(fresh_app)
    login(prov, "prov")
    row = prov.get(f"/api/villages/{MINE}").json()["changes"]["row"]
    assert row["gaps_closed"] is None and row["gaps_new"] is None  # small cells outside detail
