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


def _at(app: object, address: str) -> TestClient:
    return TestClient(app, client=(address, 50000))


def test_guessing_from_one_client_is_throttled_for_that_client_only(fresh_app):
    attacker = _at(fresh_app, "10.0.0.66")
    for _ in range(5):
        assert login(attacker, "pera", "wrong-password").status_code == 401
    r = login(attacker, "pera")  # even the right password: this client may not try this account now
    assert r.status_code == 429 and "15" in r.text and int(r.headers["retry-after"]) > 800
    assert login(attacker, "pera", "wrong-password").status_code == 429  # no more guesses counted
    assert login(attacker, "bidan").status_code == 303  # another account from the same client: not locked
    owner = _at(fresh_app, "10.0.0.7")  # the village head on her own phone: not locked out
    assert login(owner, "pera").status_code == 303


def test_guessing_from_many_clients_slows_new_clients_not_the_owners_device(fresh_app):
    owner = _at(fresh_app, "10.0.0.7")
    assert login(owner, "pera").status_code == 303  # she logged in from this phone before
    for i in range(12):  # a guesser behind many addresses, under the per-client limit each
        assert login(_at(fresh_app, f"10.1.0.{i}"), "pera", "wrong-password").status_code in (401, 429)
    stranger = _at(fresh_app, "10.2.0.1")
    r = login(stranger, "pera")  # a new client right after a failure: wait a few seconds, not 15 minutes
    assert r.status_code == 429 and int(r.headers["retry-after"]) <= 10
    assert login(owner, "pera").status_code == 303  # her own phone: never slowed by others' guesses


def test_limiter_rules():
    from lokus.web._security import LoginLimiter

    lim = LoginLimiter(pair_failures=3, client_failures=5, account_failures=4, account_delay=10, window=100)
    for t in range(3):
        lim.failed("pera", "a", now=t)
    assert lim.wait("pera", "a", now=3) == 100 - 3  # until the oldest of the three is 100 s old
    assert lim.wait("pera", "b", now=3) == 0  # another client
    lim.failed("pera", "c", now=4)
    assert lim.wait("pera", "b", now=5) == 9  # four failures for the account: new clients wait 10 s
    assert lim.wait("pera", "b", known=True, now=5) == 0  # the owner's device does not
    assert lim.wait("pera", "b", now=14) == 0
    for t in range(5):
        lim.failed(f"user{t}", "z", now=t)
    assert lim.wait("someone", "z", now=5) > 0  # one client guessing many accounts
    lim.succeeded("pera", "a")
    assert lim.wait("pera", "a", now=20) == 0
    lim.sweep(now=200)
    assert lim.wait("pera", "c", now=200) == 0 and not lim._fails  # old failures forgotten


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


def test_guesses_from_the_owners_address_do_not_lock_her_device_out(fresh_app):
    """Many people share one address (an office, a mobile network, a reverse proxy): a guesser there, at her
    account or at many, does not lock the village head out of the phone she logged in from before."""
    owner = _at(fresh_app, "10.0.0.9")
    assert login(owner, "pera").status_code == 303
    guesser = _at(fresh_app, "10.0.0.9")  # the same address, another device (no cookie of hers)
    for i in range(30):
        assert login(guesser, "pera" if i < 5 else f"user{i}", "wrong-password").status_code in (401, 429)
    assert login(guesser, "pera").status_code == 429  # the guesser stays throttled
    assert login(owner, "pera").status_code == 303  # her own phone logs in


def test_limiter_counts_the_owners_device_apart():
    from lokus.web._security import LoginLimiter

    lim = LoginLimiter(pair_failures=3, client_failures=5, account_failures=4, account_delay=10, window=100)
    for t in range(5):
        lim.failed("pera" if t < 3 else f"user{t}", "a", now=t)
    assert lim.wait("pera", "a", now=5) > 0 and lim.wait("bidan", "a", now=5) > 0  # the address is throttled
    assert lim.wait("pera", "a", known=True, now=5) == 0  # her device is not
    for t in range(3):
        lim.failed("pera", "a", now=6 + t, known=True)  # her own wrong passwords count, for her device
    assert lim.wait("pera", "a", known=True, now=9) == 100 + 6 - 9
    lim.succeeded("pera", "a")
    assert lim.wait("pera", "a", known=True, now=10) == 0
