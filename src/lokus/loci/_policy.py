"""Policy files: a priority-locus rule as a small, readable TOML file, validated with Pydantic.

A policy says which units are ranked (villages, districts or regencies), from which inputs,
by which criteria (from the registry in :mod:`lokus.loci._criteria`), in which order, and which
units are selected. Every mistake raises one :class:`~lokus.errors.ConfigError` sentence naming
the key, the line of the file and the valid options. The reference is ``docs/methods/policies.md``.
"""

from __future__ import annotations

import re
import tomllib
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lokus.errors import ConfigError, toml_problem
from lokus.i18n import register
from lokus.loci._criteria import CRITERIA, Criterion, criterion_type

_MESSAGES = {
    "unknown_key": (
        "Kunci '{key}' tidak dikenal di {where}{at}; kunci yang valid: {valid_values}.",
        "Unknown key '{key}' in {where}{at}; valid keys: {valid_values}.",
    ),
    "missing_key": (
        "Kunci wajib '{key}' tidak ada di {where}{at}; tambahkan {key} = … ({valid_values}).",
        "Required key '{key}' is missing from {where}{at}; add {key} = … ({valid_values}).",
    ),
    "bad_value": (
        "Nilai '{value}' tidak valid untuk '{key}' di {where}{at}; pilihan yang valid: {valid_values}.",
        "'{value}' is not a valid '{key}' in {where}{at}; valid values: {valid_values}.",
    ),
}
register(
    {
        **{f"error.policy.{k}": {"id": i.replace("{at}", ""), "en": e.replace("{at}", "")}
           for k, (i, e) in _MESSAGES.items()},
        **{f"error.policy.{k}.line": {"id": i.replace("{at}", " baris {line}"), "en": e.replace("{at}", " line {line}")}
           for k, (i, e) in _MESSAGES.items()},
        "error.policy.syntax": {
            "id": "Berkas kebijakan {where} bukan TOML yang valid ({detail}); periksa tanda kutip dan kurung.",
            "en": "Policy file {where} is not valid TOML ({detail}); check quotes and brackets.",
        },
        "error.policy.unknown": {
            "id": "Kebijakan '{value}' tidak ada; kebijakan bawaan: {valid_values}, atau berikan path berkas .toml.",
            "en": "There is no policy '{value}'; built-in policies: {valid_values}, or give the path of a .toml file.",
        },
    }
)

DEFAULT_POLICY = "lampung-barat-2022"

__all__ = [
    "DEFAULT_POLICY",
    "Direction",
    "Filters",
    "Inputs",
    "OrderSpec",
    "Policy",
    "Selection",
    "SelectionMethod",
    "SortKey",
    "Unit",
    "builtin_policies",
    "load_policy",
    "policy_text",
    "parse_policy",
]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class Unit(StrEnum):
    """The unit ranked; districts and regencies aggregate their villages (by code prefix)."""

    village = "village"
    district = "district"
    regency = "regency"


class Direction(StrEnum):
    desc = "desc"
    asc = "asc"


class SelectionMethod(StrEnum):
    all = "all"
    top = "top"
    threshold = "threshold"
    coverage = "coverage"
    quota = "quota"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Inputs(_Strict):
    """Where the data come from; each can be overridden on the command line."""

    registry: str = "latest"
    stunting_loci: str = "latest"
    growth: str = "latest"


class Filters(_Strict):
    """Which villages take part (before aggregation to the unit)."""

    kind: list[Literal["desa", "kelurahan"]] | None = None
    region: str | None = None


class SortKey(_Strict):
    by: str
    direction: Direction = Direction.desc


class OrderSpec(_Strict):
    """Boolean ``priority`` criteria first (true before false), then ``sort``, then ``tie_break``,
    then the unit code ascending (always last, so the order is total)."""

    priority: list[str] = Field(default_factory=list)
    sort: list[SortKey]
    tie_break: list[SortKey] = Field(default_factory=list)


class Selection(_Strict):
    method: SelectionMethod = SelectionMethod.all
    n: int | None = Field(default=None, ge=1)
    criterion: str | None = None
    min: float | None = None
    max: float | None = None
    share: float | None = Field(default=None, gt=0, le=1)
    target: str | None = None


class Policy(_Strict):
    """A validated policy. ``criteria`` keeps the file's order (the output's column order)."""

    name: str
    title: str = ""
    description: str = ""
    # the title in English and the description in Bahasa Indonesia (the built-in files write the title
    # in Bahasa Indonesia and the description in English); read them with :meth:`title_in`
    title_en: str = ""
    description_id: str = ""
    unit: Unit = Unit.village
    inputs: Inputs = Field(default_factory=Inputs)
    filters: Filters = Field(default_factory=Filters)
    criteria: tuple[Criterion, ...]
    order: OrderSpec
    selection: Selection = Field(default_factory=Selection)
    source: str = ""

    def title_in(self, lang: str) -> str:
        """The title in ``lang``: ``title_<lang>`` when the file has it, else ``title``."""
        from lokus.i18n import localized

        return localized(self, "title", lang)

    def description_in(self, lang: str) -> str:
        """The description in ``lang``: ``description_<lang>`` when the file has it, else ``description``."""
        from lokus.i18n import localized

        return localized(self, "description", lang)

    def criterion(self, name: str) -> Criterion:
        for c in self.criteria:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def criterion_names(self) -> list[str]:
        return [c.name for c in self.criteria]

    @property
    def primary(self) -> SortKey:
        return self.order.sort[0]

    @property
    def coverage_target(self) -> str | None:
        """The criterion whose cumulative share is the ``coverage`` column."""
        if self.selection.target:
            return self.selection.target
        for c in self.criteria:
            if c.type == "extreme_poor" or (c.type == "people" and c.params.get("max_decile") == 1):
                return c.name
        return None

    def with_changes(self, **changes: Any) -> Policy:
        return self.model_copy(update=changes)


TOP_KEYS = tuple(f for f in Policy.model_fields if f != "source")
SECTION_MODELS: dict[str, type[BaseModel]] = {
    "inputs": Inputs, "filters": Filters, "order": OrderSpec, "selection": Selection,
}
CRITERION_KEYS = ("name", "type", "label")


# -- locating keys in the TOML text (tomllib keeps no positions) -----------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?")
_ASSIGN = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def _locate(text: str, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of ``loc`` (e.g. ("criteria", 2, "max_decile")) in ``text``, if found."""
    if not text:
        return None
    table: tuple[Any, ...] = ()
    counts: dict[str, int] = {}
    best: int | None = None
    keys = [k for k in loc if isinstance(k, str)]
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            name = header.group(2)
            if header.group(1) == "[[":
                counts[name] = counts.get(name, -1) + 1
                table = (name, counts[name])
            else:
                table = tuple(name.split("."))
            if table == tuple(loc[: len(table)]) and best is None and len(loc) <= len(table) + 1:
                best = number
            continue
        assign = _ASSIGN.match(line)
        if not assign or not keys:
            continue
        key = assign.group(1)
        full = table + (key,)
        if full == tuple(loc[: len(full)]):
            return number
        if not table and key == keys[0] and best is None:
            best = number
    return best


class _Context:
    def __init__(self, source: str, text: str) -> None:
        self.source, self.text = source, text

    def fail(self, kind: str, loc: tuple[Any, ...], key: str, *, value: Any = "", valid: Any = ()) -> ConfigError:
        valid_text = valid if isinstance(valid, str) else ", ".join(str(v) for v in valid)
        line = _locate(self.text, loc)
        message = f"error.policy.{kind}" + (".line" if line else "")
        return ConfigError(message, key=key, value=value, valid_values=valid_text or "-",
                           where=self.source or "policy", line=line)


def _pydantic_error(ctx: _Context, exc: ValidationError, prefix: tuple[Any, ...], model: type[BaseModel]) -> ConfigError:
    err = exc.errors()[0]
    loc = prefix + tuple(err["loc"])
    key = str(err["loc"][-1]) if err["loc"] else str(prefix[-1])
    if err["type"] == "extra_forbidden":
        sub: Any = model
        for part in err["loc"][:-1]:
            if isinstance(part, str) and sub is not None:
                field = sub.model_fields.get(part)
                ann = getattr(field, "annotation", None) if field else None
                sub = ann if isinstance(ann, type) and issubclass(ann, BaseModel) else None
        valid = list(sub.model_fields) if sub is not None else []
        return ctx.fail("unknown_key", loc, key, valid=valid)
    if err["type"] == "missing":
        return ctx.fail("missing_key", loc, key, valid=_valid_for(model, key))
    return ctx.fail("bad_value", loc, key, value=err.get("input", ""), valid=_valid_for(model, key, dict(err)))


_BOUNDS = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<"}


def _valid_for(model: type[BaseModel], key: str, err: dict[str, Any] | None = None) -> str:
    field = model.model_fields.get(key)
    ann = field.annotation if field else None
    if isinstance(ann, type) and issubclass(ann, StrEnum):
        return ", ".join(m.value for m in ann)
    if field is not None:
        bounds = [f"{_BOUNDS[k]} {getattr(m, k)}" for m in field.metadata for k in _BOUNDS if hasattr(m, k)]
        if bounds:
            return ", ".join(bounds)
    if err and err.get("ctx"):
        ctx = err["ctx"]
        if "expected" in ctx:
            return str(ctx["expected"])
        return ", ".join(f"{k} {v}" for k, v in ctx.items() if k != "error")
    return str(err["msg"]).lower() if err else "-"


# -- parsing -----------------------------------------------------------------------------------


def parse_policy(text: str, *, source: str = "") -> Policy:
    """Parse and validate a policy from TOML text (``source`` names it in messages)."""
    ctx = _Context(source, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # tomllib's English sentence stays on the cause (--debug)
        raise ConfigError("error.policy.syntax", where=source or "policy", detail=toml_problem(exc), key="",
                          value="", valid_values="") from exc
    for key in data:
        if key not in TOP_KEYS:
            raise ctx.fail("unknown_key", (key,), key, valid=TOP_KEYS)
    for key in ("name", "criteria", "order"):
        if key not in data:
            raise ctx.fail("missing_key", (key,), key, valid=TOP_KEYS)
    raw_criteria = data.get("criteria")
    if not isinstance(raw_criteria, list) or not raw_criteria:
        raise ctx.fail("bad_value", ("criteria",), "criteria", value=raw_criteria, valid="[[criteria]] tables")
    criteria = tuple(_parse_criterion(ctx, i, entry) for i, entry in enumerate(raw_criteria))
    names = [c.name for c in criteria]
    for i, name in enumerate(names):
        if name in names[:i] or name in _RESERVED:
            raise ctx.fail("bad_value", ("criteria", i, "name"), "name", value=name,
                           valid="a unique snake_case name not in " + ", ".join(_RESERVED))
    sections: dict[str, Any] = {}
    for key, model in SECTION_MODELS.items():
        if key in data:
            try:
                sections[key] = model.model_validate(data[key])
            except ValidationError as exc:
                raise _pydantic_error(ctx, exc, (key,), model) from None
    try:
        policy = Policy.model_validate(
            {**{k: v for k, v in data.items() if k not in SECTION_MODELS and k != "criteria"}, **sections,
             "criteria": criteria, "source": source}
        )
    except ValidationError as exc:
        raise _pydantic_error(ctx, exc, (), Policy) from None
    _check_references(ctx, policy)
    return policy


_RESERVED = ("rank", "selected", "code", "name", "kind", "parent", "parent_name", "coverage", "reason")


def _parse_criterion(ctx: _Context, index: int, entry: Any) -> Criterion:
    loc = ("criteria", index)
    if not isinstance(entry, dict):
        raise ctx.fail("bad_value", loc, "criteria", value=entry, valid="[[criteria]] tables")
    for key in ("name", "type"):
        if key not in entry:
            raise ctx.fail("missing_key", loc + (key,), key,
                           valid=sorted(CRITERIA) if key == "type" else "a snake_case column name")
    name = entry["name"]
    if not isinstance(name, str) or not _NAME.match(name):
        raise ctx.fail("bad_value", loc + ("name",), "name", value=name, valid="snake_case, e.g. decile1_people")
    ctype = CRITERIA.get(entry["type"])
    if ctype is None:
        raise ctx.fail("bad_value", loc + ("type",), "type", value=entry["type"], valid=sorted(CRITERIA))
    params = {k: v for k, v in entry.items() if k not in CRITERION_KEYS}
    model = ctype.params
    for key in params:
        if key not in model.model_fields:
            raise ctx.fail("unknown_key", loc + (key,), key, valid=list(CRITERION_KEYS) + list(model.model_fields))
    try:
        checked = model.model_validate(params)
    except ValidationError as exc:
        raise _pydantic_error(ctx, exc, loc, model) from None
    label = entry.get("label")
    if label is not None and not (isinstance(label, dict) and set(label) <= {"id", "en"}):
        raise ctx.fail("bad_value", loc + ("label",), "label", value=label, valid='{ id = "…", en = "…" }')
    if (ctype.name == "index") != name.startswith("score_") or name.startswith(("rank_", "gap_")):
        valid = "score_… (index criteria are scores)" if ctype.name == "index" else "a name not starting with score_, rank_ or gap_"
        raise ctx.fail("bad_value", loc + ("name",), "name", value=name, valid=valid)
    return Criterion(name=name, type=ctype.name, params=checked.model_dump(exclude_none=True), label=label)


def _check_references(ctx: _Context, policy: Policy) -> None:
    names = policy.criterion_names
    by_name = {c.name: c for c in policy.criteria}
    for i, c in enumerate(policy.criteria):
        if c.type != "index":
            continue
        numeric = [n for n in names if criterion_type(by_name[n].type).value_kind not in ("flag", "score")]
        for comp in c.params["components"]:
            if comp not in numeric:
                raise ctx.fail("bad_value", ("criteria", i, "components"), "components", value=comp, valid=numeric)
    flags = [n for n in names if criterion_type(by_name[n].type).value_kind == "flag"]
    for name in policy.order.priority:
        if name not in flags:
            raise ctx.fail("bad_value", ("order", "priority"), "priority", value=name, valid=flags or "-")
    if not policy.order.sort:
        raise ctx.fail("missing_key", ("order", "sort"), "sort", valid=names)
    for part in ("sort", "tie_break"):
        for key in getattr(policy.order, part):
            if key.by not in names and key.by != "code":
                raise ctx.fail("bad_value", ("order", part), "by", value=key.by, valid=names)
    sel = policy.selection
    method = sel.method
    needs = {"top": ("n",), "quota": ("n",), "coverage": ("share",), "threshold": ("criterion",)}.get(method, ())
    for key in needs:
        if getattr(sel, key) is None:
            raise ctx.fail("missing_key", ("selection", key), key, valid=f"needed by method = \"{method.value}\"")
    if method == "threshold" and sel.min is None and sel.max is None:
        raise ctx.fail("missing_key", ("selection", "min"), "min", valid="min and/or max")
    for key in ("criterion", "target"):
        ref = getattr(sel, key)
        if ref is not None and ref not in names:
            raise ctx.fail("bad_value", ("selection", key), key, value=ref, valid=names)
    if sel.criterion in flags:
        numeric = [n for n in names if n not in flags]
        raise ctx.fail("bad_value", ("selection", "criterion"), "criterion", value=sel.criterion, valid=numeric)
    if method == "coverage" and policy.coverage_target is None:
        counts = [n for n in names if criterion_type(by_name[n].type).value_kind == "count"]
        raise ctx.fail("missing_key", ("selection", "target"), "target", valid=counts)
    if sel.target and criterion_type(by_name[sel.target].type).value_kind != "count":
        counts = [n for n in names if criterion_type(by_name[n].type).value_kind == "count"]
        raise ctx.fail("bad_value", ("selection", "target"), "target", value=sel.target, valid=counts)
    if policy.filters.region:
        from lokus.regions import load_regions

        load_regions().get(policy.filters.region)


def builtin_policies() -> dict[str, str]:
    """Built-in policy name → TOML text, from ``lokus/loci/policies/*.toml``."""
    out: dict[str, str] = {}
    folder = resources.files("lokus.loci").joinpath("policies")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            out[entry.name.removesuffix(".toml")] = entry.read_text(encoding="utf-8")
    return out


def policy_text(name_or_path: str | Path) -> str:
    """The TOML text of a built-in policy or a policy file, after checking that it is valid."""
    load_policy(name_or_path)  # validates, with a one-sentence error
    builtins = builtin_policies()
    name = str(name_or_path)
    return builtins[name] if name in builtins else Path(name).read_text(encoding="utf-8")


def load_policy(name_or_path: str | Path) -> Policy:
    """A built-in policy by name (``lampung-barat-2022``) or a policy file by path."""
    text_name = str(name_or_path)
    builtins = builtin_policies()
    if text_name in builtins:
        return parse_policy(builtins[text_name], source=f"{text_name}.toml")
    path = Path(text_name)
    if path.suffix == ".toml" or path.exists():
        if not path.exists():
            from lokus.errors import InputFileError

            raise InputFileError("error.file.missing", path=str(path))
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ConfigError("error.policy.syntax", where=str(path), detail=toml_problem(exc), key="", value="",
                              valid_values="") from exc
        return parse_policy(text, source=str(path))
    raise ConfigError("error.policy.unknown", value=text_name, valid_values=", ".join(builtins), key="policy")
