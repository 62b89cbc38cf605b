"""Session 12's phone break-test findings: errors in the user's language (pages and API), htmx after
the session expired, fragments opened directly, the map's language, one meaning of "priority locus",
and no mixed language on the pages."""

from __future__ import annotations

import io
import re
import sys

import pytest
from fastapi.testclient import TestClient

from tests.web._fixture import MINE
from tests.web.conftest import csrf_of, login

FRAGMENT = f"/loci/{MINE}/explain"


def _lang_client(app: object, user: str | None, lang: str) -> TestClient:
    c = TestClient(app)
    c.cookies.set("lokus_lang", lang)
    if user:
        assert login(c, user).status_code == 303
    return c


@pytest.fixture(scope="module")
def ana_id(app):
    return _lang_client(app, "ana", "id")


@pytest.fixture(scope="module")
def ana_en(app):
    return _lang_client(app, "ana", "en")


def _main(html: str) -> str:
    return html[html.find("<main"):html.find("</main>")]


# --- M5: errors are the app's own page (pages) or one localized sentence (API) ---------------------

@pytest.mark.parametrize("url", ["/households?offset=abc", "/households?offset=1e3", "/worklist?offset=abc",
                                 "/children?offset=abc"])
def test_a_bad_query_parameter_gets_the_localized_error_page(ana_id, ana_en, url):
    for c, words in ((ana_id, "bilangan bulat"), (ana_en, "whole number")):
        r = c.get(url)
        assert r.status_code == 422
        assert r.headers["content-type"].startswith("text/html")
        assert '<meta name="viewport"' in r.text and words in _main(r.text)
        assert '"detail"' not in r.text and "int_parsing" not in r.text


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH"])
def test_a_wrong_method_on_a_page_gets_the_localized_error_page(ana_id, ana_en, method):
    r = ana_id.request(method, "/loci")
    assert r.status_code == 405 and r.headers["content-type"].startswith("text/html")
    assert "tidak diizinkan" in _main(r.text) and "Method Not Allowed" not in r.text
    r = ana_en.request(method, "/households")
    assert r.status_code == 405 and "not allowed" in _main(r.text)


def test_api_errors_are_one_localized_sentence(ana_id, ana_en):
    cases = [("/api/households?q=" + "a" * 101, 422, "100"), ("/api/households?village=" + "1" * 21, 422, "20"),
             ("/api/households?offset=abc", 422, "offset"), ("/api/nothing", 404, "")]
    for c, lang in ((ana_id, "id"), (ana_en, "en")):
        for url, status, part in cases:
            r = c.get(url)
            assert r.status_code == status, url
            body = r.json()
            assert isinstance(body["detail"], str) and part in body["detail"], body
            assert ("tidak" in body["detail"]) == (lang == "id"), body
        r = c.delete("/api/loci")
        assert r.status_code == 405 and isinstance(r.json()["detail"], str)
        assert ("tidak diizinkan" in r.json()["detail"]) == (lang == "id")


def test_a_too_large_request_gets_the_localized_page_or_json(app):
    for lang, words in (("id", "terlalu besar"), ("en", "too large")):
        c = _lang_client(app, None, lang)
        headers = {"content-length": str(10**12), "content-type": "application/x-www-form-urlencoded"}
        r = c.post("/login", content=b"", headers=headers)
        assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
        assert words in _main(r.text) and "content-security-policy" in r.headers
        r = c.post("/api/me", content=b"", headers=headers)
        assert r.status_code == 413 and words in r.json()["detail"]


# --- M3: htmx after the session expired; fragments opened directly -------------------------------

def test_htmx_without_a_session_gets_a_full_page_redirect_to_login(app):
    c = TestClient(app)
    r = c.get(FRAGMENT, headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/loci?x=1"},
              follow_redirects=False)
    assert r.status_code == 401 and r.headers["hx-redirect"] == "/login?next=%2Floci%3Fx%3D1"
    assert "<form" not in r.text  # nothing to swap into the table
    r = c.get(FRAGMENT, headers={"HX-Request": "true", "HX-Current-URL": "https://elsewhere.example/x"},
              follow_redirects=False)
    assert r.headers["hx-redirect"] == "/login?next=%2F"
    r = c.get("/upload/jobs/abc", headers={"HX-Request": "true"}, follow_redirects=False)
    assert r.status_code == 401 and r.headers["hx-redirect"].startswith("/login?next=")
    r = c.get(FRAGMENT, follow_redirects=False)  # a plain request: the usual redirect, back to the same URL
    assert r.status_code == 303 and r.headers["location"] == "/login?next=" + FRAGMENT.replace("/", "%2F")


def test_after_login_the_fragment_url_is_a_whole_page(app):
    c = TestClient(app)
    page = c.get("/login?next=" + FRAGMENT)
    r = c.post("/login", data={"username": "ana", "password": "analyst-password-1", "csrf": csrf_of(page.text),
                               "next": FRAGMENT}, follow_redirects=True)
    assert r.status_code == 200 and str(r.url).endswith(FRAGMENT)
    assert '<meta name="viewport"' in r.text and "/static/lokus.css" in r.text
    assert 'class="explain"' in r.text and "Pampangan" in r.text
    assert "vary" in r.headers and "HX-Request" in r.headers["vary"]
    fragment = c.get(FRAGMENT, headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<ul class="explain">') and "<html" not in fragment.text


# --- M4: the map's and the growth chart's language ------------------------------------------------

def test_image_urls_carry_the_language(ana_id, ana_en):
    assert 'src="/map.png?lang=id"' in ana_id.get("/").text
    assert 'src="/map.png?lang=en"' in ana_en.get("/").text
    id_png, en_png = ana_id.get("/map.png?lang=id"), ana_id.get("/map.png?lang=en")
    assert id_png.status_code == en_png.status_code == 200
    assert id_png.content != en_png.content  # the URL decides, whatever the cookie
    assert "Cookie" in id_png.headers["vary"]
    assert ana_en.get("/map.png").content == en_png.content  # no ?lang=: the cookie (Vary: Cookie)


def test_growth_chart_url_carries_the_language(app):
    for lang in ("id", "en"):
        c = _lang_client(app, "bidan", lang)
        child = re.search(r'href="(/children/[0-9a-f]+)"', c.get("/children").text)
        assert child
        page = c.get(child.group(1)).text
        assert f'/chart.svg?lang={lang}"' in page
        svg = c.get(child.group(1) + f"/chart.svg?lang={lang}")
        assert svg.status_code == 200 and "Cookie" in svg.headers["vary"]


# --- M6: no interactive docs; the OpenAPI document for logged-in users ----------------------------

def test_no_swagger_page_and_the_openapi_document_needs_login(app, ana_id):
    anonymous = TestClient(app)
    assert anonymous.get("/api/docs").status_code == 404
    assert anonymous.get("/api/redoc").status_code == 404
    r = anonymous.get("/api/openapi.json")
    assert r.status_code == 401 and r.json()["detail"]
    doc = ana_id.get("/api/openapi.json").json()
    assert "/api/households" in doc["paths"] and "/api/openapi.json" not in doc["paths"]


# --- M7: one meaning of "priority locus" -----------------------------------------------------------

def test_priority_loci_are_the_packs_and_the_badge_means_that(app, ana_id, ana_en):
    from lokus.convergence import DEFAULT_TOP, default_loci_villages

    store = app.state.store
    loci = store.priority_loci()
    assert loci == default_loci_villages(store.ws())  # what lokus pack / lokus gaps call the loci
    table, _ = store.ranking()
    assert len(loci) == min(DEFAULT_TOP, sum(table["selected"].to_pylist())) < table.num_rows
    page = ana_id.get("/loci").text
    badges = page.count('<span class="badge s-met">Lokus prioritas</span>')
    assert badges == len(loci) + 1  # one per locus, one in the note that says what it means
    assert f"{len(loci)} desa teratas" in page
    assert ana_en.get("/loci").text.count('<span class="badge s-met">Priority locus</span>') == len(loci) + 1
    rows = ana_id.get("/api/loci").json()["rows"]
    assert [r["code"] for r in rows if r["selected"]] == loci
    overview = ana_id.get("/").text
    listed = re.findall(r"<li>.*?· (\d\d\.\d\d\.\d\d\.\d{4})</small>", overview)
    assert listed == loci and f"{len(loci)} lokus prioritas" in overview
    last = loci[-1]
    outside = next(r["code"] for r in rows if not r["selected"])
    assert "Termasuk" in ana_id.get(f"/loci/{last}/explain").text
    assert "Tidak termasuk" in ana_id.get(f"/loci/{outside}/explain").text


# --- L1, L3, L4: no mixed language; the scope in the title; the share's own label -------------------

def test_overview_names_the_users_scope_and_no_english_target_names(app, ana_id):
    pera = _lang_client(app, "pera", "id")
    page = pera.get("/").text
    assert "Ringkasan Pekon Pampangan" in page and "Ringkasan Kabupaten" not in page
    assert "hanya untuk Pekon Pampangan" in page
    assert "Ringkasan Kabupaten Lampung Barat" in ana_id.get("/").text
    main = _main(ana_id.get("/").text)
    # each target by its name in the page's language (target_name_text, the one bilingual mechanism)
    assert "extreme poverty" not in main and "Inpres 4/2022 kemiskinan ekstrem" in main
    assert "Perpres 72/2021 stunting" in main
    english = _lang_client(app, "pera", "en").get("/").text
    assert "Overview of Pekon Pampangan" in english
    assert "Inpres 4/2022 extreme poverty" in _main(english) and "kemiskinan ekstrem" not in _main(english)


def test_household_page_in_english_translates_relationship_and_sex(app):
    en = _lang_client(app, "pera", "en")
    hh = re.search(r'href="(/households/(?!export)[^"]+)"', en.get("/households").text)
    assert hh
    main = _main(en.get(hh.group(1)).text)
    assert "Head of family" in main and "Kepala Keluarga" not in main
    assert re.search(r"<td>(Male|Female)</td>", main) and not re.search(r"<td>[LP]</td>", main)
    main_id = _main(_lang_client(app, "pera", "id").get(hh.group(1)).text)
    assert "Kepala Keluarga" in main_id and re.search(r"<td>(Laki-laki|Perempuan)</td>", main_id)


def test_village_page_names_programs_not_codes(ana_en):
    main = _main(ana_en.get(f"/villages/{MINE}").text)
    assert "Program Keluarga Harapan" in main
    assert not re.search(r"<dt>[A-Z_]+</dt>", main), re.findall(r"<dt>[A-Z_]+</dt>", main)


def test_csv_file_names_follow_the_language(app):
    for lang, households, worklist in (("id", "rumah_tangga.csv", "daftar_kerja_"), ("en", "households.csv",
                                                                                      "worklist_")):
        c = _lang_client(app, "ana", lang)
        assert households in c.get("/households/export.csv").headers["content-disposition"]
        disposition = c.get(f"/worklist/export.csv?village={MINE}").headers["content-disposition"]
        assert f'filename="{worklist}{MINE}.csv"' in disposition


def test_explanation_labels_the_share_apart_from_the_count(ana_id, ana_en):
    lines = ana_id.get(f"/api/loci/{MINE}/explain").json()["lines"]
    values = next(x for x in lines if x.startswith("Nilai kriteria"))
    assert "warga desil 1 = " in values and "porsi warga desil 1 = " in values
    assert values.count(" warga desil 1 = ") == 2  # the count, and the share after "porsi"
    en = next(x for x in ana_en.get(f"/api/loci/{MINE}/explain").json()["lines"] if x.startswith("Criterion"))
    assert "of residents in decile-1 = " in en


def test_users_list_headers_in_indonesian(cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("a-long-password\n"))
    assert cli("users", "add", "siti", "--role", "admin", "--scope", "18.04", "--password-stdin").exit_code == 0
    out = cli("users", "list").stdout
    assert "Nama pengguna" in out and "Nonaktif" in out and "username" not in out and "disabled" not in out
    out = cli("--lang", "en", "users", "list").stdout
    assert "User name" in out and "Disabled" in out


def test_an_error_answering_htmx_is_the_message_alone(ana_en):
    r = ana_en.get("/loci/99.99.99.9999/explain", headers={"HX-Request": "true"})
    assert r.status_code == 404 and "<html" not in r.text and "not found" in r.text
    r = ana_en.get("/loci/99.99.99.9999/explain")
    assert r.status_code == 404 and "<html" in r.text
