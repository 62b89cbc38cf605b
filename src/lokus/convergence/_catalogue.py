"""The program catalogue: which programs exist, who runs them, who is eligible, and why.

Built-in defaults live in ``programs.toml`` beside this module (each rule cites its regulation);
a user file passed with ``--catalogue`` is merged over them (same code replaces, new codes are
added, ``[vars]`` merged). A catalogue given once is stored in the workspace so later commands
use the same rules.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from lokus.convergence import _messages  # noqa: F401  (registers messages)
from lokus.convergence._rules import Node, Rule, _check_calls, expand, parse_rule
from lokus.errors import ConfigError, InputFileError, toml_problem

__all__ = [
    "Office",
    "Unit",
    "Program",
    "Catalogue",
    "load_catalogue",
    "builtin_catalogue_text",
    "REGISTRY_FLAGS",
]

REGISTRY_FLAGS = (
    "receives_pkh",
    "receives_bpnt",
    "receives_sembako",
    "receives_pbi",
    "receives_bpum",
    "receives_bst",
)


class Office(StrEnum):
    """The district offices that receive worklists."""

    dinsos = "dinsos"  # social affairs
    dinkes = "dinkes"  # health
    pupr = "pupr"  # public works and housing
    dpmd = "dpmd"  # village community empowerment (Dana Desa)
    bpjs = "bpjs"  # health insurance
    disdik = "disdik"  # education


class Unit(StrEnum):
    person = "person"
    household = "household"


@dataclass(frozen=True)
class Program:
    code: str
    name: str
    office: Office
    sector: str
    unit: Unit
    eligibility: Rule
    tree: Node  # the eligibility rule with [vars] expanded
    registry_flags: tuple[str, ...]
    regulation: str
    # For people, in Bahasa Indonesia (``name``, ``description``: who is eligible, in plain words) and
    # English (``name_en``, ``description_en``); read them with :meth:`title` and :meth:`describe`.
    name_en: str = ""
    description: str = ""
    description_en: str = ""
    regulation_en: str = ""  # the official titles as they are, the notes in English

    def title(self, lang: str) -> str:
        """The program's name in ``lang`` (``name`` when the catalogue has none in that language)."""
        from lokus.i18n import localized

        return localized(self, "name", lang)

    def describe(self, lang: str) -> str:
        """Who is eligible, in plain words in ``lang`` ("" when the catalogue does not say)."""
        from lokus.i18n import localized

        return localized(self, "description", lang)

    def regulation_text(self, lang: str) -> str:
        """The regulation the rule follows, its notes in ``lang`` (official titles stay as enacted)."""
        from lokus.i18n import localized

        return localized(self, "regulation", lang)

    def eligibility_text(self, lang: str) -> str:
        """Who is eligible, for people: the plain-words description in ``lang``, else (a user's
        catalogue without one) the rule expression itself."""
        return self.describe(lang) or self.eligibility.text

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "office": self.office.value,
            "sector": self.sector,
            "unit": self.unit.value,
            "eligibility": self.eligibility.text,
            "registry_flags": list(self.registry_flags),
            "regulation": self.regulation,
        }


@dataclass(frozen=True)
class Catalogue:
    programs: tuple[Program, ...]
    vars: dict[str, str]
    source: str
    text: str  # the user TOML merged over the built-in one ("" when built-in only)

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.programs]

    def get(self, code: str, *, option: str = "--program") -> Program:
        """The program ``code`` (``pkh``, ``blt-dd`` too); an unknown code is refused naming ``option``
        and the valid codes."""
        key = code.strip().upper().replace("-", "_")
        for p in self.programs:
            if p.code == key:
                return p
        raise ConfigError(key=option, value=code, valid_values=", ".join(self.codes))

    def for_office(self, office: str) -> list[Program]:
        try:
            off = Office(office.strip().lower())
        except ValueError:
            raise ConfigError(key="--office", value=office, valid_values=", ".join(o.value for o in Office)) from None
        return [p for p in self.programs if p.office is off]

    def ordered(self) -> list[Program]:
        """Programs in dependency order (a program after those its rule ``receives``)."""
        done: list[Program] = []
        done_codes: set[str] = set()
        names = {p.code: p for p in self.programs}
        visiting: set[str] = set()

        def visit(p: Program) -> None:
            if p.code in done_codes:
                return
            if p.code in visiting:
                raise ConfigError("convergence.catalogue.cycle", program=p.code)
            visiting.add(p.code)
            for ref in sorted(p.eligibility.receives):
                visit(names[ref])
            visiting.discard(p.code)
            done.append(p)
            done_codes.add(p.code)

        for p in self.programs:
            visit(p)
        return done


def builtin_catalogue_text() -> str:
    return resources.files("lokus.convergence").joinpath("programs.toml").read_text(encoding="utf-8")


def _read_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # tomllib's English sentence stays on the cause (--debug)
        raise InputFileError("convergence.catalogue.toml", path=source, detail=toml_problem(exc)) from exc


def _str(entry: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = entry.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError("convergence.catalogue.field", where=where, field=key)
    return value.strip()


def _program(entry: dict[str, Any], defs: dict[str, Node], source: str) -> Program:
    code = _str(entry, "code", source).upper().replace("-", "_")
    where = f"{source} [{code}]"
    office_text = _str(entry, "office", where).lower()
    try:
        office = Office(office_text)
    except ValueError:
        raise ConfigError(
            key=f"{where} office", value=office_text, valid_values=", ".join(o.value for o in Office)
        ) from None
    unit_text = _str(entry, "unit", where, "household").lower()
    try:
        unit = Unit(unit_text)
    except ValueError:
        raise ConfigError(key=f"{where} unit", value=unit_text, valid_values="person, household") from None
    flags = entry.get("registry_flags", [])
    if isinstance(flags, str):  # one flag written without brackets: registry_flags = "receives_pkh"
        flags = [flags]
    if not isinstance(flags, list):
        flags = [flags]  # a number or table: refused below, naming the value
    for f in flags:
        if not isinstance(f, str) or f not in REGISTRY_FLAGS:
            raise ConfigError(key=f"{where} registry_flags", value=str(f), valid_values=", ".join(REGISTRY_FLAGS))
    rule = parse_rule(_str(entry, "eligibility", where), where)
    tree = expand(rule.tree, defs, where, rule.text)
    _check_calls(tree, rule.text, where)
    return Program(
        code=code,
        name=_str(entry, "name", where, code),
        office=office,
        sector=str(entry.get("sector", "")),
        unit=unit,
        eligibility=rule,
        tree=tree,
        registry_flags=tuple(flags),
        regulation=str(entry.get("regulation", "")),
        name_en=str(entry.get("name_en", "")),
        description=str(entry.get("description", "")),
        description_en=str(entry.get("description_en", "")),
        regulation_en=str(entry.get("regulation_en", "")),
    )


def _build(data: list[tuple[dict[str, Any], str]]) -> Catalogue:
    raw_vars: dict[str, str] = {}
    entries: dict[str, tuple[dict[str, Any], str]] = {}
    for doc, source in data:
        vars_ = doc.get("vars", {})
        if not isinstance(vars_, dict):
            raise ConfigError("convergence.catalogue.field", where=source, field="vars")
        for name, text in vars_.items():
            if not isinstance(text, str):
                raise ConfigError("convergence.catalogue.field", where=f"{source} [vars]", field=name)
            raw_vars[name] = text
        programs = doc.get("program", [])
        if not isinstance(programs, list):
            raise ConfigError("convergence.catalogue.field", where=source, field="program")
        for entry in programs:
            if not isinstance(entry, dict):
                raise ConfigError("convergence.catalogue.field", where=source, field="program")
            code = _str(entry, "code", source).upper().replace("-", "_")
            entries[code] = (entry, source)
    defs = {name: parse_rule(text, f"[vars] {name}").tree for name, text in raw_vars.items()}
    programs_out = tuple(_program(entry, defs, source) for entry, source in entries.values())
    if not programs_out:
        raise ConfigError("convergence.catalogue.field", where=data[-1][1], field="program")
    codes = {p.code for p in programs_out}
    for p in programs_out:
        unknown = sorted(p.eligibility.receives - codes)
        if unknown:
            raise ConfigError(key=f"receives() in {p.code}", value=unknown[0], valid_values=", ".join(sorted(codes)))
    cat = Catalogue(programs_out, raw_vars, data[-1][1], "")
    cat.ordered()  # raises on a cycle
    return cat


def load_catalogue(path: str | os.PathLike[str] | None = None, *, text: str | None = None) -> Catalogue:
    """The built-in catalogue, with the TOML file ``path`` (or TOML ``text``) merged over it."""
    layers = [(_read_toml(builtin_catalogue_text(), "programs.toml"), "programs.toml")]
    user_text = ""
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise InputFileError("error.file.folder" if p.is_dir() else "error.file.missing", path=str(p))
        try:
            user_text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputFileError("convergence.catalogue.toml", path=str(p), detail=toml_problem(exc)) from exc
        layers.append((_read_toml(user_text, str(p)), str(p)))
    elif text:
        user_text = text
        layers.append((_read_toml(text, "workspace catalogue"), "workspace catalogue"))
    cat = _build(layers)
    return Catalogue(cat.programs, cat.vars, cat.source, user_text)


def catalogue_sha(cat: Catalogue) -> str:
    return hashlib.sha256(cat.text.encode("utf-8")).hexdigest()
