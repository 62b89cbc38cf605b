"""Sessions, CSRF tokens, login rate limiting, security headers and the upload size limit.

* Sessions are random 256-bit tokens held in memory (a restart logs everyone out); the cookie is
  HttpOnly, SameSite=Strict, and Secure when the request came over TLS.
* CSRF: every form carries a token that is an HMAC of the session (or, before login, of a random
  pre-session cookie) under a per-process key; a POST without the right token is refused (403).
* Login throttling (:class:`LoginLimiter`): five wrong passwords from one client for one account lock
  that client (not the account) out of it for 15 minutes (429); a client guessing many accounts is
  locked out; guesses at one account from many clients slow new clients down to one try per account
  every few seconds, while a client the owner logged in from before (``lokus_known`` cookie) is never
  slowed by them, nor locked out by guesses made from its address (an office or a mobile network shares
  one address among many people, and so does a reverse proxy): its own wrong passwords are counted apart.
  Nobody can lock another person out.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

SESSION_COOKIE = "lokus_session"
PRESESSION_COOKIE = "lokus_pre"
LANG_COOKIE = "lokus_lang"
SESSION_IDLE = 8 * 3600
MAX_FAILURES = 5  # wrong passwords from one client for one account (per FAILURE_WINDOW)
CLIENT_FAILURES = 30  # wrong passwords from one client for any accounts
ACCOUNT_FAILURES = 10  # wrong passwords for one account from anywhere, before new clients are slowed
ACCOUNT_DELAY = 10.0  # seconds a new client waits after the account's last failure, past ACCOUNT_FAILURES
FAILURE_WINDOW = 15 * 60
MAX_KEYS = 30_000  # remembered (account, client) keys before old failures are swept
KNOWN_COOKIE = "lokus_known"
KNOWN_DAYS = 90

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


@dataclass
class Session:
    username: str
    created: float
    last_seen: float


@dataclass
class Sessions:
    key: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    _items: dict[str, Session] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def create(self, username: str) -> str:
        token = secrets.token_urlsafe(32)
        now = time.time()
        with self._lock:
            self._items[token] = Session(username, now, now)
        return token

    def get(self, token: str | None) -> Session | None:
        if not token:
            return None
        now = time.time()
        with self._lock:
            item = self._items.get(token)
            if item is None:
                return None
            if now - item.last_seen > SESSION_IDLE:
                del self._items[token]
                return None
            item.last_seen = now
            return item

    def drop(self, token: str | None) -> None:
        with self._lock:
            self._items.pop(token or "", None)

    def drop_user(self, username: str) -> None:
        with self._lock:
            for token in [k for k, v in self._items.items() if v.username == username]:
                del self._items[token]

    def csrf_token(self, binding: str) -> str:
        """The form token for a session (or pre-session) cookie value."""
        return hmac.new(self.key, b"csrf:" + binding.encode(), hashlib.sha256).hexdigest()

    def known_token(self, username: str) -> str:
        """The ``lokus_known`` cookie of a client that logged into ``username`` (valid until restart)."""
        return hmac.new(self.key, b"known:" + username.encode(), hashlib.sha256).hexdigest()

    def known(self, username: str, tokens: str | None) -> bool:
        """Whether a ``lokus_known`` cookie (tokens joined by ``.``) names ``username``."""
        want = self.known_token(username)
        return any(hmac.compare_digest(want, x) for x in (tokens or "").split(".")[:8])

    def csrf_ok(self, binding: str | None, token: str | None) -> bool:
        if not binding or not token:
            return False
        return hmac.compare_digest(self.csrf_token(binding), token)


@dataclass
class LoginLimiter:
    """Throttles password guessing without letting a stranger lock an account out.

    * one client guessing one account: after ``pair_failures`` wrong passwords within ``window``, that
      client may not try that account again until the oldest failure is ``window`` old (the owner, on
      another phone or computer, is not affected);
    * one client guessing many accounts: after ``client_failures`` it may try none;
    * many clients guessing one account: after ``account_failures`` (from anywhere), a client that has
      not logged into that account before (no ``known`` cookie) waits ``account_delay`` seconds after
      the account's last failure — a few seconds for a person, a crawl for a guesser;
    * a client the owner logged in from before (``known``) is never slowed or locked by others' failures,
      even from its own address (many people behind one address): only its own wrong passwords for that
      account count, ``pair_failures`` of them.

    ``wait(...)`` answers how many seconds a client must still wait (0: it may try now)."""

    pair_failures: int = MAX_FAILURES
    client_failures: int = CLIENT_FAILURES
    account_failures: int = ACCOUNT_FAILURES
    account_delay: float = ACCOUNT_DELAY
    window: float = FAILURE_WINDOW
    _fails: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._fails.setdefault(key, deque())
        while q and now - q[0] > self.window:
            q.popleft()
        if not q:
            self._fails.pop(key, None)  # forget quiet keys (memory stays bounded by recent failures)
            return deque()
        return q

    @staticmethod
    def _keys(account: str, client: str, known: bool = False) -> tuple[str, str, str]:
        """The (account, client) key — apart for the owner's device —, the client's and the account's."""
        pair = f"known:{account}\x00{client}" if known else f"pair:{account}\x00{client}"
        return pair, f"client:{client}", f"account:{account}"

    def wait(self, account: str, client: str, *, known: bool = False, now: float | None = None) -> float:
        """Seconds ``client`` must wait before trying ``account`` again (0: now)."""
        now = time.time() if now is None else now
        pair, by_client, by_account = self._keys(account, client, known)
        waits = [0.0]
        with self._lock:
            if known:  # the owner's device: its own failures only, never others' from its address
                q = self._recent(pair, now)
                return max(0.0, q[-self.pair_failures] + self.window - now) if len(q) >= self.pair_failures else 0.0
            for key, limit in ((pair, self.pair_failures), (by_client, self.client_failures)):
                q = self._recent(key, now)
                if len(q) >= limit:
                    waits.append(q[-limit] + self.window - now)
            q = self._recent(by_account, now)
            if not known and len(q) >= self.account_failures:
                waits.append(q[-1] + self.account_delay - now)
        return max(waits)

    def sweep(self, now: float | None = None) -> None:
        """Forget every failure older than ``window``."""
        now = time.time() if now is None else now
        with self._lock:
            for key in list(self._fails):
                self._recent(key, now)

    def failed(self, account: str, client: str, now: float | None = None, *, known: bool = False) -> None:
        """A wrong password (``known``: from a device the owner logged in from; counted apart)."""
        now = time.time() if now is None else now
        if len(self._fails) > MAX_KEYS:  # a flood of names and addresses: memory stays bounded
            self.sweep(now)
        with self._lock:
            for key in self._keys(account, client, known):
                self._fails.setdefault(key, deque()).append(now)

    def succeeded(self, account: str, client: str) -> None:
        """The right password: this client's failures on this account are forgotten (not the account's
        failures from elsewhere, nor the client's on other accounts)."""
        with self._lock:
            for known in (False, True):
                self._fails.pop(self._keys(account, client, known)[0], None)


class SecurityMiddleware:
    """Pure ASGI: security headers on every response; request bodies over ``max_body`` get 413
    (by Content-Length, or while streaming when there is none). ``reject(scope)``, when given, makes
    that 413 response (the app's localized error page or JSON)."""

    def __init__(self, app: Any, max_body: int, reject: Any = None) -> None:
        self.app = app
        self.max_body = max_body
        self.reject = reject

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                too_big = True
            if too_big:
                await self._reject(scope, receive, send)
                return
        started = False
        seen = 0

        async def guarded_receive() -> dict[str, Any]:
            nonlocal seen
            message: dict[str, Any] = await receive()
            if message.get("type") == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise TooLarge()
            return message

        async def send_with_headers(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                if scope.get("scheme") == "https":
                    extra.append((b"strict-transport-security", b"max-age=31536000"))
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in extra if h[0] not in names]
            await send(message)

        try:
            await self.app(scope, guarded_receive, send_with_headers)
        except TooLarge:
            if not started:
                await self._reject(scope, receive, send)

    async def _reject(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if self.reject is None:
            await _reject(send, 413)
            return
        response = await self.reject(scope)
        await response(scope, receive, _with_security_headers(send))


def _with_security_headers(send: Any) -> Any:
    async def wrapped(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            names = {k.lower() for k, _ in message.get("headers", [])}
            extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in names]
            message["headers"] = list(message.get("headers", [])) + extra
        await send(message)
    return wrapped


class TooLarge(Exception):
    """A request body grew past the limit while it was read."""


async def _reject(send: Any, status: int) -> None:
    body = b'{"ok": false, "status": 413, "error": "request body too large"}'
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
