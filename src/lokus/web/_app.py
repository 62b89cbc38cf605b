"""The FastAPI application: server-rendered pages (Jinja2 + HTMX) and the JSON API under /api/.

Routes parse the request, get their user and object from :mod:`lokus.web._access` (the one place
that checks scope), read through :mod:`lokus.web._data`, audit personal data, and render.
"""

from __future__ import annotations

import io
import logging
import math
import shutil
import tempfile
from collections.abc import Collection, Sequence
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Form, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from lokus import __version__
from lokus.convergence import _messages as _convergence_messages  # noqa: F401 - office names
from lokus.errors import LokusError
from lokus.i18n import (
    DEFAULT_LANG,
    LANGS,
    fmt_date,
    fmt_int,
    fmt_number,
    fmt_pct,
    has,
    header,
    label,
    t,
    yes_no,
)
from lokus.privacy import Surface, Verb, web_action
from lokus.web import _messages  # noqa: F401 - registers the catalogue
from lokus.web._access import (
    DETAIL_ROLES,
    Capability,
    NotFound,
    NotLoggedIn,
    can,
    child_in_scope,
    current_user,
    household_in_scope,
    list_scope,
    may_download_pack,
    pack_file_in_scope,
    require,
    sees_detail,
    village_in_scope,
    worklist_target,
)
from lokus.web._accounts import Account, list_accounts, verify_login
from lokus.web._data import PAGE_SIZE, Store, age_months
from lokus.web._security import (
    KNOWN_COOKIE,
    KNOWN_DAYS,
    LANG_COOKIE,
    PRESESSION_COOKIE,
    SESSION_COOKIE,
    LoginLimiter,
    SecurityMiddleware,
    Sessions,
    TooLarge,
)
from lokus.web._upload import UploadJobs, check_upload

DEFAULT_MAX_UPLOAD = 200 * 1024 * 1024

_PKG = resources.files("lokus.web")


def lang_of(request: Request) -> str:
    value = request.cookies.get(LANG_COOKIE, DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def create_app(workspace: str | Path | None = None, *, max_upload: int = DEFAULT_MAX_UPLOAD,
               store: Store | None = None, packs_dir: str | Path | None = None) -> FastAPI:
    """The web app over ``workspace`` (path; default as the CLI: $LOKUS_WORKSPACE or ./lokus.duckdb);
    meeting packs are offered from ``packs_dir`` (default: ``rakor/`` beside the workspace)."""
    # No interactive docs: Swagger UI would load its assets from a CDN (blocked by the CSP, and the
    # app reaches no internet). The OpenAPI document is served at /api/openapi.json to logged-in users.
    app = FastAPI(title="lokus", version=__version__, docs_url=None, redoc_url=None, openapi_url=None,
                  description="Priority loci, households, children and worklists, limited to the caller's "
                              "region scope. Authenticate by logging in at /login (session cookie).")
    app.state.store = store or Store(workspace)
    app.state.sessions = Sessions()
    app.state.limiter = LoginLimiter()
    app.state.jobs = UploadJobs(app.state.store)
    app.state.max_upload = max_upload
    app.state.packs_dir = Path(packs_dir) if packs_dir else Path(app.state.store.path).parent / "rakor"
    templates = Jinja2Templates(directory=str(_PKG.joinpath("templates")))
    templates.env.autoescape = True
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(_PKG.joinpath("static"))), name="static")
    app.add_middleware(SecurityMiddleware, max_body=max_upload, reject=_too_large)
    _install_errors(app)
    _pages(app)
    _api(app)
    return app


async def _too_large(scope: dict[str, Any]) -> Response:
    """The 413 page (or API JSON) in the user's language, for :class:`SecurityMiddleware`."""
    request = Request(scope)
    state = request.app.state
    response: Response = state.error_page(request, 413, "web.error.too_large", size=max(1, state.max_upload // (1024 * 1024)))
    return response


# --- rendering ------------------------------------------------------------------------------------

def _csrf_binding(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE) or request.cookies.get(PRESESSION_COOKIE)


def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    lang = lang_of(request)
    app = request.app.state
    user: Account | None = getattr(request.state, "user", None)
    binding = _csrf_binding(request)
    new_pre = None
    if binding is None:
        import secrets

        new_pre = binding = secrets.token_urlsafe(24)
    base = {
        "request": request, "lang": lang, "other_lang": next(x for x in LANGS if x != lang), "user": user,
        "csrf": app.sessions.csrf_token(binding), "t": lambda key, **p: t(key, lang, **p),
        "n": lambda v: fmt_int(v, lang), "num": lambda v, d=1: fmt_number(v, lang, d),
        "pct": lambda v, share=True: fmt_pct(v, lang, share=share), "date": lambda v: fmt_date(v, lang),
        "yn": lambda v: yes_no(v, lang), "h": lambda c: header(c, lang), "can": lambda c: user is not None and can(user, c),
        "covers": lambda code: user is not None and user.covers(code),
        "Cap": Capability, "path": request.url.path, "quote": quote, "version": __version__,
        "sex": lambda v: _sex(v, lang), "relationship": lambda v: _relationship(v, lang),
        "suppression": suppression_notes(lang),
    }
    response = app.templates.TemplateResponse(request, name, {**base, **ctx}, status_code=status)
    response.headers["cache-control"] = "no-store"
    if new_pre:
        _cookie(request, response, PRESESSION_COOKIE, new_pre)
    return response


def _sex(value: str | None, lang: str) -> str:
    """L/P as words in the page's language (Laki-laki/Perempuan, Male/Female)."""
    return label("web.sex", (value or "").strip().upper(), lang) or "–"


def _relationship(value: str | None, lang: str) -> str:
    """A member's relationship to the head of the family: the registry's own text in Indonesian; in
    English the standard P3KE/Dukcapil values translated (another value as the registry wrote it)."""
    key = f"web.relationship.{' '.join((value or '').lower().split())}"
    if lang == DEFAULT_LANG or not value or not has(key):
        return value or "–"
    return t(key, lang)


def _cookie(request: Request, response: Response, name: str, value: str, max_age: int | None = None) -> None:
    response.set_cookie(name, value, httponly=True, samesite="strict", secure=request.url.scheme == "https",
                        max_age=max_age, path="/")


async def _check_csrf(request: Request) -> None:
    """Every state-changing form: the token must match the session (or pre-session) cookie."""
    token = request.headers.get("x-csrf-token")
    form = None
    if token is None:
        form = await request.form()
        value = form.get("csrf")
        token = value if isinstance(value, str) else None
    if not request.app.state.sessions.csrf_ok(_csrf_binding(request), token):
        if form is not None:
            await form.close()
        raise _CsrfFailed()


class _CsrfFailed(Exception):
    pass


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _login_target(request: Request) -> str:
    """Where to go after logging in: the page the user was on. For an htmx request that is the page
    that made it (``HX-Current-URL``), never the fragment it asked for."""
    if _is_htmx(request):
        from urllib.parse import urlsplit

        current = urlsplit(request.headers.get("hx-current-url") or "/")
        same = not current.netloc or current.netloc == request.url.netloc
        return _safe_next((current.path + ("?" + current.query if current.query else "")) if same else "/")
    if request.method != "GET":
        return "/"
    return _safe_next(request.url.path + ("?" + request.url.query if request.url.query else ""))


def _validation_message(exc: RequestValidationError, lang: str) -> str:
    """One sentence naming the parameters that were not valid (never the framework's JSON)."""
    parts = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body", "header", "cookie")]
        field = ".".join(loc) or "?"
        kind = str(err.get("type", ""))
        limit = (err.get("ctx") or {}).get("max_length")
        if kind.startswith("int"):
            parts.append(t("web.error.invalid_number", lang, field=field))
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            parts.append(t("web.error.invalid_range", lang, field=field))
        elif limit is not None:
            parts.append(t("web.error.invalid_field", lang, field=field, limit=limit))
        else:
            parts.append(field)
    return t("web.error.invalid", lang, fields="; ".join(dict.fromkeys(parts)))


def _install_errors(app: FastAPI) -> None:
    def error_page(request: Request, status: int, key: str | None = None, message: str | None = None,
                   headers: dict[str, str] | None = None, **params: Any) -> Response:
        lang = lang_of(request)
        text = message if message is not None else t(key or "web.error.internal", lang, **params)
        response: Response
        if _is_api(request):
            response = JSONResponse({"ok": False, "status": status, "error": text, "detail": text},
                                    status_code=status)
        else:
            # htmx swaps the answer into the page: the message alone, not a page inside the page
            template = "error_fragment.html" if _is_htmx(request) else "error.html"
            response = render(request, template, status=status, message=text, status_code=status)
            response.headers["vary"] = "HX-Request"
        response.headers.update(headers or {})
        return response

    app.state.error_page = error_page

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        if exc.denied is not None:  # refused, not missing: the same 404, and an audit row
            route = request.scope.get("route")
            _audit_denied(app.state.store, request, exc.denied.reason,
                          exc.denied.target or str(getattr(route, "path", "") or "-"), exc.denied.records)
        return error_page(request, 404, "web.error.not_found")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = {k: v for k, v in (exc.headers or {}).items() if k.lower() == "allow"}
        if exc.status_code == 404:
            return error_page(request, 404, "web.error.not_found")
        if exc.status_code == 405:
            return error_page(request, 405, "web.error.method", headers=headers)
        if exc.status_code == 413:
            return error_page(request, 413, "web.error.too_large", size=max(1, app.state.max_upload // (1024 * 1024)))
        return error_page(request, exc.status_code, "web.error.http", code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_page(request, 422, message=_validation_message(exc, lang_of(request)))

    @app.exception_handler(NotLoggedIn)
    async def not_logged_in(request: Request, exc: NotLoggedIn) -> Response:
        login_url = "/login?next=" + quote(_login_target(request), safe="")
        if _is_htmx(request):  # htmx follows HX-Redirect with a full page load (not a swap into the page)
            return Response(status_code=401, headers={"HX-Redirect": login_url, "cache-control": "no-store"})
        if _is_api(request):
            return JSONResponse({"ok": False, "status": 401, "error": t("web.error.login", lang_of(request)),
                                 "detail": t("web.error.login", lang_of(request))}, status_code=401)
        return RedirectResponse(login_url, status_code=303)

    @app.exception_handler(_CsrfFailed)
    async def csrf_failed(request: Request, exc: _CsrfFailed) -> Response:
        return error_page(request, 403, "web.error.csrf")

    @app.exception_handler(LokusError)
    async def lokus_error(request: Request, exc: LokusError) -> Response:
        return error_page(request, 400, message=exc.message(lang_of(request)))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:  # never a traceback to a person
        import logging

        if isinstance(exc, TooLarge):  # a body without Content-Length that grew past the limit
            return error_page(request, 413, "web.error.too_large", size=max(1, app.state.max_upload // (1024 * 1024)))
        logging.getLogger("lokus.web").exception("internal error on %s", request.url.path)
        return error_page(request, 500, "web.error.internal")


def _channel(request: Request) -> Surface:
    return Surface.api if _is_api(request) else Surface.web


#: What each route shows (an API route: its path without ``/api``), the resource of its audit actions.
ROUTE_RESOURCES: dict[str, str] = {
    "/": "overview", "/loci": "loci", "/loci/{code}/explain": "locus", "/villages": "villages",
    "/villages/{code}": "village", "/households": "households", "/households/export.csv": "households",
    "/households/{household_id}": "household", "/children": "children", "/children/{child_id}": "child",
    "/children/{child_id}/chart.svg": "child_chart", "/worklist": "worklist", "/worklist/export.csv": "worklist",
    "/upload": "upload", "/upload/jobs/{job_id}": "upload", "/map.png": "map", "/packs": "packs",
    "/packs/file/{rel:path}": "pack", "/me": "account", "/openapi.json": "request",
}


def _action(request: Request, verb: Verb, resource: str | None = None) -> str:
    """The audit action of this request (:func:`lokus.privacy.web_action`): ``<web|api>.<resource>.<verb>``,
    the resource by default the one its route shows."""
    if resource is None:
        route = str(getattr(request.scope.get("route"), "path", "") or "")
        resource = ROUTE_RESOURCES.get(route.removeprefix("/api") or "/", "request")
    return web_action(_channel(request), resource, verb)


def _audit_denied(store: Store, request: Request, reason: str, target: str, records: Sequence[str] = ()) -> None:
    """Record a refused request (``<web|api>.<resource>.denied_<scope|role>``, the resource the route
    shows): who, what was asked for (``target``:
    a route, region or pack file, never text the user typed) and, in ``audit_detail`` only, the people
    the refused object names. The user still gets the 404 of a missing object if the row cannot be
    written."""
    import logging

    user: Account | None = getattr(request.state, "user", None)
    if user is None:
        return
    try:
        store.audit(_action(request, Verb(f"denied_{reason}")), user=user.username, target=target, rows=0,
                    scope=user.scope, records=list(records))
    except Exception:  # noqa: BLE001 - a refusal must not tell more than a missing object does
        logging.getLogger("lokus.web").exception("auditing a refused request failed")


def _log_login(account: str, client: str, outcome: str) -> None:
    """A wrong password or a throttled try in the server log (account name and client address): the
    audit trail records who saw personal data, and nobody did."""
    logging.getLogger("lokus.web").warning("login %s for account %r from %s", outcome, account[:64], client)


def _safe_next(value: str | None) -> str:
    return value if value and value.startswith("/") and not value.startswith("//") and "\\" not in value else "/"


def _client(request: Request) -> str:
    return request.client.host if request.client else "-"


def _page(offset: int) -> int:
    return max(0, min(offset, 10**7))


# --- pages ------------------------------------------------------------------------------------------

def _pages(app: FastAPI) -> None:  # noqa: C901 - one route table
    store: Store = app.state.store

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"ok": "true"}

    @app.get("/lang/{lang}", include_in_schema=False)
    def switch_lang(lang: str, request: Request, next: str = "/") -> Response:  # noqa: A002
        response = RedirectResponse(_safe_next(next), status_code=303)
        if lang in LANGS:
            _cookie(request, response, LANG_COOKIE, lang, max_age=365 * 86400)
        return response

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request, next: str = "/") -> Response:  # noqa: A002
        first_run = not list_accounts(store.ws())
        return render(request, "login.html", next=_safe_next(next), first_run=first_run)

    @app.post("/login", include_in_schema=False)
    async def login(request: Request, username: str = Form(""), password: str = Form(""),
                    next: str = Form("/")) -> Response:  # noqa: A002
        await _check_csrf(request)
        limiter: LoginLimiter = app.state.limiter
        name, client = username.strip().lower()[:64], _client(request)
        known = app.state.sessions.known(name, request.cookies.get(KNOWN_COOKIE))
        wait = limiter.wait(name, client, known=known)
        if wait > 0:  # this client may not try this account yet; the owner elsewhere still can
            _log_login(name, client, "throttled")
            minutes = max(1, math.ceil(wait / 60))
            error = (t("web.login.limited", lang_of(request), minutes=minutes) if wait > 60 else
                     t("web.login.slowed", lang_of(request), seconds=max(1, math.ceil(wait))))
            refused = render(request, "login.html", status=429, next=_safe_next(next), first_run=False, error=error)
            refused.headers["retry-after"] = str(max(1, math.ceil(wait)))
            return refused
        account = verify_login(store.ws(), username[:64], password[:1024])
        if account is None:
            limiter.failed(name, client, known=known)
            _log_login(name, client, "failed")
            return render(request, "login.html", status=401, next=_safe_next(next), first_run=False,
                          error=t("web.login.wrong", lang_of(request)))
        limiter.succeeded(name, client)
        app.state.sessions.drop(request.cookies.get(SESSION_COOKIE))
        token = app.state.sessions.create(account.username)
        response = RedirectResponse(_safe_next(next), status_code=303)
        _cookie(request, response, SESSION_COOKIE, token)
        if not known:  # this client is the owner's: others' guesses at the account never slow it
            tokens = [x for x in (request.cookies.get(KNOWN_COOKIE) or "").split(".") if x][-7:]
            _cookie(request, response, KNOWN_COOKIE, ".".join([*tokens, app.state.sessions.known_token(name)]),
                    max_age=KNOWN_DAYS * 86400)
        return response

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        await _check_csrf(request)
        app.state.sessions.drop(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request, user: Account = Depends(require(Capability.overview))) -> Response:
        return render(request, "overview.html", **_overview(store, user, lang_of(request)),
                      withheld=withheld_notes(store, user, lang_of(request), ("households", "people")))

    @app.get("/loci", response_class=HTMLResponse, include_in_schema=False)
    def loci(request: Request, user: Account = Depends(require(Capability.overview))) -> Response:
        lang = lang_of(request)
        rows = _loci_rows(store, user, lang)

        def table() -> Markup:  # the same for every user with this scope and role class: rendered once
            ctx = {"rows": rows, "t": lambda key, **p: t(key, lang, **p), "n": lambda v: fmt_int(v, lang),
                   "pct": lambda v, share=True: fmt_pct(v, lang, share=share), "h": lambda c: header(c, lang),
                   "covers": user.covers}
            return Markup(app.state.templates.get_template("loci_table.html").render(ctx))
        key = f"loci_html_{lang}_{user.scope}_{user.role in DETAIL_ROLES}"
        blanks = any(r[k] is None for r in rows for k in _LOCI_CELLS)
        return render(request, "loci.html", rows=rows, blanks=blanks, table_html=store.cached(key, table),
                      n_loci=len(store.priority_loci()),
                      withheld=withheld_notes(store, user, lang, _LOCI_CELLS.values()))

    @app.get("/loci/{code}/explain", response_class=HTMLResponse, include_in_schema=False)
    def loci_explain(code: str, request: Request, user: Account = Depends(require(Capability.overview))) -> Response:
        lines = _explain(store, user, code, lang_of(request))
        # the fragment for htmx; opened directly (a bookmark, a login's next=): a whole page
        template = "explain.html" if _is_htmx(request) else "explain_page.html"
        name = next((r["name"] for r in _loci_rows(store, user, lang_of(request)) if r["code"] == code), code)
        response = render(request, template, lines=lines, code=code, village_name=name)
        response.headers["vary"] = "HX-Request"
        return response

    @app.get("/villages", response_class=HTMLResponse, include_in_schema=False)
    def villages(request: Request, user: Account = Depends(require(Capability.overview))) -> Response:
        return render(request, "villages.html", villages=_village_rows(store, user),
                      withheld=withheld_notes(store, user, lang_of(request), _VILLAGE_CELLS))

    @app.get("/villages/{code}", response_class=HTMLResponse, include_in_schema=False)
    def village(request: Request, village: dict[str, Any] = Depends(village_in_scope),
                user: Account = Depends(current_user)) -> Response:
        return render(request, "village.html", **_village_profile(store, user, village, lang_of(request)),
                      withheld=withheld_notes(store, user, lang_of(request)))

    @app.get("/households", response_class=HTMLResponse, include_in_schema=False)
    def households(request: Request, q: str = "", village: str | None = None, offset: int = 0,
                   user: Account = Depends(require(Capability.households))) -> Response:
        rows, total = _households(store, request, user, q, village, _page(offset))
        return render(request, "households.html", rows=rows, total=total, q=q, village=village or "",
                      offset=_page(offset), page_size=PAGE_SIZE)

    @app.get("/households/export.csv", include_in_schema=False)
    def households_export(request: Request, q: str = "", village: str | None = None,
                          user: Account = Depends(require(Capability.households))) -> Response:
        rows, _ = _households(store, request, user, q, village, 0, limit=10**7, verb=Verb.export)
        return _csv_response(rows, "rumah_tangga.csv" if lang_of(request) == "id" else "households.csv",
                             lang_of(request))

    @app.get("/households/{household_id}", response_class=HTMLResponse, include_in_schema=False)
    def household(request: Request, household: dict[str, Any] = Depends(household_in_scope),
                  user: Account = Depends(current_user)) -> Response:
        _audit_household(store, request, user, household)
        return render(request, "household.html", hh=household)

    @app.get("/children", response_class=HTMLResponse, include_in_schema=False)
    def children(request: Request, village: str | None = None, offset: int = 0,
                 user: Account = Depends(require(Capability.children))) -> Response:
        rows, total = _children(store, request, user, village, _page(offset))
        return render(request, "children.html", rows=rows, total=total, offset=_page(offset), page_size=PAGE_SIZE,
                      village=village or "")

    @app.get("/children/{child_id}", response_class=HTMLResponse, include_in_schema=False)
    def child(request: Request, child: dict[str, Any] = Depends(child_in_scope),
              user: Account = Depends(current_user)) -> Response:
        table = store.child_measurements(child).to_pylist()
        store.audit(_action(request, Verb.view, "child"), user=user.username, target=f"child:{child['child_id']}", rows=len(table),
                    scope=child["village_code"], records=[child["nik"] or child["child_id"]])
        return render(request, "child.html", child=_child_view(child), measurements=table)

    @app.get("/children/{child_id}/chart.svg", include_in_schema=False)
    def child_chart(request: Request, lang: str | None = None, child: dict[str, Any] = Depends(child_in_scope),
                    user: Account = Depends(current_user)) -> Response:
        svg = store.child_chart(child, lang if lang in LANGS else lang_of(request))
        store.audit(_action(request, Verb.view, "child_chart"), user=user.username, target=f"child:{child['child_id']}", rows=1,
                    scope=child["village_code"], records=[child["nik"] or child["child_id"]])
        return Response(svg, media_type="image/svg+xml", headers={"cache-control": "no-store", "vary": "Cookie"})

    @app.get("/worklist", response_class=HTMLResponse, include_in_schema=False)
    def worklist(request: Request, target: tuple[str, str] = Depends(worklist_target),
                 user: Account = Depends(current_user), offset: int = 0) -> Response:
        rows, total = _worklist(store, request, user, target, _page(offset), PAGE_SIZE)
        from lokus.convergence import Office, readable_row

        names = store.program_names()  # a page is for people: programs and offices by name (CSV keeps codes)
        rows = [readable_row(r, names, lang_of(request)) for r in rows]
        return render(request, "worklist.html", rows=rows, total=total, kind=target[0], code=target[1],
                      offices=[o.value for o in Office], offset=_page(offset), page_size=PAGE_SIZE,
                      villages=_village_rows(store, user) if user.role.value in ("admin", "analyst") else [])

    @app.get("/worklist/export.csv", include_in_schema=False)
    def worklist_export(request: Request, target: tuple[str, str] = Depends(worklist_target),
                        user: Account = Depends(current_user)) -> Response:
        rows, _ = _worklist(store, request, user, target, 0, 10**7, verb=Verb.export)
        lang = lang_of(request)  # named in the page's language, as the households' download
        return _csv_response(rows, f"{t('web.csv.worklist', lang)}_{target[1]}.csv", lang)

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_form(request: Request, user: Account = Depends(require(Capability.upload))) -> Response:
        return render(request, "upload.html", jobs=app.state.jobs.for_user(user.username))

    @app.post("/upload", response_class=HTMLResponse, include_in_schema=False)
    async def upload(request: Request, user: Account = Depends(require(Capability.upload))) -> Response:
        await _check_csrf(request)
        form = await request.form()
        try:
            file = form.get("file")
            kind = str(form.get("kind") or "registry")
            snapshot = str(form.get("snapshot") or "").strip() or None
            if not isinstance(file, UploadFile) or not file.filename:
                raise LokusErrorMessage("web.upload.no_file")
            tmpdir = Path(tempfile.mkdtemp(prefix="lokus-upload-"))
            name = Path(file.filename).name or "upload"
            path = tmpdir / name
            with path.open("wb") as fh:
                while chunk := await file.read(1 << 20):
                    fh.write(chunk)
        finally:
            await form.close()
        try:
            check_upload(path)
        except LokusError:
            shutil.rmtree(tmpdir, ignore_errors=True)
            raise
        job = app.state.jobs.start(user, path, kind=kind, snapshot=snapshot)
        if _is_htmx(request):
            return render(request, "upload_job.html", job=job.view(lang_of(request)))
        return RedirectResponse(f"/upload/jobs/{job.id}", status_code=303)

    @app.get("/upload/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def upload_job(job_id: str, request: Request, user: Account = Depends(require(Capability.upload))) -> Response:
        job = app.state.jobs.get(job_id, user.username)
        if job is None:
            raise NotFound()
        view = job.view(lang_of(request))
        if view["done"] and view["quarantine"] and not job.audited:
            job.audited = True
            store.audit(_action(request, Verb.view, "quarantine"), user=user.username, target=job.snapshot or "-",
                        rows=len(view["quarantine"]), scope=user.scope)
        template = "upload_job.html" if _is_htmx(request) else "upload_page.html"
        response = render(request, template, job=view)
        response.headers["vary"] = "HX-Request"
        return response

    @app.get("/map.png", include_in_schema=False)
    def district_map(request: Request, lang: str | None = None,
                     user: Account = Depends(require(Capability.overview))) -> Response:
        # the map's legend and title are in the page's language: the page asks for /map.png?lang=…, so a
        # cached image of the other language is never reused; without ?lang=, the cookie decides (Vary)
        png = store.district_map(lang if lang in LANGS else lang_of(request))
        if png is None:
            raise NotFound()
        return Response(png, media_type="image/png", headers={"cache-control": "private, max-age=300",
                                                              "vary": "Cookie"})

    @app.get("/packs", response_class=HTMLResponse, include_in_schema=False)
    def packs(request: Request, user: Account = Depends(require(Capability.packs))) -> Response:
        from lokus.regions import load_regions
        from lokus.web._packs import find_packs

        regions = load_regions()
        shown = []
        for pack in find_packs(app.state.packs_dir):
            if not may_download_pack(user, pack.district, personal=False):
                continue
            files = [f for f in pack.files if may_download_pack(user, pack.district, f.personal)]
            name = regions.get(pack.district).name if pack.district in regions else ""
            shown.append({"pack": pack, "files": files, "held_back": len(files) < len(pack.files),
                          "name": f"{name} ({pack.district})" if name else pack.district})
        return render(request, "packs.html", packs=shown, folder=str(app.state.packs_dir))

    @app.get("/packs/file/{rel:path}", include_in_schema=False)
    def pack_file(request: Request, found: Any = Depends(pack_file_in_scope),
                  user: Account = Depends(current_user)) -> Response:
        pack, f = found
        if f.personal:  # the brief and workbook name people: every download is accountable, naming them
            records = store.pack_records(f.name)  # those `lokus pack` recorded when it wrote the file
            store.audit(_action(request, Verb.export, "pack"), user=user.username, target=f"pack:{f.rel}", rows=len(records) or 1,
                        scope=pack.district, output=f.name, pseudonymised=pack.pseudonymised, records=records)
        media = {"pdf": "application/pdf", "png": "image/png", "svg": "image/svg+xml", "json": "application/json",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[f.kind]
        return FileResponse(f.path, media_type=media, filename=f.name, headers={"cache-control": "no-store"})


class LokusErrorMessage(LokusError, ValueError):
    """A web form error with its own message key."""


# --- the API -------------------------------------------------------------------------------------

def _api(app: FastAPI) -> None:
    store: Store = app.state.store

    @app.get("/api/openapi.json", include_in_schema=False)
    def api_openapi(user: Account = Depends(current_user)) -> JSONResponse:
        """The OpenAPI document (logged-in users; there is no interactive page)."""
        return JSONResponse(app.openapi(), headers={"cache-control": "no-store"})

    @app.get("/api/me", tags=["account"])
    def api_me(user: Account = Depends(current_user)) -> dict[str, Any]:
        """The logged-in account: role, scope, office."""
        return {"ok": True, **user.as_dict()}

    @app.get("/api/villages", tags=["villages"])
    def api_villages(request: Request, user: Account = Depends(require(Capability.overview))) -> dict[str, Any]:
        """Villages of the caller's scope with households, people and decile-1 households (where the
        caller may not see detail: counts below the threshold, ``$LOKUS_MIN_CELL``, and their
        complements are null — one pattern for every page and response). ``withheld``: the kinds of
        figure blanked as a whole (a small count nothing else could hide), each with its explanation."""
        rows = _village_rows(store, user)
        blanks = any(r["suppressed"] for r in rows)  # as the page: said where figures are protected
        notes = withheld_notes(store, user, lang_of(request), _VILLAGE_CELLS) if blanks else []
        return {"ok": True, "rows": rows, "withheld": notes}

    @app.get("/api/villages/{code}", tags=["villages"])
    def api_village(request: Request, village: dict[str, Any] = Depends(village_in_scope),
                    user: Account = Depends(current_user)) -> dict[str, Any]:
        """One village's profile: decile structure, children's growth status, program gaps."""
        prof = _village_profile(store, user, village, lang_of(request))
        return {"ok": True, "village": prof["v"], "programs": prof["programs"], "ranking": prof["rank_row"],
                "changes": prof["changes"],
                "withheld": [] if prof["detail"] else withheld_notes(store, user, lang_of(request))}

    @app.get("/api/loci", tags=["loci"])
    def api_loci(request: Request, user: Account = Depends(require(Capability.overview))) -> dict[str, Any]:
        """The priority ranking (founding rule) with reasons; ``selected``: one of the priority loci (the
        top 20, as on the map and in the meeting pack)."""
        rows = _loci_rows(store, user, lang_of(request))
        blanks = any(r[k] is None for r in rows for k in _LOCI_CELLS)
        notes = withheld_notes(store, user, lang_of(request), _LOCI_CELLS.values()) if blanks else []
        return {"ok": True, "rows": rows, "withheld": notes}

    @app.get("/api/loci/{code}/explain", tags=["loci"])
    def api_explain(code: str, request: Request, user: Account = Depends(require(Capability.overview))) -> dict[str, Any]:
        """Why a village has its rank."""
        return {"ok": True, "code": code, "lines": _explain(store, user, code, lang_of(request))}

    @app.get("/api/households", tags=["households"])
    def api_households(request: Request, q: str = Query("", max_length=100), village: str | None = Query(None, max_length=20),
                       offset: int = Query(0, ge=0, le=10**7), user: Account = Depends(require(Capability.households))
                       ) -> dict[str, Any]:
        """Households of the caller's scope (search by name, NIK or household id). Audited."""
        rows, total = _households(store, request, user, q, village, offset)
        return {"ok": True, "total": total, "offset": offset, "rows": _jsonable(rows)}

    @app.get("/api/households/{household_id}", tags=["households"])
    def api_household(request: Request, household: dict[str, Any] = Depends(household_in_scope),
                      user: Account = Depends(current_user)) -> dict[str, Any]:
        """One household: members and housing. Audited."""
        _audit_household(store, request, user, household)
        return {"ok": True, "household": _jsonable(household)}

    @app.get("/api/children", tags=["children"])
    def api_children(request: Request, village: str | None = Query(None, max_length=20), offset: int = Query(0, ge=0, le=10**7),
                     user: Account = Depends(require(Capability.children))) -> dict[str, Any]:
        """Children of the caller's scope, latest measurement each, shortest first. Audited."""
        rows, total = _children(store, request, user, village, offset)
        return {"ok": True, "total": total, "offset": offset, "rows": _jsonable(rows)}

    @app.get("/api/children/{child_id}", tags=["children"])
    def api_child(request: Request, child: dict[str, Any] = Depends(child_in_scope),
                  user: Account = Depends(current_user)
                  ) -> dict[str, Any]:
        """One child's measurements with WHO z-scores. Audited."""
        table = store.child_measurements(child).to_pylist()
        store.audit(_action(request, Verb.view, "child"), user=user.username, target=f"child:{child['child_id']}", rows=len(table),
                    scope=child["village_code"], records=[child["nik"] or child["child_id"]])
        return {"ok": True, "child": _jsonable(_child_view(child)), "measurements": _jsonable(table)}

    @app.get("/api/worklist", tags=["worklist"])
    def api_worklist(request: Request, target: tuple[str, str] = Depends(worklist_target),
                     user: Account = Depends(current_user),
                     offset: int = Query(0, ge=0, le=10**7)) -> dict[str, Any]:
        """The caller's worklist (office or village). Audited."""
        rows, total = _worklist(store, request, user, target, offset, PAGE_SIZE)
        return {"ok": True, "kind": target[0], "code": target[1], "total": total, "rows": _jsonable(rows)}


# --- view models (no rules: shaping what the core returned) ----------------------------------------

def _jsonable(value: Any) -> Any:
    from datetime import date, datetime

    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items() if k != "key"}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _public(store: Store, user: Account) -> Any:
    """The protected counts (one pattern for every page and response) for ``user``: where the user
    sees some villages in detail, their counts count as published."""
    return store.public(user.scope if user.role in DETAIL_ROLES else None)


def suppression_notes(lang: str) -> dict[str, str]:
    """The notices, with the threshold in force (:func:`lokus.privacy.min_cell`)."""
    from lokus.privacy import min_cell

    k = min_cell()
    return {"note": t("web.suppressed_note", lang, k=k), "help": t("web.suppressed_help", lang, k=k, last=k - 1)}


def withheld_notes(store: Store, user: Account, lang: str, shown: Collection[str] | None = None) -> list[dict[str, Any]]:
    """One notice per family of counts blanked whole for ``user`` (a small count no complementary cell
    could hide: every other non-zero count of the family is blanked): what is withheld and why.
    ``shown``: the counts the page or response shows (None: any), so a notice names what the reader sees."""
    from lokus.privacy import min_cell

    out = []
    for variables in _public(store, user).withheld():
        if shown is not None and not set(variables) & set(shown):
            continue
        names = list(dict.fromkeys(t(f"web.withheld.family.{v}", lang) if has(f"web.withheld.family.{v}")
                                   else header(v, lang) for v in variables[:1] or variables))
        out.append({"variables": list(variables),
                    "message": t("web.withheld.whole", lang, figures=", ".join(names), k=min_cell())})
    return out


def _village_rows(store: Store, user: Account) -> list[dict[str, Any]]:
    out = []
    pub = None
    for v in store.villages_under(list_scope(user)):
        detail = sees_detail(user, v["code"])
        d1 = v["deciles"][0]
        if detail:
            counts = {"households": v["households"], "people": v["people"], "decile1_households": d1}
        else:
            pub = pub or _public(store, user)
            counts = {"households": pub.get(v["code"], "households"), "people": pub.get(v["code"], "people"),
                      "decile1_households": pub.get(v["code"], "decile_1")}
        out.append({"code": v["code"], "name": v["name"], "kecamatan": v["kecamatan"], **counts,
                    "suppressed": not detail})
    return out


def _overview(store: Store, user: Account, lang: str) -> dict[str, Any]:
    district = store.district()
    targets: list[dict[str, Any]] = []
    if district is not None:
        from lokus.indicators import published_values, target_name_text, target_progress

        # published district figures are public: every role sees the district's progress
        df = store.cached(f"targets_{district}", lambda: target_progress(district, values=published_values()))
        targets = [{**r, "basis": target_name_text(r.get("target"), lang) or None} for r in df.to_dicts()]
    villages = _village_rows(store, user)
    if user.role in DETAIL_ROLES:  # every village of the scope in detail
        households: int | None = sum(v["households"] or 0 for v in villages)
        people: int | None = sum(v["people"] or 0 for v in villages)
    else:  # the scope's own published total (a district or kecamatan cell of the one pattern)
        pub = _public(store, user)
        codes = [v["code"] for v in villages]
        households, people = pub.total(codes, "households"), pub.total(codes, "people")
    table = store.ranking_lang(lang)
    by_code = {r["code"]: r for r in (table.to_pylist() if table is not None else [])}
    selected = [by_code[c] for c in store.priority_loci() if c in by_code]  # as the map and the meeting pack
    has_map = store.district_map(lang) is not None
    from lokus.regions import load_regions

    regions = load_regions()
    name = _region_title(district, regions) if district else None
    narrower = bool(district) and user.scope.startswith(f"{district}.")  # a kecamatan's or a pekon's account
    return {"district": district, "district_name": name, "targets": targets, "n_villages": len(villages),
            "households": households, "people": people, "selected": selected, "has_map": has_map,
            "scope_name": _region_title(user.scope, regions) if narrower else name, "narrower": narrower}


def _region_title(code: str, regions: Any) -> str:
    """A region as its title reads: "Pekon Pampangan", "Kecamatan Sekincau", "Kabupaten Lampung Barat"."""
    if code not in regions:
        return code
    region = regions.get(code)
    kind = (region.local_kind or region.kind or "").strip()
    if not kind or region.name.lower().startswith(kind.lower()):
        return str(region.name)
    return f"{kind[:1].upper()}{kind[1:]} {region.name}"


_LOCI_KEYS = ("rank", "selected", "code", "name", "parent_name", "residents", "decile1_people",
              "decile1_households", "decile1_share", "stunting_locus", "reason")


#: The counts of the villages' list (page and API), as cells of the one pattern.
_VILLAGE_CELLS = ("households", "people", "decile_1")

#: The ranking's counts and the cells of the one pattern they are (residents are the registry's people).
_LOCI_CELLS = {"residents": "people", "decile1_people": "decile1_people", "decile1_households": "decile_1"}


def _loci_rows(store: Store, user: Account, lang: str) -> list[dict[str, Any]]:
    """The ranking as the user may see it: full rows in scope; outside it, the counts of the one
    protected pattern, and the share and reason blanked on a row with a blank."""
    table = store.ranking_lang(lang)
    raws = store.cached(f"loci_rows_{lang}", lambda: [{k: r.get(k) for k in _LOCI_KEYS}
                                                     for r in (table.to_pylist() if table is not None else [])])
    loci = set(store.priority_loci())  # "selected" means what the map and the meeting pack call a priority locus
    pub = None
    out = []
    for raw in raws:
        if sees_detail(user, raw["code"]):
            out.append({**raw, "selected": raw["code"] in loci})
            continue
        pub = pub or _public(store, user)
        row = {**raw, "selected": raw["code"] in loci}
        for key, var in _LOCI_CELLS.items():
            row[key] = pub.get(raw["code"], var, raw[key])
        if pub.any_blank(raw["code"], _LOCI_CELLS.values()):
            row["decile1_share"] = None
            row["reason"] = suppression_notes(lang)["note"]
        out.append(row)
    return out


def _explain(store: Store, user: Account, code: str, lang: str) -> list[str]:
    from lokus.regions import try_normalize_code

    dotted = try_normalize_code(code)
    table, _ = store.ranking()
    if dotted is None or table is None or dotted not in set(table["code"].to_pylist()):
        raise NotFound()
    loci = store.priority_loci()
    where = t("web.loci.in_top" if dotted in loci else "web.loci.not_in_top", lang, n=fmt_int(len(loci), lang))
    if not sees_detail(user, dotted):
        row = next(r for r in _loci_rows(store, user, lang) if r["code"] == dotted)
        return [str(row["reason"]), where]
    return [*store.explain(dotted, lang), where]


def _village_profile(store: Store, user: Account, v: dict[str, Any], lang: str) -> dict[str, Any]:
    from lokus.web._public import DECILES, PAIRS

    code = v["code"]
    detail = sees_detail(user, code)
    pub = None if detail else _public(store, user)
    view = dict(v)
    if pub is not None:
        view["deciles"] = [pub.get(code, d) for d in DECILES]
        view["households"], view["people"] = pub.get(code, "households"), pub.get(code, "people")
        if v["growth"]:
            view["growth"] = {k: pub.get(code, k, x) for k, x in v["growth"].items()}
    programs = store.village_programs().get(code)
    # programs the core has no list, flag or delivery for: "tidak ada data" (not a suppressed small count)
    no_data = {k[4:].upper() for k, x in (programs or {}).items() if k.startswith("gap_") and x is None}
    if programs and pub is not None:
        # the counts of the one pattern (gap pairs = the gaps per program, eligible = covered + gaps);
        # the coverage's own household count is left out (the registry's is shown), the score is
        # blanked with any blank of the row (it is covered / eligible)
        counts = [k for k in programs if k in PAIRS or (k.startswith("gap_") and programs[k] is not None)]
        shown = {k: programs[k] for k in ("village_code", "village_name", "rank")}
        shown.update({k: pub.get(code, k) for k in counts})
        shown.update({k: None for k, x in programs.items() if k.startswith("gap_") and x is None})
        shown["score_convergence"] = None if pub.any_blank(code, counts) else programs["score_convergence"]
        programs = shown
    rank_row = next((r for r in _loci_rows(store, user, lang) if r["code"] == code), None)
    total = sum(x or 0 for x in view["deciles"])
    return {"v": view, "programs": programs, "rank_row": rank_row, "detail": detail,
            "decile_total": total, "program_codes": store.program_codes(), "program_names": store.program_names(),
            "no_data": no_data, "changes": _changes(store, code, pub, programs)}


def _changes(store: Store, code: str, pub: Any, programs: dict[str, Any] | None) -> dict[str, Any] | None:
    """This village's gaps closed and new since the latest saved meeting (None: no meeting saved);
    where the user may not see detail (``pub``), the counts of the one protected pattern and the
    current score as on the programs card."""
    found = store.meeting_changes()
    if found is None:
        return None
    meeting, by_village = found
    row = by_village.get(code)
    if row is None:
        return {"meeting": meeting, "row": None}
    view = dict(row)
    if pub is not None:
        view["gaps_closed"], view["gaps_new"] = pub.get(code, "gaps_closed"), pub.get(code, "gaps_new")
        if "score_convergence" in view:
            view["score_convergence"] = (programs or {}).get("score_convergence")
    return {"meeting": meeting, "row": view}


def _households(store: Store, request: Request, user: Account, q: str, village: str | None, offset: int,
                limit: int = PAGE_SIZE, verb: Verb = Verb.list) -> tuple[list[dict[str, Any]], int]:
    from lokus.regions import try_normalize_code

    v = try_normalize_code(village) if village else None
    if village and (v is None or not user.covers(v)):
        if v is not None:  # another region's households: refused (the page shows none), and audited
            _audit_denied(store, request, "scope", f"households village:{v}")
        return [], 0
    searched = _searched_nik(q)  # a NIK typed with dots or spaces, as on the KTP, is searched as its digits
    rows, total = store.households(list_scope(user), q=searched[0] if searched else q[:100], village=v,
                                   offset=offset, limit=limit)
    if not rows and searched:  # a whole NIK of someone outside the scope: refused like another village
        owner = store.nik_village(searched[0])
        if owner is not None and not user.covers(owner):
            _audit_denied(store, request, "scope", "households search", searched)
    if rows:
        # The search text is a name or a NIK: it never enters the hash chain (``target``). A NIK searched
        # for is kept with the people shown, in ``audit_detail``: subject access finds it, erasure blanks it.
        store.audit(_action(request, verb, "households"), user=user.username,
                    target="households search" if q.strip() else "households",
                    rows=len(rows), scope=v or list_scope(user), records=[*searched, *_shown(rows)])
    return rows, total


def _searched_nik(q: str) -> list[str]:
    """``[nik]`` when the search text is a whole NIK (16 digits, dots, spaces or dashes allowed), else []."""
    from lokus.errors import ConfigError
    from lokus.privacy import normalise_nik

    try:
        return [normalise_nik(q.strip())] if q.strip() else []
    except ConfigError:
        return []


def _shown(rows: list[dict[str, Any]]) -> list[str]:
    """The people a list page showed (head NIK, else KK) and its household ids, for the audit row."""
    from lokus.privacy import records_shown

    return [*records_shown(rows), *(str(r["household_id"]) for r in rows if r.get("household_id"))]


def _audit_household(store: Store, request: Request, user: Account, household: dict[str, Any]) -> None:
    store.audit(_action(request, Verb.view, "household"), user=user.username, target=f"household:{household['household_id']}",
                rows=len(household["members"]), scope=household["village_code"],
                records=[m["nik"] for m in household["members"] if m["nik"]])


def _child_view(c: dict[str, Any]) -> dict[str, Any]:
    return {**{k: c[k] for k in ("child_id", "name", "sex", "birth_date", "measure_date", "weight_kg",
                                   "lenhei_cm", "zlen", "zwei", "zwfl", "village_code", "posyandu")},
            "age_months": age_months(c["birth_date"], c["measure_date"]),
            "status": _status(c["zlen"])}


def _status(z: float | None) -> str:
    if z is None:
        return "unknown"
    return "severely_stunted" if z < -3 else "stunted" if z < -2 else "normal"


def _children(store: Store, request: Request, user: Account, village: str | None, offset: int,
              limit: int = PAGE_SIZE) -> tuple[list[dict[str, Any]], int]:
    from lokus.regions import try_normalize_code

    v = try_normalize_code(village) if village else None
    if village and (v is None or not user.covers(v)):
        if v is not None:
            _audit_denied(store, request, "scope", f"children village:{v}")
        return [], 0
    every = store.children(list_scope(user), v)
    items = every[offset: offset + limit]
    if items:
        store.audit(_action(request, Verb.list, "children"), user=user.username, target="children", rows=len(items),
                    scope=v or list_scope(user), records=[c["nik"] or c["child_id"] for c in items])
    return [_child_view(c) for c in items], len(every)


def _worklist(store: Store, request: Request, user: Account, target: tuple[str, str], offset: int, limit: int,
              verb: Verb = Verb.view) -> tuple[list[dict[str, Any]], int]:
    kind, code = target
    table = store.office_worklist(code) if kind == "office" else store.village_worklist(code)
    if table is None:
        return [], 0
    rows = [r for r in table.to_pylist() if user.covers(r["village_code"])]
    page = rows[offset: offset + limit]
    if page:
        store.audit(_action(request, verb, "worklist"), user=user.username, target=f"{kind}:{code}", rows=len(page),
                    scope=code if kind == "village" else list_scope(user),
                    records=_shown(page))
    return page, len(rows)


def _csv_response(rows: list[dict[str, Any]], filename: str, lang: str) -> Response:
    """A CSV download through lokus.reports (formula-safe, NIK as text)."""
    import pyarrow as pa

    from lokus.reports import write_table

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / filename
        table = pa.Table.from_pylist(rows) if rows else pa.table({"empty": pa.array([], pa.string())})
        write_table(table, path, lang=lang)
        data = path.read_bytes()
    return Response(io.BytesIO(data).getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{filename}"', "cache-control": "no-store"})
