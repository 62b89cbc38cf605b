"""Upload in the browser's way (multipart + job polling): summary and quarantine report."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from tests.web.conftest import csrf_of, login


def _wait(c: TestClient, job_url: str) -> str:
    for _ in range(600):
        r = c.get(job_url, headers={"hx-request": "true"})
        assert r.status_code == 200
        if "hx-trigger" not in r.text:
            return r.text
        time.sleep(0.1)
    raise AssertionError("upload did not finish")


def test_analyst_uploads_a_registry_and_sees_the_quarantine_report(fresh_app, web_fixture):
    c = TestClient(fresh_app)
    login(c, "ana")
    token = csrf_of(c.get("/upload").text)
    lines = (web_fixture.out_dir / "p3ke.csv").read_bytes().splitlines(keepends=True)
    data = b"".join(lines[:3000])  # under the 2 MB limit of fresh_app, with some quarantined rows
    r = c.post("/upload", files={"file": ("p3ke_baru.csv", data, "text/csv")},
               data={"kind": "registry", "snapshot": "p3ke-web", "csrf": token}, follow_redirects=False)
    assert r.status_code == 303
    page = _wait(c, r.headers["location"])
    assert "p3ke-web" in page and "Laporan karantina" in page
    assert "dikarantina" in page
    con = fresh_app.state.store.ws().con
    read, rows, quarantined = con.execute(
        "SELECT rows_read, rows, quarantined FROM snapshots WHERE name = 'p3ke-web'").fetchone()
    assert read == rows + quarantined and quarantined > 0
    # another user cannot see the job
    other = TestClient(fresh_app)
    login(other, "admin")
    assert other.get(r.headers["location"]).status_code == 404


def test_upload_of_a_file_that_is_not_a_table_says_one_sentence(fresh_app, tmp_path):
    c = TestClient(fresh_app)
    login(c, "ana")
    token = csrf_of(c.get("/upload").text)
    r = c.post("/upload", files={"file": ("x.csv", b"\x00\x01\x02garbage", "text/csv")},
               data={"kind": "registry", "csrf": token}, follow_redirects=False)
    page = _wait(c, r.headers["location"])
    assert 'class="alert"' in page and "Traceback" not in page
