"""Coverage: per household and program, eligible / covered / gap / inclusion, as Ibis expressions.

A household–program pair is *eligible* when the program's rule holds (household programs: for
any member; person programs: for at least one member). It is *covered* when the household is on
the program's lists — a member's NIK on a recipient list, the family's KK on it (for list rows
whose NIK is not in the registry), a registry ``receives_*`` flag, or a recorded intervention
delivered on or before the reference date. For person programs a pair counts as covered only
when every eligible member is covered. *Gap* (exclusion) = eligible and not covered;
*inclusion* = covered and not eligible, plus list recipients not in the registry at all.
"""

from __future__ import annotations

import calendar
import os
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import pyarrow as pa
from ibis import _

from lokus.convergence._catalogue import Catalogue, Program, Unit, load_catalogue
from lokus.convergence._features import GROWTH_TABLE, RULE_FIELDS, TEXT_FIELDS, person_table
from lokus.convergence._ingest import RECIPIENTS_TABLE
from lokus.convergence._loci import loci_on, ranks_on
from lokus.convergence._rules import HOUSEHOLD_FUNCTIONS, RuleCompiler, as_column, hoist
from lokus.convergence._sources import Sources, WorkspaceSources, sources_for
from lokus.engine import backend as engine_backend
from lokus.engine import drop_temp_table, materialise
from lokus.errors import ConfigError
from lokus.loci import require_data_in
from lokus.regions import is_national, load_regions
from lokus.workspace import REGISTRY_TABLE, Workspace

__all__ = ["Coverage", "compute_coverage", "INTERVENTIONS_TABLE", "HOUSEHOLDS_TEMP", "resolve_villages"]

INTERVENTIONS_TABLE = "interventions"
HOUSEHOLDS_TEMP = "__lokus_cov_households"
PEOPLE_TEMP = "__lokus_cov_people"
_KEYS = ("nik", "kk", "household_id", "village_code", "decile")


HOUSEHOLD_NAMES = frozenset({"household_size", "household_stunted"})


SHORTCUTS = True  # decide simple rules in the household pass (tests switch it off to compare)


def _person_leaves(tree: Any) -> set[str]:
    """The person-level names a (hoisted) rule reads outside any/all/count/receives."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if node.kind == "call" and node.value in (*HOUSEHOLD_FUNCTIONS, "receives"):
            return
        if node.kind == "name":
            if node.value not in HOUSEHOLD_NAMES:
                found.add(node.value)
            return
        for arg in node.args:
            walk(arg)

    walk(tree)
    return found


def _household_rule(compiler: RuleCompiler, tree: Any, leaves: set[str], code: str) -> Any:
    """Household eligibility of a rule with at most one person-level condition P:
    any member satisfies rule(P) ⇔ (some member has P and rule(true)) or (some member lacks P and
    rule(false)) — exact, since everything else in the rule is the same for all members."""
    def with_leaf(value: bool | None) -> Any:
        columns = {name: _[name] for name in HOUSEHOLD_NAMES}
        if value is not None:
            columns.update({leaf: value for leaf in leaves})
        household = RuleCompiler(columns, frozenset(), agg_column=lambda key: _[key],
                                 receives_column=lambda c: _[f"hcov_{col(c)}"])
        household._agg_keys = compiler._agg_keys  # the aggregates already computed per household
        return as_column(household.compile(tree, code, ""))

    if not leaves:
        return with_leaf(None)
    (leaf,) = leaves
    return (_[f"__any{leaf}"] & with_leaf(True)) | (_[f"__none{leaf}"] & with_leaf(False))


def _raw(value: Any) -> Any:
    """A compiled condition as an Ibis column (NULL kept: AND/OR/NOT handle it later)."""
    return ibis.literal(bool(value)) if isinstance(value, (bool, int, float, str)) else value


def _needed_columns(programs: list[Program], trees: dict[str, Any]) -> list[str]:
    """Person columns the later passes read: keys, registry flags and fields the rules still name."""
    out = list(_KEYS)
    for p in programs:
        for f in p.registry_flags:
            if f not in out:
                out.append(f)
        for node in trees[p.code].walk():
            if node.kind == "name" and node.value in RULE_FIELDS and node.value not in out:
                if node.value != "household_size":
                    out.append(node.value)
    return out


@ibis.udf.agg.builtin(name="bit_or")
def _bit_or(x: dt.int64) -> dt.int64:  # type: ignore[empty-body]
    """Bitwise OR of a group's values: the engines' own ``bit_or`` (DuckDB and Spark SQL both have it;
    Ibis's ``.bit_or()`` has no Spark compilation rule)."""


class _BitPack:
    """Many per-household ORs of person-level values as a few ``bit_or`` aggregates.

    Each never-NULL boolean is one bit (each int field a run of bits) of an int64 *word* per person —
    the terms are summed, which is an OR since their bits are distinct — and a household's word is the
    ``bit_or`` of its members' words. ``any(b)`` over the members is then a bit test of that word:
    exact, since a household has at least one member. One aggregate per 62 bits instead of one per
    boolean: at 10M people the household pass took 5.5 → 4.0 s (bench/coverage.py, session 9).
    """

    WIDTH = 62  # bits per word (the sign bit and 2**62 left alone)

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix  # of the words' names: prefix0, prefix1 …
        self._words: list[list[Any]] = []  # per word: its terms
        self._used: list[int] = []  # per word: bits taken
        self._where: dict[str, tuple[int, int]] = {}  # name -> (word, offset)
        self.booleans: list[str] = []  # the names added by add()

    def add(self, name: str, condition: Any) -> None:
        """``name`` will be the household's ``any(condition)``; ``condition`` is a person-level boolean
        that is never NULL. A name already added is kept as it is."""
        if name not in self._where:
            self._place(name, lambda offset: ibis.ifelse(condition, ibis.literal(1 << offset, "int64"), 0), 1)
            self.booleans.append(name)

    def add_bits(self, name: str, value: Any, width: int) -> None:
        """``name`` will be the household's ``bit_or(value)``; ``value`` is a person-level int64 in
        ``[0, 2**width)`` that is never NULL."""
        self._place(name, lambda offset: value if offset == 0 else value * (1 << offset), width)

    def _place(self, name: str, term: Any, width: int) -> None:
        if width > self.WIDTH:
            raise ValueError(f"{name}: {width} bits do not fit in one word")
        word = next((i for i, used in enumerate(self._used) if used + width <= self.WIDTH), None)
        if word is None:
            word = len(self._words)
            self._words.append([])
            self._used.append(0)
        offset = self._used[word]
        self._words[word].append(term(offset))
        self._used[word] += width
        self._where[name] = (word, offset)

    def columns(self) -> dict[str, Any]:
        """The person-level words, by name."""
        out = {}
        for name, terms in zip(self.words, self._words, strict=True):
            total = terms[0]
            for t in terms[1:]:  # a bitwise OR (no overflow check, unlike +; measured faster on DuckDB)
                total = total | t
            out[name] = total
        return out

    def aggregates(self, *, computed: bool = False) -> dict[str, Any]:
        """The household aggregates, one ``bit_or`` per word; ``computed``: the words are already
        columns of the person table (:meth:`columns`)."""
        return {name: _bit_or(_[name] if computed else word) for name, word in self.columns().items()}

    def has(self, table: ibis.Table, name: str, mask: int = 1) -> Any:
        """Per household: whether any bit of ``mask`` is set in ``name`` (for a boolean: its ``any``)."""
        word, offset = self._where[name]
        return (table[f"{self.prefix}{word}"] & (mask << offset)) != 0

    @property
    def words(self) -> list[str]:
        return [f"{self.prefix}{i}" for i in range(len(self._words))]


def col(code: str) -> str:
    """Column suffix of a program code: ``BLT_DD`` → ``blt_dd``."""
    return code.lower()


@dataclass
class Coverage:
    """The result of :func:`compute_coverage`; ``households`` is materialised on the backend."""

    backend: Any
    catalogue: Catalogue
    programs: list[Program]
    registry_snapshot: str
    villages: list[str] | None
    region: str
    as_of: date
    lists: dict[str, list[str]]
    households: ibis.Table
    not_in_registry: dict[str, int] = field(default_factory=dict)
    ranks: dict[str, int] = field(default_factory=dict)
    households_table: str = ""
    workspace: Workspace | None = None  # where personal-data views of this coverage are audited
    #: programs whose coverage is unknown: no recipient list, no registry flag, no recorded delivery.
    #: Their covered/gap/inclusion counts are None ("tidak ada data"), never 0, in every view.
    no_data: frozenset[str] = frozenset()

    def has_data(self, code: str) -> bool:
        """Whether ``code``'s coverage is known (a list, a registry flag or a recorded delivery)."""
        return code not in self.no_data

    # -- summaries ---------------------------------------------------------------------------
    def by_program(self) -> pa.Table:
        """One row per program: eligible, covered, gap and inclusion counts in the program's unit."""
        h = self.households
        aggs: dict[str, Any] = {}
        for p in self.programs:
            c = col(p.code)
            if p.unit is Unit.household:
                aggs[f"e_{c}"] = h[f"eligible_{c}"].cast("int64").sum()
                aggs[f"c_{c}"] = (h[f"eligible_{c}"] & h[f"covered_{c}"]).cast("int64").sum()
                aggs[f"i_{c}"] = h[f"inclusion_{c}"].cast("int64").sum()
            else:
                aggs[f"e_{c}"] = h[f"eligible_persons_{c}"].sum()
                aggs[f"c_{c}"] = h[f"covered_persons_{c}"].sum()
                aggs[f"i_{c}"] = h[f"inclusion_persons_{c}"].sum()
        row = h.aggregate(**aggs).to_pyarrow().to_pylist()[0] if aggs else {}
        out = []
        for p in self.programs:
            c = col(p.code)
            eligible, covered = int(row.get(f"e_{c}") or 0), int(row.get(f"c_{c}") or 0)
            known = self.has_data(p.code)
            out.append(
                {
                    "program": p.code,
                    "name": p.name,
                    "office": p.office.value,
                    "unit": p.unit.value,
                    "eligible_units": eligible,
                    "covered_units": covered if known else None,
                    "gap_units": eligible - covered if known else None,
                    "inclusion_not_eligible": int(row.get(f"i_{c}") or 0) if known else None,
                    "inclusion_not_in_registry": int(self.not_in_registry.get(p.code, 0)) if known else None,
                    "score_coverage": round(covered / eligible, 4) if eligible and known else None,
                }
            )
        return pa.Table.from_pylist(out, schema=_PROGRAM_SCHEMA)

    def by_village(self) -> pa.Table:
        """One row per village: household–program pairs eligible, covered, gaps, convergence score."""
        h = self.households
        known = [p for p in self.programs if self.has_data(p.code)]  # pairs of unknown coverage are left out
        eligible = sum((h[f"eligible_{col(p.code)}"].cast("int64") for p in known), ibis.literal(0))
        covered = sum(
            ((h[f"eligible_{col(p.code)}"] & h[f"covered_{col(p.code)}"]).cast("int64") for p in known),
            ibis.literal(0),
        )
        aggs: dict[str, Any] = {
            "households": h.count(),
            "eligible_pairs": eligible.sum(),
            "covered_pairs": covered.sum(),
        }
        for p in known:
            aggs[f"gap_{col(p.code)}"] = h[f"gap_{col(p.code)}"].cast("int64").sum()
        rows = h.group_by("village_code").aggregate(**aggs).to_pyarrow().to_pylist()
        regions = load_regions()
        out = []
        for r in rows:
            code = r["village_code"]
            e, c = int(r["eligible_pairs"] or 0), int(r["covered_pairs"] or 0)
            item = {
                "village_code": code,
                "village_name": regions.get(code).name if code in regions else "",
                "rank": self.ranks.get(code),
                "households": int(r["households"]),
                "eligible_pairs": e,
                "covered_pairs": c,
                "gap_pairs": e - c,
                "score_convergence": round(c / e, 4) if e else None,
            }
            for p in self.programs:
                item[f"gap_{col(p.code)}"] = int(r[f"gap_{col(p.code)}"] or 0) if self.has_data(p.code) else None
            out.append(item)
        out.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["village_code"]))
        return pa.Table.from_pylist(out) if out else pa.table({k: [] for k in _VILLAGE_KEYS})

    def heads(self, household_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Per household of ``household_ids``: ``kk`` (the smallest of its members' KK numbers),
        ``head_nik`` (the smallest NIK among the members whose relationship names the head,
        "Kepala …"; else the smallest NIK) and ``head_name`` (that member's name), from this coverage's
        registry snapshot and villages, in one query.

        Read only for the households asked for (a worklist's rows), not in the coverage pass."""
        wanted = sorted({h for h in household_ids if h is not None})
        if not wanted:
            return {}
        reg = self.backend.table("registry").filter(_.snapshot == self.registry_snapshot)
        if self.villages is not None:
            reg = reg.filter(_.village_code.isin(self.villages))
        keys = ibis.memtable(pa.table({"household_id": pa.array(wanted, pa.string())}))
        reg = reg.semi_join(keys, "household_id")
        is_head = reg.relationship.lower().contains("kepala").fill_null(False)
        first = ibis.ifelse(is_head, "0", "1").concat(reg.nik)  # heads first, then by NIK: the head's row
        heads = reg.group_by("household_id").aggregate(
            kk=reg.kk.min(), head_nik=reg.nik.argmin(first), head_name=reg.name.argmin(first)
        )
        return {r["household_id"]: r for r in heads.to_pyarrow().to_pylist()}

    def close(self) -> None:
        """Drop the materialised household table (it also goes when the connection closes)."""
        drop_temp_table(self.backend, self.households_table)

    def score(self) -> float | None:
        """The convergence score of the whole region."""
        table = self.by_village().to_pylist()
        e = sum(r["eligible_pairs"] for r in table)
        c = sum(r["covered_pairs"] for r in table)
        return round(c / e, 4) if e else None

    def gap_pairs(self) -> ibis.Table:
        """(household_id, village_code, program, office) of every exclusion gap."""
        parts = []
        h = self.households
        for p in self.programs:
            if not self.has_data(p.code):
                continue
            c = col(p.code)
            parts.append(
                h.filter(h[f"gap_{c}"]).select(
                    "household_id", "village_code",
                    program=ibis.literal(p.code), office=ibis.literal(p.office.value),
                )
            )
        if not parts:
            return h.filter(ibis.literal(False)).select(
                "household_id", "village_code", program=ibis.literal("", "string"), office=ibis.literal("", "string"))
        out = parts[0]
        for part in parts[1:]:
            out = out.union(part)
        return out


_PROGRAM_SCHEMA = pa.schema(
    [
        ("program", pa.string()), ("name", pa.string()), ("office", pa.string()), ("unit", pa.string()),
        ("eligible_units", pa.int64()), ("covered_units", pa.int64()), ("gap_units", pa.int64()),
        ("inclusion_not_eligible", pa.int64()), ("inclusion_not_in_registry", pa.int64()),
        ("score_coverage", pa.float64()),
    ]
)
_VILLAGE_KEYS = ("village_code", "village_name", "rank", "households", "eligible_pairs", "covered_pairs",
                 "gap_pairs", "score_convergence")


def resolve_villages(
    ws: Workspace, region: str | None, registry_snapshot: str, top: int | None = None
) -> tuple[list[str] | None, str]:
    """(village codes or None for every village of the snapshot, label) for ``region``.

    ``None`` → the priority loci; ``all`` → every village in the registry snapshot; otherwise a
    Kemendagri code (province, regency, district or village)."""
    return _villages(WorkspaceSources(ws, engine_backend(ws.con)), region, registry_snapshot, top)


def _villages(src: Sources, region: str | None, registry_snapshot: str, top: int | None) -> tuple[list[str] | None, str]:
    if region is None:
        from lokus.convergence._loci import DEFAULT_TOP

        return loci_on(src, registry_snapshot=registry_snapshot, top=top or DEFAULT_TOP), "loci"
    if is_national(region):  # 'all', 'national', …: every village in the registry snapshot
        return None, "all"
    reg = load_regions().get(region)
    require_data_in(src.be.table(REGISTRY_TABLE), registry_snapshot, reg.code)  # not a listing of zeros
    if reg.level == "village":
        return [reg.code], reg.code
    return [v.code for v in load_regions().descendants(reg.code, "village")], reg.code


def _period_end(period: str | None) -> date | None:
    if not period:
        return None
    y, m = int(period[:4]), int(period[5:7])
    return date(y, m, calendar.monthrange(y, m)[1])


def _lists_for(src: Sources, cat: Catalogue, lists: dict[str, list[str]] | None) -> tuple[dict[str, list[str]], date | None]:
    """The recipient-list snapshots per program (default: the latest of each) and the end of
    the latest period among them."""
    chosen: dict[str, list[str]] = {}
    periods: list[str] = []
    loaded = src.program_lists()
    for p in cat.programs:
        if lists is not None and p.code in lists:
            chosen[p.code] = list(lists[p.code])
            for name in chosen[p.code]:
                src.check_list(name)
        else:
            mine = [(s, per) for s, prog, per in loaded if prog == p.code]
            chosen[p.code] = [mine[-1][0]] if mine else []
        periods += [per for s, prog, per in loaded if s in chosen[p.code] and per]
    return chosen, _period_end(max(periods)) if periods else None


def compute_coverage(
    ws: Workspace | None,
    *,
    region: str | None = None,
    villages: list[str] | None = None,
    top: int | None = None,
    registry_snapshot: str | None = None,
    catalogue: Catalogue | str | os.PathLike[str] | None = None,
    lists: dict[str, list[str]] | None = None,
    as_of: date | None = None,
    growth_snapshot: str | None = None,
    backend: Any | None = None,
) -> Coverage:
    """Coverage of every catalogue program in a region (default: the priority loci).

    ``lists`` maps program codes to recipient-list snapshots (default: the latest of each).
    ``as_of`` is the reference date for ages and interventions (default: the end of the latest
    list period, else today).

    ``ws`` may be None when ``backend`` is given (e.g. Spark, :func:`lokus.engine.connect`): the
    tables and the names of their snapshots then come from the engine's own tables
    (:class:`lokus.convergence._sources.EngineSources`); the computation is the same Ibis code.
    """
    if ws is None and backend is None:
        raise ConfigError(key="backend", value="-", valid_values="a workspace or an engine backend")
    be = backend if backend is not None else engine_backend(ws.con)  # type: ignore[union-attr]
    src = sources_for(ws, be)
    cat = catalogue if isinstance(catalogue, Catalogue) else (
        load_catalogue(catalogue) if catalogue else src.catalogue()
    )
    snap = src.registry(registry_snapshot)
    if villages is None:
        villages, label = _villages(src, region, snap, top)
    else:
        label = "villages"
    chosen, period_end = _lists_for(src, cat, lists)
    ref = as_of or period_end or date.today()
    growth = growth_snapshot or src.latest_growth()
    people = person_table(
        be, registry_snapshot=snap, villages=villages, as_of=ref, growth_snapshot=growth,
        has_growth=src.has_table(GROWTH_TABLE),
    )
    programs = cat.ordered()
    has_recipients = src.has_table(RECIPIENTS_TABLE)
    has_interventions = src.has_table(INTERVENTIONS_TABLE)
    recipients = be.table(RECIPIENTS_TABLE) if has_recipients else None
    interventions = be.table(INTERVENTIONS_TABLE) if has_interventions else None
    delivered: set[str] = set()
    if interventions is not None:
        done = interventions.filter(interventions.delivered_on <= ref).select("program").distinct()
        delivered = {r["program"] for r in done.to_pyarrow().to_pylist()}
    no_data = frozenset(p.code for p in cat.programs
                        if not chosen.get(p.code) and not p.registry_flags and p.code not in delivered)

    # 1. Person-level coverage per program: one pass over all lists (pivoted per NIK and per KK),
    #    joined to the people, OR-ed with the registry flags; materialised once.
    nik_facts, kk_facts = [], []
    all_snaps = sorted({s for snaps in chosen.values() for s in snaps})
    # A list row counts by KK only when its NIK did not match this registry snapshot ("NIK, else KK", as at
    # list ingest). The verdicts stored at ingest say so when every list was matched against this snapshot
    # (they follow its rows: see rematch_recipients); otherwise the NIK is looked up here.
    matched_here = src.matched_here(all_snaps, snap) if all_snaps else True
    if recipients is not None and all_snaps:
        r = recipients.filter(recipients.snapshot.isin(all_snaps))
        nik_facts.append(r.filter(r.nik.notnull()).select("nik", "program"))
        if matched_here:
            by_kk = r.matched_by.isnull() | (r.matched_by == "kk")
        else:
            reg_niks = be.table("registry").filter((_.snapshot == snap) & _.nik.notnull()).nik
            by_kk = r.nik.isnull() | ~r.nik.isin(reg_niks).fill_null(False)
        kk_facts.append(r.filter(r.kk.notnull() & by_kk).select("kk", "program"))
    if interventions is not None:
        i = interventions.filter(interventions.delivered_on <= ref)
        nik_facts.append(i.filter(i.nik.notnull()).select("nik", "program"))
        kk_facts.append(i.filter(i.nik.isnull() & i.kk.notnull()).select("kk", "program"))
    # Person-level conditions of the rules are computed in this first pass (booleans travel
    # further, text columns do not).
    check = RuleCompiler({n: _[n] for n in RULE_FIELDS}, frozenset(), agg_column=lambda key: _[key],
                         receives_column=lambda code: _[code])
    for p in programs:  # one-sentence errors that name the program, before any work
        check.compile(p.tree, p.code, p.eligibility.text)
    found: dict[Any, str] = {}
    trees = {p.code: hoist(p.tree, found, HOUSEHOLD_NAMES) for p in programs}
    first = RuleCompiler({n: people[n] for n in people.columns}, TEXT_FIELDS,
                         agg_column=lambda key: None, receives_column=lambda code: None,
                         ages=(people.birth_date, ref))
    conditions = {name: _raw(first.compile(tree, "rule", "")) for tree, name in found.items()}
    needed = _needed_columns(programs, trees)
    people = people.select(*needed, **conditions)
    # The rules, compiled once; their any/all/count become household aggregates.
    columns = {name: _[name] for name in (*RULE_FIELDS, *conditions)}
    compiler = RuleCompiler(
        columns, frozenset(), agg_column=lambda key: _[key], receives_column=lambda code: _[f"hcov_{col(code)}"]
    )
    rules = {p.code: compiler.compile(trees[p.code], p.code, p.eligibility.text) for p in programs}
    leaves = {p.code: _person_leaves(trees[p.code]) for p in programs}
    fast_household = {p.code for p in programs if SHORTCUTS and p.unit is Unit.household
                      and len(leaves[p.code]) <= 1}
    fast_person = {p.code for p in programs if SHORTCUTS and p.unit is Unit.person and trees[p.code].kind == "name"
                   and trees[p.code].value not in HOUSEHOLD_NAMES}
    slow = [p for p in programs if p.code not in fast_household and p.code not in fast_person]

    # Every OR over a household's members that does not read the lists (any() of a condition, all() as
    # not any(not), registry flags) is one bit of a person word packed here, before the joins: the joins
    # then carry one int64 instead of a boolean per condition, and the household pass ORs the words.
    person_pack, negated = _BitPack("__pw"), set()  # all(c) is packed as any(not c)
    person_pack.add("household_stunted", _.household_stunted.fill_null(False))
    household_flags = sorted({f for p in programs if p.unit is Unit.household for f in p.registry_flags})
    for f in household_flags:
        person_pack.add(f"__flag_{f}", _[f].fill_null(False))
    for key, (function, inner) in compiler.aggregate_parts.items():
        if function == "any":
            person_pack.add(key, inner)
        elif function == "all":  # all(x) = not any(not x)
            person_pack.add(key, ~inner)
            negated.add(key)
    for code in fast_household:
        for leaf in leaves[code] or ():
            person_pack.add(f"__any{leaf}", _[leaf].fill_null(False))
            person_pack.add(f"__none{leaf}", ~_[leaf].fill_null(False))
    for code in fast_person:
        person_pack.add(f"eligible_{col(code)}", _[trees[code].value].fill_null(False))
    people = people.mutate(**person_pack.columns())
    # All lists in one pass: one bit per program, OR-ed per NIK (and per KK), joined to the people.
    # NIK and KK are 16-digit strings, joined as 64-bit integers: at 10M people text keys cost ~4 s
    # more CPU (10M distinct 16-byte strings in the pivot's hash table) than the casts (bench/coverage.py,
    # session 5). Measured faster than one semi-join per program (bench/coverage.py).
    bit = {p.code: 1 << i for i, p in enumerate(programs)}
    for key, facts, prefix in (("nik", nik_facts, "ln"), ("kk", kk_facts, "lk")):
        if not facts:
            continue
        union = facts[0]
        for f in facts[1:]:
            union = union.union(f, distinct=False)
        pivot = union.group_by(__key=union[key].try_cast("int64")).aggregate(
            **{prefix: _bit_or(union.program.substitute(bit, else_=0).cast("int64"))}
        )
        people = people.left_join(pivot, people[key].try_cast("int64") == pivot["__key"]).drop("__key")
    # A person is on a program's lists by NIK or by KK: one column of bits (never NULL) from here on.
    found_by = [people[pre].fill_null(0) for pre in ("ln", "lk") if pre in people.columns]
    lists_cols = ["listed"] if found_by else []
    if found_by:
        people = people.mutate(listed=found_by[0] if len(found_by) == 1 else found_by[0] | found_by[1])

    def coverage_of(p: Program, flag: Any, listed: Any) -> Any:
        """A program's coverage from its registry flags and list bits (person or household level):
        ``flag(field)`` and ``listed(prefix, bit)`` give never-NULL booleans."""
        terms = [flag(f) for f in p.registry_flags] + [listed(pre, bit[p.code]) for pre in lists_cols]
        expr = terms[0] if terms else ibis.literal(False)
        for t in terms[1:]:
            expr = expr | t
        return expr

    # Per person, coverage is needed only for person programs (counted per member); a household
    # program's coverage is taken per household from the flags' and the list bits' OR over the members
    # (without a column per person and program).
    cov: dict[str, Any] = {}
    for p in programs:
        if p.unit is Unit.person:
            cov[f"cov_{col(p.code)}"] = coverage_of(
                p, lambda f: people[f].fill_null(False), lambda pre, b: (people[pre] & b) != 0)
    people = people.select(*needed, *conditions, *person_pack.words, *lists_cols, **cov)

    temps: list[str] = []
    if slow:  # the people are read twice (household pass, then per person): materialised once
        people_name = f"{PEOPLE_TEMP}_{uuid.uuid4().hex[:12]}"
        people = materialise(be, people_name, people)
        temps.append(people_name)

    # 2. One pass per household for everything household-level (materialised: used twice). Rules
    #    with at most one person-level condition are decided here, without going back to the people.
    #    The ORs that read the lists (list bits, person programs' coverage) are packed as the person words.
    # A household's KK and head are read from the registry only for the households a view lists
    # (Coverage.heads): two text minimums over every person cost ~2 s at 10M people (bench/coverage.py).
    hh_aggs: dict[str, Any] = {
        "village_code": _.village_code.min(),
        "decile": _.decile.min(),
        "household_size": _.count(),
    }
    list_pack = _BitPack("__lw")  # the ORs that read the lists
    for pre in lists_cols:
        list_pack.add_bits(f"__bits_{pre}", _[pre], len(programs))
    for p in programs:
        if p.unit is Unit.person:
            list_pack.add(f"hcov_{col(p.code)}", _[f"cov_{col(p.code)}"])
    for key, (function, _inner) in compiler.aggregate_parts.items():
        if function == "count":
            hh_aggs[key] = compiler.aggregates[key]
    for code in fast_person:
        c, el = col(code), _[trees[code].value].fill_null(False)
        cv = _[f"cov_{c}"]
        hh_aggs[f"eligible_persons_{c}"] = el.cast("int64").sum()
        hh_aggs[f"covered_persons_{c}"] = (el & cv).cast("int64").sum()
        hh_aggs[f"inclusion_persons_{c}"] = (~el & cv).cast("int64").sum()
    house = people.group_by("household_id").aggregate(
        **hh_aggs, **person_pack.aggregates(computed=True), **list_pack.aggregates())
    unpacked = {name: pack.has(house, name) for pack in (person_pack, list_pack) for name in pack.booleans}
    unpacked.update({name: ~unpacked[name] for name in negated})
    house = house.mutate(**unpacked)
    house = house.mutate(**{
        f"hcov_{col(p.code)}": coverage_of(
            p, lambda f: house[f"__flag_{f}"], lambda pre, b: list_pack.has(house, f"__bits_{pre}", b))
        for p in programs if p.unit is Unit.household
    }).drop(*person_pack.words, *list_pack.words)
    if slow:  # read again by the per-person pass
        house_name = f"{HOUSEHOLDS_TEMP}_h_{uuid.uuid4().hex[:12]}"
        house = materialise(be, house_name, house)
        temps.append(house_name)
    decided: dict[str, Any] = {}
    for code in fast_household:
        decided[f"eligible_{col(code)}"] = _household_rule(compiler, trees[code], leaves[code] or set(), code)
    hh = house.mutate(**decided) if decided else house

    # 3. Other rules per person (they may read household aggregates and coverage), then per household.
    if slow:
        keep = [c for c in people.columns
                if not c.startswith("cov_") and c not in ("kk", "village_code", "nik", "ln", "lk", *lists_cols)]
        keep += [f"cov_{col(p.code)}" for p in slow if p.unit is Unit.person]
        extra = [c for c in house.columns if c.startswith(("hcov_", "__agg_")) or c == "household_size"]
        joined = people.select(*keep).inner_join(house.select("household_id", *extra), "household_id")
        joined = joined.mutate(**{f"el_{col(p.code)}": as_column(rules[p.code]) for p in slow})
        per: dict[str, Any] = {}
        for p in slow:
            c = col(p.code)
            el = _[f"el_{c}"]
            per[f"eligible_{c}"] = el.any()
            if p.unit is Unit.person:
                cv = _[f"cov_{c}"]
                per[f"eligible_persons_{c}"] = el.cast("int64").sum()
                per[f"covered_persons_{c}"] = (el & cv).cast("int64").sum()
                per[f"inclusion_persons_{c}"] = (~el & cv).cast("int64").sum()
        hh = hh.inner_join(joined.group_by("household_id").aggregate(**per), "household_id")
    person_cols = [f"{k}_{col(p.code)}" for p in programs if p.unit is Unit.person
                   for k in ("eligible_persons", "covered_persons", "inclusion_persons")]
    hh = hh.select("household_id", "village_code", "decile", "household_size",
                   *[f"hcov_{col(p.code)}" for p in programs], *[f"eligible_{col(p.code)}" for p in programs],
                   *person_cols)
    # Materialised here, once; coverage, gap and inclusion flags are cheap expressions over it
    # (computed where they are read: a narrower table is much faster to write).
    # A fresh name each time: Ibis cannot yet replace a temporary table on DuckDB 2.0.
    households_name = f"{HOUSEHOLDS_TEMP}_{uuid.uuid4().hex[:12]}"
    hh = materialise(be, households_name, hh)
    for temp in temps:  # the intermediate passes are no longer needed
        drop_temp_table(be, temp)
    covered: dict[str, Any] = {}
    unknown = ibis.null("boolean")
    for p in programs:
        c = col(p.code)
        if p.code in no_data:  # no list, flag or delivery: coverage unknown, not 0
            covered[f"covered_{c}"] = unknown
        elif p.unit is Unit.household:
            covered[f"covered_{c}"] = hh[f"hcov_{c}"]
        else:  # an eligible household is covered when every eligible member is
            covered[f"covered_{c}"] = ibis.ifelse(
                hh[f"eligible_{c}"], hh[f"covered_persons_{c}"] == hh[f"eligible_persons_{c}"], hh[f"hcov_{c}"]
            )
    hh = hh.mutate(**covered).drop(*[f"hcov_{col(p.code)}" for p in programs])
    flags: dict[str, Any] = {}
    for p in programs:
        c = col(p.code)
        if p.code in no_data:
            flags[f"gap_{c}"] = flags[f"inclusion_{c}"] = unknown
            continue
        flags[f"gap_{c}"] = hh[f"eligible_{c}"] & ~hh[f"covered_{c}"]
        if p.unit is Unit.household:
            flags[f"inclusion_{c}"] = hh[f"covered_{c}"] & ~hh[f"eligible_{c}"]
        else:
            flags[f"inclusion_{c}"] = hh[f"inclusion_persons_{c}"] > 0
    hh = hh.mutate(**flags)
    hh = hh.mutate(gap_count=sum((hh[f"gap_{col(p.code)}"].cast("int64") for p in programs if p.code not in no_data),
                                 ibis.literal(0)))
    materialised = hh

    not_in = (
        _not_in_registry(be, recipients, chosen, snap, villages, rematch=not matched_here)
        if recipients is not None else {}
    )
    ranks_table = ranks_on(src, snap).to_pyarrow()
    ranks = dict(zip(ranks_table.column("code").to_pylist(), ranks_table.column("rank").to_pylist(), strict=True))
    return Coverage(
        backend=be, catalogue=cat, programs=programs, registry_snapshot=snap, villages=villages, region=label,
        as_of=ref, lists=chosen, households=materialised, not_in_registry=not_in, ranks=ranks,
        households_table=households_name, workspace=ws, no_data=no_data,
    )


def _latest_growth(ws: Workspace) -> str | None:
    return WorkspaceSources(ws, engine_backend(ws.con)).latest_growth()


def _not_in_registry(
    be: Any, recipients: ibis.Table, chosen: dict[str, list[str]], snap: str, villages: list[str] | None,
    *, rematch: bool = True,
) -> dict[str, int]:
    """Recipients per program whose NIK and KK are both absent from the registry snapshot."""
    names = sorted({s for snaps in chosen.values() for s in snaps})
    if not names:
        return {}
    reg = be.table("registry").filter(_.snapshot == snap)
    r = recipients.filter(recipients.snapshot.isin(names))
    if villages is not None:
        r = r.filter(r.village_code.isin(villages))
    # Rows matched at ingest against this very registry snapshot keep their verdict; others are
    # matched again.
    missing = r.filter((r.registry_snapshot == snap) & r.matched_by.isnull()).select("program")
    if rematch:  # some lists were matched against another registry snapshot when loaded
        other = r.filter(r.registry_snapshot.isnull() | (r.registry_snapshot != snap))
        in_reg = other.nik.isin(reg.nik).fill_null(False) | other.kk.isin(reg.filter(reg.kk.notnull()).kk).fill_null(False)
        missing = missing.union(other.filter(~in_reg).select("program"), distinct=False)
    rows = missing.group_by("program").aggregate(n=_.count()).to_pyarrow().to_pylist()
    return {row["program"]: int(row["n"]) for row in rows}


def check_program_codes(cat: Catalogue, codes: list[str] | None) -> list[Program]:
    """The catalogue programs named in ``codes`` (all when None)."""
    if not codes:
        return list(cat.programs)
    out = [cat.get(c) for c in codes]
    if not out:
        raise ConfigError(key="--program", value="", valid_values=", ".join(cat.codes))
    return out
