"""One name scheme for every audited web action: ``<web|api>.<resource>.<verb>`` (lokus.privacy._actions)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.web._fixture import MINE, OTHER
from tests.web.test_audit_web import _last_seq, _rows_since
from tests.web.test_map_packs_changes import STEM, _write_pack


def _ids(app: object) -> dict[str, str]:
    con = app.state.store.ws().con  # type: ignore[attr-defined]
    hh = con.execute("SELECT min(household_id) FROM registry WHERE village_code = ?", [MINE]).fetchone()[0]
    child = next(c["child_id"] for c in app.state.store._children_index().values()  # type: ignore[attr-defined]
                 if c["village_code"] == MINE)
    return {"hh": hh, "child": child}


#: endpoint (as a user asks for it) → the one action its audit row names
TABLE = (
    ("pera", "/households", "web.households.list"),
    ("pera", "/api/households", "api.households.list"),
    ("pera", "/households/export.csv", "web.households.export"),
    ("pera", "/households/{hh}", "web.household.view"),
    ("pera", "/api/households/{hh}", "api.household.view"),
    ("bidan", "/children", "web.children.list"),
    ("bidan", "/api/children", "api.children.list"),
    ("bidan", "/children/{child}", "web.child.view"),
    ("bidan", "/api/children/{child}", "api.child.view"),
    ("bidan", "/children/{child}/chart.svg", "web.child_chart.view"),
    ("pera", "/worklist", "web.worklist.view"),
    ("pera", "/api/worklist", "api.worklist.view"),
    ("dinsos", "/worklist/export.csv", "web.worklist.export"),
    ("admin", f"/packs/file/2026-11/{STEM}.pdf", "web.pack.export"),
    ("pera", f"/villages/{OTHER}", "web.village.denied_scope"),
    ("pera", f"/api/villages/{OTHER}", "api.village.denied_scope"),
    ("bidan", "/households", "web.households.denied_role"),
    ("bidan", "/api/households", "api.households.denied_role"),
)


def test_every_endpoint_audits_its_one_action(fresh_app):
    from fastapi.testclient import TestClient

    from tests.web.conftest import login

    _write_pack(fresh_app.state.packs_dir / "2026-11")  # type: ignore[attr-defined]
    ids = _ids(fresh_app)
    clients: dict[str, TestClient] = {}
    seen = []
    for user, url, _expected in TABLE:
        if user not in clients:
            clients[user] = TestClient(fresh_app)
            login(clients[user], user)
        seq = _last_seq(fresh_app)
        clients[user].get(url.format(**ids))
        seen.append((user, url, [r["action"] for r in _rows_since(fresh_app, seq)]))
    assert seen == [(user, url, [expected]) for user, url, expected in TABLE]


def test_the_web_app_names_no_action_outside_the_scheme():
    """No literal action in the web app: every audit row's name comes from web_action()."""
    import lokus.web

    folder = Path(lokus.web.__file__).parent
    text = "\n".join(p.read_text(encoding="utf-8") for p in folder.glob("*.py"))
    assert not re.findall(r"\.audit\(\s*f?[\"']", text)
    assert "action=" not in text


@pytest.mark.parametrize("action", [a for _, _, a in TABLE])
def test_every_action_of_the_table_fits_the_scheme(action):
    from lokus.privacy import parse_action, web_action

    parsed = parse_action(action)
    assert parsed is not None and web_action(*parsed) == action


def test_an_action_outside_the_scheme_is_refused():
    from lokus.errors import ConfigError
    from lokus.privacy import web_action

    with pytest.raises(ConfigError, match="resource 'kitten'"):
        web_action("web", "kitten", "view")
    with pytest.raises(ConfigError, match="verb 'download'"):
        web_action("web", "pack", "download")


def test_actions_are_said_in_both_languages_also_the_old_names():
    from lokus.privacy import describe_action

    assert describe_action("web.households.list", "id") == "Halaman web: daftar rumah tangga"
    assert describe_action("web.households.list", "en") == "Web page: list of households"
    assert describe_action("api.household.view", "en") == "API: viewed one household"
    assert describe_action("households.export", "id") == "Halaman web: unduh rumah tangga"  # an earlier version's name
    assert describe_action("web.denied.scope", "en") == "Web page: refused, outside the account's region (request)"
    assert describe_action("quarantine.list", "en") == "View quarantine"  # a command-line action: its label
    assert describe_action("no.such.thing", "en") == "no.such.thing"  # unknown: its name
