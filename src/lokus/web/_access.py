"""Who may see what: the one place where the web app checks roles and region scope.

Every route gets its user and its object through the FastAPI dependencies below. An object outside
the user's scope, or a kind of object the role may not see, raises :class:`NotFound` — the same
404 as an object that does not exist, so a URL never tells whether another village's household
exists. Lists, searches and exports are all limited by :func:`list_scope` and the same capability.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from fastapi import Depends, Request

from lokus.web._accounts import Account, Role
from lokus.web._security import SESSION_COOKIE


class Capability(StrEnum):
    overview = "overview"  # aggregates: indicators, villages, loci ranking
    households = "households"  # registry households with names and NIKs
    children = "children"  # children's measurements and growth charts
    worklist = "worklist"  # households missing programs (office: its programs; village: its pekon)
    upload = "upload"  # load a file into the workspace
    packs = "packs"  # meeting pack downloads


_ALL = set(Capability)
CAPABILITIES: dict[Role, set[Capability]] = {
    Role.province: {Capability.overview, Capability.packs},
    Role.admin: _ALL,
    Role.analyst: _ALL,
    Role.office: {Capability.overview, Capability.worklist, Capability.packs},
    Role.village_head: {Capability.overview, Capability.households, Capability.worklist},
    Role.midwife: {Capability.overview, Capability.children},
}
#: Roles that see personal data and unsuppressed counts inside their scope.
DETAIL_ROLES = {Role.admin, Role.analyst, Role.office, Role.village_head, Role.midwife}


@dataclass(frozen=True)
class Denied:
    """Why a request was refused, for its audit row: ``reason`` "scope" (the object lies outside the
    user's region) or "role" (the role may not see this kind of object); ``target`` what was asked for,
    never text the user typed (a region code, a pack file that exists; None: the route's path template);
    ``records`` the people the refused object names (NIK, household id), kept in ``audit_detail`` only."""

    reason: str
    target: str | None = None
    records: tuple[str, ...] = ()


class NotFound(Exception):
    """404: missing, out of scope, or not for this role (indistinguishable on purpose). ``denied``: the
    request was refused (out of scope or not for this role), not missing; the refusal is audited."""

    def __init__(self, denied: Denied | None = None) -> None:
        super().__init__()
        self.denied = denied


class NotLoggedIn(Exception):
    """No valid session: pages redirect to the login page, the API answers 401."""


def can(user: Account, cap: Capability) -> bool:
    return cap in CAPABILITIES.get(user.role, set())


def list_scope(user: Account) -> str:
    """The region every list, search and export of ``user`` is limited to."""
    return user.scope


def sees_detail(user: Account, village_code: str | None) -> bool:
    """Whether aggregates about ``village_code`` are shown to ``user`` without small-cell suppression."""
    return user.role in DETAIL_ROLES and user.covers(village_code)


def may_download_pack(user: Account, district: str, personal: bool) -> bool:
    """Whether ``user`` may list (and download) a meeting pack of ``district``: the packs capability
    and the district inside the user's scope. A file with personal data (the PDF and workbook name the
    heads of household of every locus, with their NIK, KK and address, and the stunted children) only
    for roles that may see both households and children across the district: an office or province
    account gets the maps only, since the village sheets list other offices' gaps and children's
    health."""
    if not can(user, Capability.packs) or not user.covers(district):
        return False
    if not personal:
        return True
    return (sees_detail(user, district) and can(user, Capability.households)
            and can(user, Capability.children))


def current_user(request: Request) -> Account:
    app = request.app.state
    session = app.sessions.get(request.cookies.get(SESSION_COOKIE))
    if session is None:
        raise NotLoggedIn()
    account = app.store.account(session.username)
    if account is None or account.disabled:
        app.sessions.drop(request.cookies.get(SESSION_COOKIE))
        raise NotLoggedIn()
    request.state.user = account
    return account


def require(cap: Capability) -> Any:
    """Dependency: the logged-in user, who must have ``cap`` (else 404)."""
    def dependency(user: Account = Depends(current_user)) -> Account:
        if not can(user, cap):
            raise NotFound(Denied("role"))
        return user
    return dependency


def village_in_scope(code: str, request: Request, user: Account = Depends(require(Capability.overview))) -> dict[str, Any]:
    """A village of the user's scope that has registry data, else 404."""
    from lokus.regions import try_normalize_code

    dotted = try_normalize_code(code)
    store = request.app.state.store
    village = store.village_stats().get(dotted or "") if dotted else None
    if village is None:
        raise NotFound()
    if not user.covers(dotted):
        raise NotFound(Denied("scope", f"village:{dotted}"))
    return village


def household_in_scope(household_id: str, request: Request, user: Account = Depends(require(Capability.households))) -> dict[str, Any]:
    store = request.app.state.store
    village = store.household_village(household_id[:64])
    if village is None:
        raise NotFound()
    if not user.covers(village):  # the household exists: its id and members' NIKs go to audit_detail only
        found = store.household(household_id[:64])
        raise NotFound(Denied("scope", "household", (household_id[:64], *(m["nik"] for m in found["members"]
                                                                          if m["nik"]))))
    return store.household(household_id)


def child_in_scope(child_id: str, request: Request, user: Account = Depends(require(Capability.children))) -> dict[str, Any]:
    store = request.app.state.store
    child = store.child(child_id[:64])
    if child is None:
        raise NotFound()
    if not user.covers(child["village_code"]):
        raise NotFound(Denied("scope", "child", (child["nik"] or child["child_id"],)))
    return child


def worklist_target(request: Request, office: str | None = None, village: str | None = None,
                    user: Account = Depends(require(Capability.worklist))) -> tuple[str, str]:
    """("office", code) or ("village", code): an office sees its own office's worklist, a village head
    his own pekon's; the district team may pick either inside its scope."""
    from lokus.convergence import Office
    from lokus.regions import try_normalize_code

    if user.role is Role.office:
        return "office", user.office or ""
    if user.role is Role.village_head:
        return "village", user.scope
    if village:
        dotted = try_normalize_code(village)
        if dotted is None or dotted not in request.app.state.store.village_stats():
            raise NotFound()
        if not user.covers(dotted):
            raise NotFound(Denied("scope", f"worklist village:{dotted}"))
        return "village", dotted
    valid = [o.value for o in Office]
    chosen = (office or valid[0]).strip().lower()
    if chosen not in valid:
        raise NotFound()
    return "office", chosen


def pack_file_in_scope(rel: str, request: Request, user: Account = Depends(require(Capability.packs))) -> Any:
    """A listed meeting-pack file (``(pack, file)``, see :mod:`lokus.web._packs`) that ``user`` may
    download, else 404."""
    from lokus.web._packs import find_file

    found = find_file(request.app.state.packs_dir, rel[:300])
    if found is None:
        raise NotFound()
    pack, file = found
    if not may_download_pack(user, pack.district, file.personal):
        raise NotFound(Denied("scope" if not user.covers(pack.district) else "role", f"pack:{file.rel}"))
    return found
