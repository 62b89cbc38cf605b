"""The names of audited web actions: one scheme, ``<surface>.<resource>.<verb>``.

* ``surface``: ``web`` for a page (or a file downloaded from a page), ``api`` for a JSON endpoint;
* ``resource``: what was asked for, in the singular for one object (``household``) and the plural
  for a list (``households``);
* ``verb``: ``list``, ``view``, ``export`` (a file downloaded), or ``denied_scope`` / ``denied_role``
  (a refused request: outside the account's region, or not for its role).

So ``web.households.list``, ``api.household.view``, ``web.households.export``,
``api.worklist.view``, ``web.household.denied_scope``. :func:`web_action` builds a name (and refuses
one outside the scheme); :func:`describe_action` says it in words for ``lokus audit list``, also for
the names earlier versions wrote (:data:`LEGACY_ACTIONS`), which the chain keeps unchanged.
"""

from __future__ import annotations

from enum import StrEnum

from lokus.errors import ConfigError
from lokus.i18n import DEFAULT_LANG, has, t

__all__ = ["LEGACY_ACTIONS", "RESOURCES", "Surface", "Verb", "describe_action", "parse_action", "web_action"]


class Surface(StrEnum):
    web = "web"
    api = "api"


class Verb(StrEnum):
    list = "list"
    view = "view"
    export = "export"
    denied_scope = "denied_scope"
    denied_role = "denied_role"


#: Every resource a web action can name (labels: ``privacy.action.resource.<name>``).
RESOURCES: tuple[str, ...] = (
    "overview", "loci", "locus", "villages", "village", "households", "household", "children", "child",
    "child_chart", "worklist", "upload", "quarantine", "map", "packs", "pack", "account", "request",
)

#: Names written by earlier versions (kept in the chain as they were) → the name in this scheme.
LEGACY_ACTIONS: dict[str, str] = {
    "households.export": "web.households.export",
    "web.child.chart": "web.child_chart.view",
    "web.upload.quarantine": "web.quarantine.view",
    "web.pack.download": "web.pack.export",
    "web.denied.scope": "web.request.denied_scope",
    "web.denied.role": "web.request.denied_role",
    "api.denied.scope": "api.request.denied_scope",
    "api.denied.role": "api.request.denied_role",
}


def web_action(surface: Surface | str, resource: str, verb: Verb | str) -> str:
    """``<surface>.<resource>.<verb>``; an unknown part raises :class:`ConfigError` (a programming
    error caught by the tests, never a name outside the scheme in the chain)."""
    for value, valid, key in ((str(surface), [s.value for s in Surface], "surface"),
                              (resource, list(RESOURCES), "resource"), (str(verb), [v.value for v in Verb], "verb")):
        if value not in valid:
            raise ConfigError("privacy.action.unknown", key=key, value=value, valid=", ".join(valid))
    return f"{Surface(surface).value}.{resource}.{Verb(verb).value}"


def parse_action(action: str) -> tuple[Surface, str, Verb] | None:
    """The parts of a web action (a legacy name read as its new name); None for another action."""
    parts = LEGACY_ACTIONS.get(action, action).split(".")
    if (len(parts) != 3 or parts[0] not in Surface.__members__ or parts[1] not in RESOURCES
            or parts[2] not in Verb.__members__):
        return None
    return Surface(parts[0]), parts[1], Verb(parts[2])


def describe_action(action: str, lang: str = DEFAULT_LANG) -> str:
    """An audit row's action in words: "Halaman web: daftar rumah tangga", "API: viewed one household";
    another action by its catalogue label ``privacy.action.<name>`` where it has one, else its name."""
    parsed = parse_action(action)
    if parsed is None:
        key = f"privacy.action.{action}"
        return t(key, lang) if has(key) else action
    surface, resource, verb = parsed
    return t(f"privacy.action.verb.{verb.value}", lang, surface=t(f"privacy.action.surface.{surface.value}", lang),
             resource=t(f"privacy.action.resource.{resource}", lang))
