"""CSRF, login rate limiting, security headers, upload limits and zip bombs."""

from __future__ import annotations

import io
import zipfile

from fastapi.testclient import TestClient

from tests.web._fixture import PASSWORDS
from tests.web.conftest import csrf_of, login


def test_security_headers(app):
    r = TestClient(app).get("/login")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert "<script>" not in r.text and " style=" not in r.text and "onclick" not in r.text


def test_session_cookie_flags(app):
    c = TestClient(app)
    r = login(c, "ana")
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    https = TestClient(app, base_url="https://testserver")
    assert "Secure" in login(https, "ana").headers["set-cookie"]


def test_form_without_csrf_is_refused(app):
    c = TestClient(app)
    c.get("/login")
    r = c.post("/login", data={"username": "ana", "password": PASSWORDS["ana"]}, follow_redirects=False)
    assert r.status_code == 403
    r = c.post("/login", data={"username": "ana", "password": PASSWORDS["ana"], "csrf": "forged"},
               follow_redirects=False)
    assert r.status_code == 403
    assert login(c, "ana").status_code == 303
    assert c.post("/logout", data={}).status_code == 403  # logged in, still needs the token
    page = c.get("/upload")
    assert c.post("/upload", files={"file": ("a.csv", b"x")}, data={"kind": "registry"}).status_code == 403
    token = csrf_of(page.text)
    assert c.post("/logout", data={"csrf": token}, follow_redirects=False).status_code == 303


def test_five_wrong_passwords_are_rate_limited(fresh_app):
    c = TestClient(fresh_app)
    for _ in range(5):
        assert login(c, "pera", "wrong-password").status_code == 401
    r = login(c, "pera")  # the right password, but locked
    assert r.status_code == 429
    assert "15" in r.text


def test_upload_over_the_limit_gets_413(fresh_app):
    c = TestClient(fresh_app)
    login(c, "ana")
    token = csrf_of(c.get("/upload").text)
    big = b"x" * (3 * 1024 * 1024)  # fresh_app limit: 2 MB
    r = c.post("/upload", files={"file": ("big.csv", big)}, data={"kind": "registry", "csrf": token})
    assert r.status_code == 413


def test_zip_bomb_is_refused_before_reading(fresh_app):
    c = TestClient(fresh_app)
    login(c, "ana")
    token = csrf_of(c.get("/upload").text)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<x/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (600 * 1024 * 1024 // 64))  # ~1000:1
    r = c.post("/upload", files={"file": ("bomb.xlsx", buf.getvalue())}, data={"kind": "registry", "csrf": token})
    assert r.status_code == 400, r.text
    assert "bomb.xlsx" in r.text, r.text[r.text.find("<main"):]


def test_errors_are_one_sentence_never_a_traceback(client_as):
    c = client_as("ana")
    r = c.get("/api/households?offset=-1")
    assert r.status_code == 422
    r = c.get("/villages/not-a-code")
    assert r.status_code == 404 and "Traceback" not in r.text
