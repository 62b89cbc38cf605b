"""Browser acceptance with Playwright driving Debian's chromium (installed by .ci/run; never
`playwright install`). Screenshots of the main pages go to $LOKUS_WEB_SCREENSHOTS when set
(docs/web/ in the repository), else to a temporary folder."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web._fixture import MINE, OTHER, PASSWORDS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (bash .ci/run)"),
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(web_fixture, tmp_path_factory) -> Iterator[str]:
    import uvicorn

    from lokus.web import create_app

    path = tmp_path_factory.mktemp("browser") / "ws.duckdb"
    shutil.copy(web_fixture.workspace, path)
    _synthetic_pack(path.parent / "rakor" / "2026-11")
    app = create_app(path)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    app.state.store.ranking()  # warm the caches the pages share
    app.state.store.village_programs()
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=60)  # the server's requests end before its workspace closes (a slow VM needs more than 10 s)
    app.state.store.close()


def _synthetic_pack(folder: Path) -> None:
    """Files named as ``lokus pack`` names them (the page lists files; their content is not read)."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    stem = "rakor-18.04-2026-11-30"
    for suffix, size in ((".pdf", 412_000), (".xlsx", 96_000), ("-peta-loci.png", 180_000),
                         ("-peta-loci.svg", 820_000), ("-peta-desil1.png", 175_000), ("-peta-stunting.png", 170_000)):
        (folder / f"{stem}{suffix}").write_bytes(b"%synthetic\n" + b"0" * size)
    (folder / "manifest.json").write_text(json.dumps({"district": "18.04", "meeting_date": "2026-11-30"}))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    target = os.environ.get("LOKUS_WEB_SCREENSHOTS")
    path = Path(target) if target else tmp_path_factory.mktemp("shots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _login(page, base: str, user: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORDS[user])
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def _shoot(page, shots: Path, name: str) -> None:
    height = min(int(page.evaluate("() => document.documentElement.scrollHeight")), 2400)
    width = int(page.viewport_size["width"]) if page.viewport_size else 1280
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True,
                    clip={"x": 0, "y": 0, "width": width, "height": height})
    assert (shots / f"{name}.png").stat().st_size > 5000


def _household_of(server_app_path: Path, village: str) -> str:
    import duckdb

    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{server_app_path}' AS w (READ_ONLY)")
    hh = con.execute("SELECT min(household_id) FROM w.registry WHERE village_code = ?", [village]).fetchone()[0]
    con.close()
    return str(hh)


def test_village_head_sees_his_pekon_and_not_another(server, browser, web_fixture, shots):
    other_hh = _household_of(web_fixture.workspace, OTHER)
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        ctx = browser.new_context(viewport=viewport)
        page = ctx.new_page()
        errors: list[str] = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        _login(page, server, "pera")
        assert "Ringkasan" in page.content()
        _shoot(page, shots, f"overview-village-head-{label}")
        page.goto(f"{server}/villages/{MINE}")
        assert "Pampangan" in page.content()
        _shoot(page, shots, f"village-{label}")
        page.goto(f"{server}/households")
        assert page.locator("table tbody tr").count() > 10
        _shoot(page, shots, f"households-{label}")
        page.locator("table tbody tr a").first.click()
        page.wait_for_selector("h1")
        _shoot(page, shots, f"household-{label}")
        response = page.goto(f"{server}/households/{other_hh}")
        assert response is not None and response.status == 404
        assert other_hh not in page.locator("main").inner_text()
        page.goto(f"{server}/loci")
        page.locator("button", has_text="Mengapa?").first.click()
        page.wait_for_selector("ul.explain")
        _shoot(page, shots, f"loci-{label}")
        page.goto(f"{server}/worklist")
        _shoot(page, shots, f"worklist-village-{label}")
        page.goto(f"{server}/lang/en?next=/villages/{MINE}")
        assert "Decile structure" in page.content()
        _shoot(page, shots, f"village-en-{label}")
        assert not [e for e in errors if "Content Security Policy" in e], errors
        ctx.close()


def test_midwife_sees_her_childs_growth_chart(server, browser, shots):
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        ctx = browser.new_context(viewport=viewport)
        page = ctx.new_page()
        _login(page, server, "bidan")
        page.goto(f"{server}/children")
        _shoot(page, shots, f"children-{label}")
        page.locator("table tbody tr a").first.click()
        img = page.locator("figure.chart img")
        img.wait_for()
        page.wait_for_function("() => document.querySelector('figure.chart img').naturalWidth > 0")
        assert page.evaluate("() => document.querySelector('figure.chart img').naturalWidth") > 100
        _shoot(page, shots, f"child-chart-{label}")
        ctx.close()


def test_analyst_uploads_a_file_and_sees_the_quarantine_report(server, browser, web_fixture, shots, tmp_path):
    lines = (web_fixture.out_dir / "p3ke.csv").read_bytes().splitlines(keepends=True)
    upload = tmp_path / "p3ke_desa.csv"
    upload.write_bytes(b"".join(lines[:2500]))
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        ctx = browser.new_context(viewport=viewport)
        page = ctx.new_page()
        _login(page, server, "ana")
        _shoot(page, shots, f"overview-analyst-{label}")
        page.goto(f"{server}/upload")
        page.set_input_files("input[type=file]", str(upload))
        page.fill("input[name=snapshot]", f"p3ke-browser-{label}")
        page.click("#upload-form button[type=submit]")
        page.wait_for_selector("text=Laporan karantina", timeout=120_000)
        assert "dikarantina" in page.content()
        assert page.locator("table.quarantine tbody tr").count() > 0
        _shoot(page, shots, f"upload-report-{label}")
        page.goto(f"{server}/worklist?office=dinsos")
        _shoot(page, shots, f"worklist-office-{label}")
        ctx.close()


def test_analyst_sees_the_map_and_downloads_a_pack(server, browser, shots):
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        ctx = browser.new_context(viewport=viewport, accept_downloads=True)
        page = ctx.new_page()
        _login(page, server, "ana")
        page.wait_for_function("() => document.querySelector('img.map') && document.querySelector('img.map').naturalWidth > 0",
                               timeout=60_000)
        page.locator("img.map").scroll_into_view_if_needed()
        _shoot(page, shots, f"overview-map-{label}")
        page.goto(f"{server}/packs")
        assert page.locator("ul.files li").count() == 7
        _shoot(page, shots, f"packs-{label}")
        with page.expect_download() as download:
            page.locator("ul.files a").first.click()
        assert download.value.suggested_filename == "rakor-18.04-2026-11-30.pdf"
        ctx.close()


def test_why_after_the_session_expired_goes_to_the_login_page(server, browser, shots):
    """htmx gets HX-Redirect: the whole page goes to the login (not into the ranking table), and
    logging in again returns to /loci."""
    for lang in ("id", "en"):
        ctx = browser.new_context(viewport={"width": 390, "height": 844})
        ctx.add_cookies([{"name": "lokus_lang", "value": lang, "url": server}])
        page = ctx.new_page()
        _login(page, server, "ana")
        page.goto(f"{server}/loci")
        ctx.clear_cookies(name="lokus_session")
        ctx.add_cookies([{"name": "lokus_session", "value": "expired", "url": server}])
        page.locator("button", has_text="Mengapa?" if lang == "id" else "Why?").first.click()
        page.wait_for_url(f"{server}/login?next=%2Floci")
        assert page.locator("table.loci").count() == 0
        page.fill("input[name=username]", "ana")
        page.fill("input[name=password]", PASSWORDS["ana"])
        page.click("button[type=submit]")
        page.wait_for_url(f"{server}/loci")
        page.goto(f"{server}/loci/{MINE}/explain")  # a fragment's URL opened directly: a whole page
        assert page.locator("nav.main-nav").count() == 1 and page.locator("ul.explain li").count() >= 2
        _shoot(page, shots, f"explain-page-{lang}-phone")
        ctx.close()
