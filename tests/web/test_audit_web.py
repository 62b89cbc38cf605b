"""What the web app writes to the audit log: its own account, the people shown, never a clear identifier
in the hash chain — and who may take the meeting pack's files with names."""

from __future__ import annotations

from pathlib import Path

from tests.web._fixture import MINE
from tests.web.test_map_packs_changes import STEM, _write_pack


def _rows_since(app: object, seq: int) -> list[dict]:
    from lokus.privacy import audit_entries

    rows = audit_entries(app.state.store.ws(), limit=None).to_pylist()  # type: ignore[attr-defined]
    return [r for r in rows if r["seq"] > seq]


def _last_seq(app: object) -> int:
    from lokus.privacy import audit_entries

    rows = audit_entries(app.state.store.ws(), limit=1).to_pylist()  # type: ignore[attr-defined]
    return rows[0]["seq"] if rows else 0


def test_a_searched_nik_stays_out_of_the_chain_and_is_found_by_subject_access(fresh_app):
    from fastapi.testclient import TestClient

    from lokus.privacy import entries_touching
    from tests.web.conftest import login

    con = fresh_app.state.store.ws().con  # type: ignore[attr-defined]
    nik, name = con.execute("SELECT nik, name FROM registry WHERE village_code = ? AND nik IS NOT NULL "
                            "ORDER BY nik LIMIT 1", [MINE]).fetchone()
    c = TestClient(fresh_app)
    login(c, "pera")
    seq = _last_seq(fresh_app)
    spaced = f"{nik[:6]}.{nik[6:12]}.{nik[12:]}"  # typed with dots: still that NIK
    assert c.get(f"/households?q={spaced}").status_code == 200
    assert c.get("/api/households", params={"q": name}).status_code == 200
    rows = _rows_since(fresh_app, seq)
    assert rows and all(r["user_name"] == "pera" for r in rows)
    for r in rows:  # neither the NIK nor the name typed is in the chained row
        assert nik not in str(r) and name not in str(r), r
    assert [r["target"] for r in rows] == ["households search", "households search"]
    touching = entries_touching(fresh_app.state.store.ws(), nik).to_pylist()  # type: ignore[attr-defined]
    assert any(r["seq"] == rows[-1]["seq"] or r["seq"] == rows[0]["seq"] for r in touching)


def test_worklist_views_are_audited_for_the_web_account_only(fresh_app):
    from fastapi.testclient import TestClient

    from tests.web.conftest import login

    for user, url in (("pera", "/worklist"), ("dinsos", "/worklist/export.csv")):
        c = TestClient(fresh_app)
        login(c, user)
        seq = _last_seq(fresh_app)
        assert c.get(url).status_code == 200
        rows = _rows_since(fresh_app, seq)
        assert rows and {r["user_name"] for r in rows} == {user}, rows  # no row for the server's OS account


def test_office_gets_the_maps_not_the_files_with_names(app, client_as):
    _write_pack(app.state.packs_dir / "2026-11")  # type: ignore[attr-defined]
    office = client_as("dinsos")
    page = office.get("/packs")
    assert page.status_code == 200 and f"{STEM}-peta-loci.png" in page.text
    assert f"{STEM}.pdf" not in page.text and f"{STEM}.xlsx" not in page.text
    assert office.get(f"/packs/file/2026-11/{STEM}.pdf").status_code == 404
    assert office.get(f"/packs/file/2026-11/{STEM}.xlsx").status_code == 404
    assert office.get(f"/packs/file/2026-11/{STEM}-peta-loci.png").status_code == 200


def test_a_pack_download_names_the_people_the_pack_recorded(fresh_app):
    from fastapi.testclient import TestClient

    from lokus.privacy import audit, entries_touching
    from tests.web.conftest import login

    folder: Path = fresh_app.state.packs_dir / "2026-11"  # type: ignore[attr-defined]
    _write_pack(folder)
    ws = fresh_app.state.store.ws()  # type: ignore[attr-defined]
    people = ["1804080101900001", "1804080101900002"]
    audit(ws, "pack.export", target="pack:18.04", rows=2, scope="18.04",
          output=f"{folder / (STEM + '.pdf')}, {folder / (STEM + '.xlsx')}", records=people)
    c = TestClient(fresh_app)
    login(c, "admin")
    seq = _last_seq(fresh_app)
    assert c.get(f"/packs/file/2026-11/{STEM}.xlsx").status_code == 200
    (row,) = _rows_since(fresh_app, seq)
    assert (row["action"], row["user_name"], row["rows"]) == ("web.pack.export", "admin", 2)
    for nik in people:  # subject access lists the download
        assert row["seq"] in [r["seq"] for r in entries_touching(ws, nik).to_pylist()]


def _detail(app: object, seq: int) -> list[str]:
    con = app.state.store.ws().con  # type: ignore[attr-defined]
    return [r[0] for r in con.execute("SELECT record FROM audit_detail WHERE seq = ? ORDER BY rowid", [seq]).fetchall()]


def test_refused_requests_are_audited_without_what_was_typed(fresh_app):
    """Out of scope or not for the role: the same 404 as a missing object, and a row saying who asked for
    what; the people the refused object names are in audit_detail only (subject access finds them)."""
    from fastapi.testclient import TestClient

    from lokus.privacy import entries_touching, verify_chain
    from tests.web._fixture import OTHER
    from tests.web.conftest import login
    from tests.web.test_access import _household_in

    ws = fresh_app.state.store.ws()  # type: ignore[attr-defined]
    other = _household_in(fresh_app, OTHER)
    nik = ws.con.execute("SELECT min(nik) FROM registry WHERE village_code = ?", [OTHER]).fetchone()[0]
    child = next(iter(c for c in fresh_app.state.store._children_index().values()  # type: ignore[attr-defined]
                      if c["village_code"] == OTHER and c["nik"]))
    _write_pack(fresh_app.state.packs_dir / "2026-11")  # type: ignore[attr-defined]
    expected = []
    for user, url, status, action, target in (
        ("pera", f"/households?village={OTHER}", 200, "web.households.denied_scope", f"households village:{OTHER}"),
        ("pera", f"/api/households?village={OTHER}", 200, "api.households.denied_scope", f"households village:{OTHER}"),
        ("pera", f"/households/{other}", 404, "web.household.denied_scope", "household"),
        ("pera", f"/api/households/{other}", 404, "api.household.denied_scope", "household"),
        ("pera", f"/households?q={nik}", 200, "web.households.denied_scope", "households search"),
        ("pera", f"/villages/{OTHER}", 404, "web.village.denied_scope", f"village:{OTHER}"),
        ("bidan", f"/children/{child['child_id']}", 404, "web.child.denied_scope", "child"),
        ("bidan", f"/children?village={OTHER}", 200, "web.children.denied_scope", f"children village:{OTHER}"),
        ("bidan", "/households", 404, "web.households.denied_role", "/households"),
        ("prov", "/api/households/x", 404, "api.household.denied_role", "/api/households/{household_id}"),
        ("admin", f"/worklist?village={OTHER}", 200, None, None),  # in his scope: no refusal
        ("dinsos", f"/packs/file/2026-11/{STEM}.pdf", 404, "web.pack.denied_role", f"pack:2026-11/{STEM}.pdf"),
        ("pera", "/households/P3KE000000000000000", 404, None, None),  # missing, not refused
    ):
        c = TestClient(fresh_app)
        login(c, user)
        seq = _last_seq(fresh_app)
        assert c.get(url).status_code == status, url
        rows = [r for r in _rows_since(fresh_app, seq) if r["action"].endswith((".denied_scope", ".denied_role"))]
        if action is None:
            assert not rows, (url, rows)
            continue
        assert [(r["user_name"], r["action"], r["target"], r["rows"]) for r in rows] == [(user, action, target, 0)], url
        assert nik not in str(rows) and other not in str(rows), rows  # nothing typed in the chain
        expected.append(rows[0]["seq"])
    by_target = {r["target"]: r for r in _rows_since(fresh_app, 0) if r["seq"] in expected}
    members = [r[0] for r in ws.con.execute("SELECT nik FROM registry WHERE household_id = ? AND nik IS NOT NULL "
                                            "ORDER BY source_line", [other]).fetchall()]
    assert members and _detail(fresh_app, by_target["household"]["seq"]) == [other, *members]
    assert _detail(fresh_app, by_target["households search"]["seq"]) == [nik]
    assert by_target["households search"]["seq"] in [r["seq"] for r in entries_touching(ws, nik).to_pylist()]
    assert _detail(fresh_app, by_target["child"]["seq"]) == [child["nik"]]
    assert verify_chain(ws).ok
