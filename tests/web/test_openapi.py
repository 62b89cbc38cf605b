"""schemathesis against the OpenAPI document: no 5xx for any generated request (bounded examples),
logged in as a district analyst and as a village head."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")

from tests.web.conftest import login  # noqa: E402

MAX_EXAMPLES = 25


@pytest.fixture(scope="module")
def api(app, client_as):
    return schemathesis.openapi.from_asgi("/api/openapi.json", app, cookies=_cookies(client_as, "ana"))


def _cookies(client_as, user: str) -> dict[str, str]:
    client = client_as(user)
    return {"lokus_session": client.cookies.get("lokus_session")}


def test_openapi_document_lists_the_api(client_as):
    doc = client_as("ana").get("/api/openapi.json").json()  # for logged-in users only
    paths = set(doc["paths"])
    assert {"/api/households", "/api/households/{household_id}", "/api/children/{child_id}", "/api/loci",
            "/api/worklist", "/api/villages/{code}"} <= paths
    assert all(p.startswith("/api/") for p in paths)


@pytest.mark.slow
@pytest.mark.parametrize("user", ["ana", "pera"])
def test_no_server_errors(app, client_as, user):
    from hypothesis import given

    cookies = _cookies(client_as, user)
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app, cookies=cookies)
    seen: list[int] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call(cookies=cookies)
            seen.append(response.status_code)
            assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])

        check()
    assert seen and seen.count(200) > 10


def test_unused_login_helper_is_importable():
    assert callable(login)
