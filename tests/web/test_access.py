"""Roles and scope: each account sees exactly its own part; out of scope is the same 404 as missing."""

from __future__ import annotations

import duckdb
import pytest

from tests.web._fixture import MINE, OTHER


def _household_in(app: object, village: str) -> str:
    con = app.state.store.ws().con  # type: ignore[attr-defined]
    return con.execute("SELECT min(household_id) FROM registry WHERE village_code = ?", [village]).fetchone()[0]


def _names(app: object, village: str) -> set[str]:
    con = app.state.store.ws().con  # type: ignore[attr-defined]
    return {r[0] for r in con.execute("SELECT DISTINCT name FROM registry WHERE village_code = ?", [village]).fetchall()}


def test_login_required(app):
    from fastapi.testclient import TestClient

    c = TestClient(app)
    assert c.get("/", follow_redirects=False).status_code == 303
    r = c.get("/api/households")
    assert r.status_code == 401 and r.json()["ok"] is False


def test_village_head_sees_his_pekon_only(app, client_as):
    c = client_as("pera")
    r = c.get(f"/villages/{MINE}")
    assert r.status_code == 200 and "Pampangan" in r.text
    mine = _household_in(app, MINE)
    assert c.get(f"/households/{mine}").status_code == 200
    other = _household_in(app, OTHER)
    out_of_scope = c.get(f"/households/{other}")
    missing = c.get("/households/P3KE000000000000000")
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.text.replace(other, "X") == missing.text.replace("P3KE000000000000000", "X")
    assert c.get(f"/api/households/{other}").json() == c.get("/api/households/P3KE000000000000000").json()
    assert c.get(f"/villages/{OTHER}").status_code == 404
    listing = c.get("/households?q=a").text + c.get("/api/households?offset=0").text
    assert not ({n for n in _names(app, OTHER) - _names(app, MINE)} & set(listing.split()))
    assert c.get(f"/households?village={OTHER}").text.count("/households/P3KE") == 0


def test_roles_without_a_capability_get_404(client_as):
    assert client_as("bidan").get("/households").status_code == 404
    assert client_as("pera").get("/children").status_code == 404
    assert client_as("prov").get("/households").status_code == 404
    assert client_as("prov").get("/worklist").status_code == 404
    assert client_as("dinsos").get("/upload").status_code == 404
    assert client_as("pera").get("/upload").status_code == 404


def test_midwife_sees_her_children_and_chart(app, client_as):
    c = client_as("bidan")
    rows = c.get("/api/children").json()["rows"]
    assert rows and all(r["village_code"] == MINE for r in rows)
    child = rows[0]["child_id"]
    assert c.get(f"/children/{child}").status_code == 200
    chart = c.get(f"/children/{child}/chart.svg")
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in chart.content[:500]
    other = client_as("bidan2").get("/api/children").json()["rows"][0]["child_id"]
    assert c.get(f"/children/{other}").status_code == 404
    assert c.get(f"/children/{other}/chart.svg").status_code == 404


def test_office_worklist_is_its_own(client_as):
    c = client_as("dinsos")
    r = c.get("/api/worklist?office=dinkes").json()
    assert r["kind"] == "office" and r["code"] == "dinsos"
    page = c.get("/worklist")
    assert page.status_code == 200
    # A page is for people: the office and the programs by name (the API and the CSV keep the codes).
    assert "Dinas Sosial" in page.text and ">dinsos<" not in page.text
    missing = {p for r in c.get("/api/worklist?office=dinsos").json()["rows"] for p in r["missing"].split(", ")}
    assert missing <= {"PKH", "SEMBAKO"}  # codes for machines
    if "PKH" in missing:
        assert "Program Keluarga Harapan" in page.text


def test_aggregates_outside_scope_are_suppressed(client_as):
    rows = client_as("pera").get("/api/loci").json()["rows"]
    mine = [r for r in rows if r["code"] == MINE]
    assert mine and mine[0]["decile1_people"] is not None
    # every count shown for other villages is 0 or at least 5
    for r in rows:
        if r["code"] != MINE:
            for key in ("decile1_people", "decile1_households", "residents"):
                assert r[key] is None or r[key] == 0 or r[key] >= 5
    prov = client_as("prov").get("/api/villages").json()["rows"]
    assert prov and all(r["suppressed"] for r in prov)


def test_list_search_export_agree(app, client_as):
    c = client_as("pera")
    total = c.get("/api/households").json()["total"]
    export = c.get("/households/export.csv")
    assert export.status_code == 200
    lines = [line for line in export.text.splitlines() if line.strip()]
    assert len(lines) - 1 == total
    assert all(MINE in line or MINE.replace(".", "") in line for line in lines[1:])


def test_views_write_only_the_audit(app, client_as):
    con = app.state.store.ws().con
    before = con.execute("SELECT count(*) FROM audit_log").fetchone()[0] if _has(con, "audit_log") else 0
    hh = _household_in(app, MINE)
    client_as("pera").get(f"/households/{hh}")
    rows = con.execute("SELECT * FROM audit_log").fetchall()
    assert len(rows) > before
    cols = [d[0] for d in con.execute("SELECT * FROM audit_log LIMIT 0").description]
    last = dict(zip(cols, rows[-1], strict=True))
    assert "pera" in str(last.get("user_name")) + str(last.get("target"))
    assert hh in str(last.get("target"))


def _has(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]).fetchone()[0])


@pytest.mark.parametrize("url", ["/", "/loci", "/villages", f"/villages/{MINE}", "/households", "/worklist"])
def test_pages_render_in_both_languages(client_as, url):
    c = client_as("pera")
    assert c.get(url).status_code == 200
    c.get("/lang/en?next=/")
    try:
        r = c.get(url)
        assert r.status_code == 200 and 'lang="en"' in r.text
    finally:
        c.get("/lang/id?next=/")
