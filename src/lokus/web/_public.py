"""The counts a viewer who may not see detail is shown: one protection for the whole web app.

Every count the web app shows about a village it does not show in detail (a province account; any
account looking outside its scope) comes from one :class:`Public` pattern, computed with the core's
complementary suppression (:func:`lokus.privacy.protect`, threshold :func:`lokus.privacy.min_cell`:
``$LOKUS_MIN_CELL``, default 10). The pattern covers, at once, every sum a page or an API response
shows or implies, so no blank can be recovered by subtraction on one page or across pages:

* geography: each count of the villages adds up to its kecamatan and district total (the overview
  shows the district's households and people; the kecamatan totals are treated as published too);
* within a village: households = the ten decile counts (+ households without a decile), gap pairs =
  the gaps per program, eligible pairs = covered pairs + gap pairs — and the same sums for every
  kecamatan and the district.

The same cell is one cell everywhere: decile-1 households on ``/villages``, ``/loci`` and the village
page, residents on ``/loci`` and people on ``/villages``. A viewer who sees some villages in detail
(a village head sees his own pekon) gets a pattern in which those cells count as published, so his
own figures do not undo a blank of his neighbours'. That pattern starts from the app's release (the
pattern for a viewer without detail, recorded in ``published_cells`` by :meth:`lokus.web._data.Store.public`)
and keeps all its blanks but his own, so the release is the union of what every viewer was shown.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

DECILES = tuple(f"decile_{i}" for i in range(1, 11))
GROWTH = ("measured", "stunted", "severely_stunted", "wasted", "underweight")
CHANGES = ("gaps_closed", "gaps_new")
PAIRS = ("eligible_pairs", "covered_pairs", "gap_pairs")
_REST = "__rest"  # the part of a total its shown parts do not cover (never shown; counted as published)

#: The counts whose released state is recorded in ``published_cells`` (:meth:`lokus.web._data.Store.public`):
#: variable → (the snapshot kind its values come from, its name there). Cells the ranking publishes too
#: carry the ranking's column names, so ``lokus loci --publish`` of the same registry snapshot finds them.
#: Program gaps and changes since a meeting come from several snapshots at once and are not recorded.
RECORDED: dict[str, tuple[str, str]] = {
    "households": ("registry", "households"),
    "decile_1": ("registry", "decile1_households"),
    **{d: ("registry", d) for d in DECILES[1:]},
    "people": ("registry", "residents"),
    "decile1_people": ("registry", "decile1_people"),
    **{g: ("measurements", g) for g in GROWTH},
}


@dataclass(frozen=True)
class Family:
    """Counts linked by sums: ``leaves`` add up over the regions; each ``rows`` total is the sum of
    its parts in every region (the parts may be leaves or other totals)."""

    leaves: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def variables(self) -> tuple[str, ...]:
        return (*self.leaves, *(total for total, _ in self.rows))


def families(gaps: Sequence[str]) -> list[Family]:
    """The families of every count the web app shows (``gaps``: the ``gap_*`` columns with data)."""
    out = [
        Family((*DECILES, "households" + _REST), (("households", (*DECILES, "households" + _REST)),)),
        Family(("people",)),
        Family(("decile1_people",)),
        *(Family((g,)) for g in GROWTH),
        *(Family((c,)) for c in CHANGES),
    ]
    if gaps:
        out.append(Family(("covered_pairs", *gaps, "gap_pairs" + _REST),
                          (("gap_pairs", (*gaps, "gap_pairs" + _REST)),
                           ("eligible_pairs", ("covered_pairs", "gap_pairs")))))
    return out


@dataclass
class Public:
    """Counts per region code (villages and their kecamatan and district totals) and which are blanked."""

    k: int
    values: dict[str, dict[str, int]]
    blanked: set[tuple[str, str]] = field(default_factory=set)
    villages_of: dict[str, frozenset[str]] = field(default_factory=dict)
    parent: dict[str, str] = field(default_factory=dict)
    #: families no pattern could protect (their variables → the ``code|variable`` cell that stayed
    #: pinned): every non-zero count of theirs the viewer does not know is blanked
    unprotected: dict[tuple[str, ...], str] = field(default_factory=dict)

    def cells(self, var: str) -> list[tuple[str, str | None, int, bool]]:
        """Every cell of ``var`` as released: ``(code, parent code, value, blanked)``, villages and totals."""
        return [(code, self.parent.get(code), int(row[var]), (code, var) in self.blanked)
                for code, row in sorted(self.values.items()) if var in row]

    def blanked_codes(self, var: str) -> set[str]:
        return {code for code, v in self.blanked if v == var}

    def get(self, code: str, var: str, raw: Any = None) -> Any:
        """The count ``var`` of ``code`` as published: None where blanked; ``raw`` where not covered."""
        if (code, var) in self.blanked:
            return None
        row = self.values.get(code)
        if row is None or var not in row:
            return raw
        return row[var]

    def withheld(self) -> list[tuple[str, ...]]:
        """The families blanked whole (no complementary cell could protect a small one): their shown
        variables, for the reader's notice (:func:`lokus.web._app.withheld_notes`)."""
        return [tuple(v for v in fam if not v.endswith(_REST)) for fam in sorted(self.unprotected)]

    def any_blank(self, code: str, variables: Iterable[str]) -> bool:
        return any((code, v) in self.blanked for v in variables)

    def total(self, villages: Iterable[str], var: str) -> int | None:
        """The published total of ``var`` over ``villages``: a region's own (possibly blanked) cell when
        they are its villages (the others counting 0), else the sum when none of them is blanked,
        else None."""
        chosen = frozenset(villages)
        for code, members in sorted(self.villages_of.items(), key=lambda item: len(item[1])):
            if chosen <= members and all(self.values.get(m, {}).get(var, 0) == 0 for m in members - chosen):
                value: int | None = self.get(code, var)
                return value
        if any((c, var) in self.blanked for c in chosen):
            return None
        return sum(int(self.values.get(c, {}).get(var, 0)) for c in chosen)


def protect_villages(villages: Mapping[str, Mapping[str, int]], fams: Sequence[Family], *,
                     known: Iterable[str] = (), k: int | None = None,
                     history: Mapping[str, tuple[set[str], set[str]]] | None = None,
                     base: Public | None = None) -> Public:
    """Protect the counts of ``villages`` (code → variable → count) and their region totals.

    ``known``: village codes whose counts the viewer sees anyway (they count as published).
    ``history``: variable → (region codes published, region codes blanked) by earlier releases of
    the same snapshot (``lokus loci --publish``, the web app's own release); the pattern keeps their states.
    ``base``: the released pattern a viewer's pattern starts from (instead of ``history``): its blanks
    stay blank except the ``known`` cells, and more are added where the known cells would give one back.
    A family in which no known cell is blanked keeps ``base``'s blanks as they are: the viewer's
    knowledge adds nothing to what ``base`` was checked against.
    """
    from lokus.errors import ConfigError
    from lokus.privacy import Hierarchy, min_cell, protect, region_parents

    k = min_cell(k)
    codes = sorted(villages)
    parent = {c: p for c, p in region_parents(codes).items() if p is not None}
    children: dict[str, list[str]] = {}
    for c, p in parent.items():
        children.setdefault(p, []).append(c)
    nodes = sorted(set(codes) | set(children))

    def depth(code: str) -> int:
        return code.count(".")

    villages_of: dict[str, set[str]] = {c: {c} for c in codes}
    for node in sorted(children, key=depth, reverse=True):
        villages_of[node] = set().union(*(villages_of.get(c, set()) for c in children[node]))
    values: dict[str, dict[str, int]] = {n: {} for n in nodes}
    blanked: set[tuple[str, str]] = set()
    unprotected: dict[tuple[str, ...], str] = {}
    known_set = set(known)
    for fam in fams:
        # village values: leaves as given, each total's rest as the difference
        for code in codes:
            row = villages[code]
            for var in fam.leaves:
                if not var.endswith(_REST):
                    values[code][var] = int(row.get(var) or 0)
            for total, parts in fam.rows:
                rest = total + _REST
                if rest in parts:
                    shown = sum(int(row.get(p) or 0) for p in parts if p != rest)
                    values[code][rest] = int(row.get(total) or 0) - shown
        # region totals of the leaves, bottom-up; then every total as the sum of its parts
        for node in sorted(children, key=depth, reverse=True):
            for var in fam.leaves:
                values[node][var] = sum(values[c][var] for c in children[node])
        for node in nodes:
            for total, parts in fam.rows:
                values[node][total] = sum(values[node][p] for p in parts)
        cells = {f"{n}|{v}": values[n][v] for n in nodes for v in fam.variables}
        groups: dict[str, list[str]] = {}
        for node, kids in children.items():
            for var in fam.leaves:
                groups[f"{node}|{var}"] = [f"{c}|{var}" for c in sorted(kids)]
        for node in nodes:
            for total, parts in fam.rows:  # a total's own sum over the regions follows from its parts'
                groups[f"{node}|{total}"] = [f"{node}|{p}" for p in parts]
        frozen = {f"{c}|{v}" for c in known_set if c in values for v in fam.variables}
        earlier_sup: set[str] = set()
        if base is not None:
            released = {(c, v) for c, v in base.blanked if v in fam.variables and c in values}
            if fam.variables in base.unprotected and released:  # the release blanked it whole: so is this
                unprotected[fam.variables] = base.unprotected[fam.variables]
            if not any(c in known_set for c, _ in released):
                blanked |= released
                continue
            earlier_sup = {f"{c}|{v}" for c, v in released}
        for var in fam.variables if base is None else ():
            pub_codes, sup_codes = (history or {}).get(var, (set(), set()))
            frozen |= {f"{c}|{var}" for c in pub_codes if c in values}
            earlier_sup |= {f"{c}|{var}" for c in sup_codes if c in values}
        earlier_sup -= frozen
        h = Hierarchy(cells, groups)
        try:
            suppressed = protect(h, k=k, published=frozen, suppressed=earlier_sup).suppressed
        except ConfigError as err:
            # only when every way to protect a blank runs through what the viewer knows (or what an
            # earlier release published) or a zero: blank every other count of the family, and say why
            logging.getLogger("lokus.web").warning("%s Every other non-zero count of %s is blanked.",
                                                   err.message("en"),
                                                   ", ".join(v for v in fam.variables if not v.endswith(_REST)))
            unprotected[fam.variables] = str(err.params.get("cell", ""))
            suppressed = {c for c, v in cells.items() if v > 0 and c not in frozen}
        for cell in suppressed:
            node, var = cell.split("|", 1)
            blanked.add((node, var))
    return Public(k, values, blanked, {n: frozenset(v) for n, v in villages_of.items()}, parent, unprotected)
