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


def _reason_cells(page: str) -> list[str]:
    import re

    body = page.split('<table class="quarantine">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<td class="num">\d*</td><td>([^<]*)</td>', body)


def test_the_quarantine_report_is_in_the_language_of_whoever_reads_it(fresh_app, web_fixture):
    """The job keeps reason codes; each reader sees the sentences in their own language, whichever
    language the upload was started in (an English reader got Indonesian sentences)."""
    from lokus.quarantine import reason_message

    c = TestClient(fresh_app)
    login(c, "ana")
    c.cookies.set("lokus_lang", "en")
    token = csrf_of(c.get("/upload").text)
    lines = (web_fixture.out_dir / "p3ke.csv").read_bytes().splitlines(keepends=True)
    r = c.post("/upload", files={"file": ("p3ke_baru.csv", b"".join(lines[:3000]), "text/csv")},
               data={"kind": "registry", "snapshot": "p3ke-en", "csrf": token}, follow_redirects=False)
    en_page = _wait(c, r.headers["location"])
    codes = {row[0] for row in fresh_app.state.store.ws().con.execute(
        "SELECT DISTINCT unnest(reasons) FROM quarantine WHERE snapshot = 'p3ke-en'").fetchall()}
    assert codes and "Quarantine report" in en_page
    en_cells, sentences = _reason_cells(en_page), {}
    for lang in ("en", "id"):
        sentences[lang] = {reason_message(code, "registry", lang) for code in codes}
    assert en_cells and all(cell for cell in en_cells)
    import html

    en_text = html.unescape(" ".join(en_cells)).lower()
    assert all(s.lower() in en_text for s in sentences["en"] if "{" not in s)
    assert not any(s.lower() in en_text for s in sentences["id"] - sentences["en"] if "{" not in s)
    # the same job read in Indonesian: Indonesian sentences
    c.cookies.set("lokus_lang", "id")
    id_text = html.unescape(" ".join(_reason_cells(_wait(c, r.headers["location"])))).lower()
    assert all(s.lower() in id_text for s in sentences["id"] if "{" not in s)
    assert not any(s.lower() in id_text for s in sentences["en"] - sentences["id"] if "{" not in s)


def test_upload_of_a_file_that_is_not_a_table_says_one_sentence(fresh_app, tmp_path):
    c = TestClient(fresh_app)
    login(c, "ana")
    token = csrf_of(c.get("/upload").text)
    r = c.post("/upload", files={"file": ("x.csv", b"\x00\x01\x02garbage", "text/csv")},
               data={"kind": "registry", "csrf": token}, follow_redirects=False)
    page = _wait(c, r.headers["location"])
    assert 'class="alert"' in page and "Traceback" not in page
