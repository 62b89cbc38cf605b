"""An audit row's target in words, for people (``lokus audit list``): "Kantor: Dinas Sosial", "Paket rapat 18.04
Lampung Barat", "Karantina lebih tua dari 30 hari; rincian audit lebih tua dari 365 hari".

The audit trail keeps the target as written (``office:dinsos``, ``pack:18.04``,
``quarantine>30d;audit_detail>365d``): CSV and JSON show that code beside its words, the table shows the words.
A target of a shape this module does not know (a snapshot's name, a path) is shown as it is.
"""

from __future__ import annotations

import re
from typing import Any

from lokus.i18n import DEFAULT_LANG, has, label, t, t_n

__all__ = ["describe_target"]

#: Targets named by one word (``privacy.target.<word>``); a table's name says what it holds (``privacy.table.*``).
_WORDS = ("person", "families_at_risk", "households", "children", "search")
#: ``<kind>:<value>`` targets (``privacy.target.<kind>``); a region code in the value is named.
_KINDS = ("office", "village", "blt", "program", "pack", "child", "household")
_RETENTION = re.compile(r"(quarantine|audit_detail)>(\d+|None)d")


def describe_target(target: str | None, lang: str = DEFAULT_LANG) -> str:
    """``target`` of an audit row in words in ``lang`` (see the module); empty for none (``-``)."""
    if target is None or target.strip() in ("", "-"):
        return ""
    if _RETENTION.match(target):
        return _retention(target, lang)
    if ".." in target and " " not in target:
        a, _, b = target.partition("..")
        return t("privacy.target.snapshots", lang, a=a, b=b)
    # a refused web request names what was asked for in words separated by spaces ("households village:…")
    return " ".join(_one(word, lang) for word in target.split())


def _one(word: str, lang: str) -> str:
    if word in _WORDS:
        return t(f"privacy.target.{word}", lang)
    if has(f"privacy.table.{word}"):
        return t(f"privacy.table.{word}", lang)
    kind, sep, value = word.partition(":")
    if not sep:
        return word
    if value == "*":  # every snapshot (of a kind)
        return t("privacy.target.every", lang, kind=label("snapshot_kind", kind, lang)) if kind != "*" else \
            t("privacy.target.every_kind", lang)
    if kind not in _KINDS:
        return word
    if kind == "office":  # t() loads the offices' catalogue (lokus.convergence) when it is not yet imported
        name = t(f"office.{value}", lang)
        return t("privacy.target.office", lang, name=value if name.startswith("office.") else name)
    region = _region(value)
    if region is None:
        return t(f"privacy.target.{kind}", lang, value=value)
    code, name = region
    return t(f"privacy.target.{kind}.region", lang, code=code, name=name)


def _region(value: str) -> tuple[str, str] | None:
    """(code, name) of a Kemendagri code, or None when ``value`` is not one the list knows."""
    from lokus.regions import load_regions, try_normalize_code

    code = try_normalize_code(value)
    if code is None:
        return None
    regions: Any = load_regions()
    return (code, str(regions.get(code).name)) if code in regions else None


def _retention(target: str, lang: str) -> str:
    parts = []
    for what, days in _RETENTION.findall(target):
        if days == "None":
            continue
        parts.append(t(f"privacy.target.retention.{what}", lang, days=t_n("count.day", int(days), lang)))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]
