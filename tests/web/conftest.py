"""Web fixtures: the small demo workspace (built once), an app over it, logged-in clients."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.web._fixture import PASSWORDS, WebFixture, build


@pytest.fixture(scope="session")
def web_fixture(tmp_path_factory: pytest.TempPathFactory) -> WebFixture:
    return build(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="session")
def app(web_fixture: WebFixture, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """An app over a copy of the fixture workspace (tests that write use :func:`fresh_app`)."""
    from lokus.web import create_app

    path = tmp_path_factory.mktemp("served") / "ws.duckdb"
    shutil.copy(web_fixture.workspace, path)
    application = create_app(path)
    yield application
    application.state.store.close()


@pytest.fixture
def fresh_app(web_fixture: WebFixture, tmp_path: Path) -> Iterator[object]:
    from lokus.web import create_app

    path = tmp_path / "ws.duckdb"
    shutil.copy(web_fixture.workspace, path)
    application = create_app(path, max_upload=2 * 1024 * 1024)
    yield application
    application.state.store.close()


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def login(client: object, username: str, password: str | None = None) -> object:
    r = client.get("/login")  # type: ignore[attr-defined]
    return client.post("/login", data={"username": username, "password": password or PASSWORDS[username],  # type: ignore[attr-defined]
                                       "csrf": csrf_of(r.text), "next": "/"}, follow_redirects=False)


@pytest.fixture(scope="session")
def client_as(app: object) -> Callable[[str], object]:
    """``client_as("pera")`` → a TestClient logged in as that account (cached per user)."""
    from fastapi.testclient import TestClient

    clients: dict[str, object] = {}

    def make(username: str) -> object:
        if username not in clients:
            client = TestClient(app)
            r = login(client, username)
            assert r.status_code == 303, r.text
            clients[username] = client
        return clients[username]

    return make
