"""Randomised: requests by scoped users over every route with random ids return no NIK and no name
from outside the user's scope. Every (user, route) pair is asked ``DRAWS`` times with other random ids
(in scope, another village's, missing, malformed) rather than thousands of requests at random: the
same coverage of routes and accounts in an eighth of the requests (each writes its audit row)."""

from __future__ import annotations

import random
import re
import secrets

from tests.web._fixture import MINE, OTHER, VILLAGES

DRAWS = 4  # random ids per (user, route)
NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
UPPER = re.compile(r"[A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+)*")


def _people(app):
    con = app.state.store.ws().con
    reg = con.execute("SELECT village_code, nik, name FROM registry").fetchall()
    # family card numbers shown in scope are 16 digits too (a synthetic KK can equal a NIK elsewhere)
    reg += con.execute("SELECT DISTINCT village_code, kk, NULL FROM registry").fetchall()
    kids = con.execute("SELECT village_code, nik, name FROM growth_measurements").fetchall()
    return [(v, n, m) for v, n, m in reg + kids if v]


def _forbidden(people, scope: str | None):
    """NIKs and names outside ``scope`` (None: every one); names that also occur inside are allowed."""
    inside = lambda v: scope is not None and (v == scope or v.startswith(scope + "."))  # noqa: E731
    # a person can appear in two villages (a child measured at another posyandu): inside wins
    niks = {n for v, n, _ in people if n and not inside(v)} - {n for v, n, _ in people if n and inside(v)}
    names_out = {m for v, _, m in people if m and not inside(v)}
    names_in = {m for v, _, m in people if m and inside(v)}
    return niks, names_out - names_in


def _routes(rng: random.Random, ids: dict[str, list[str]]) -> list[str]:
    """Every route, each with random ids drawn for it."""
    hh = rng.choice(ids["households"] + [f"P3KE{rng.randrange(10**15):015d}", secrets.token_hex(4)])
    child = rng.choice(ids["children"] + [secrets.token_hex(10), "x"])
    village = rng.choice(list(VILLAGES) + ["18.04.08.2003", "18.04", "99.99", "abc", "1804042002"])
    name = rng.choice(ids["names"])
    q = rng.choice([name, name.split()[0], ids["niks"][rng.randrange(len(ids["niks"]))], hh, "a", ""])
    offset = rng.choice([0, 0, 50, 100, rng.randrange(0, 5000)])
    office = rng.choice(["dinsos", "dinkes", "pupr", "bogus"])
    return [
        "/", "/loci", f"/loci/{village}/explain", "/villages", f"/villages/{village}",
        f"/households?q={q}&offset={offset}", f"/households?village={village}&q={q}", f"/households/{hh}",
        f"/households/export.csv?village={village}&q={q}", f"/children?village={village}&offset={offset}",
        f"/children/{child}", f"/worklist?office={office}&offset={offset}", f"/worklist?village={village}",
        f"/worklist/export.csv?village={village}", "/api/me", "/api/villages", f"/api/villages/{village}",
        "/api/loci", f"/api/loci/{village}/explain", f"/api/households?q={q}&offset={offset}",
        f"/api/households?village={village}", f"/api/households/{hh}", f"/api/children?village={village}",
        f"/api/children/{child}", f"/api/worklist?office={office}&village={village}", "/upload", "/packs",
    ]


def test_no_out_of_scope_personal_data(app, client_as):
    people = _people(app)
    con = app.state.store.ws().con
    children = list(app.state.store._children_index())
    ids = {
        "households": [r[0] for r in con.execute(
            "SELECT household_id FROM registry USING SAMPLE 300 ROWS").fetchall()],
        "children": children[:: max(1, len(children) // 300)],
        "names": [m for _, _, m in people[:: max(1, len(people) // 500)] if m],
        "niks": [n for _, n, _ in people[:: max(1, len(people) // 500)] if n],
    }
    users = {"pera": MINE, "bidan": MINE, "pera2": OTHER, "bidan2": OTHER, "prov": None, "dinsos": "18.04"}
    forbidden = {u: _forbidden(people, s) for u, s in users.items()}
    rng = random.Random(20221)
    statuses: dict[int, int] = {}
    n_routes = len(_routes(rng, ids))
    for i in range(len(users) * n_routes * DRAWS):  # every (user, route) pair DRAWS times
        user = list(users)[i % len(users)]
        url = _routes(rng, ids)[(i // len(users)) % n_routes]
        r = client_as(user).get(url)
        statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
        assert r.status_code < 500, (user, url)
        text = r.text
        for value in re.findall(r"=([^&]+)", url):  # what the user typed is echoed (search box), not leaked
            text = text.replace(value, "")
        niks, names = forbidden[user]
        leaked = [n for n in NIK.findall(text) if n in niks]
        assert not leaked, (user, url, leaked[:3])
        leaked_names = [m for m in UPPER.findall(text) if m in names]
        assert not leaked_names, (user, url, leaked_names[:3])
    assert sum(statuses.values()) == len(users) * n_routes * DRAWS
    assert statuses.get(200, 0) > 200 and statuses.get(404, 0) > 100  # both the shown and the refused
