"""Small-cell suppression for published aggregates, with complementary suppression.

Method (see docs/methods/privacy.md; after the primary/secondary suppression of tau-Argus and
sdcMicro, Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, ch. 4 and 5):

1. **Primary suppression**: every count ``1 ≤ n < k`` is blanked (``k`` = 10 by default, so counts
   1–9; ``$LOKUS_MIN_CELL`` or ``k=`` change it, never below 5). Zero stays zero.
2. **Secondary (complementary) suppression**: the cells published together form a hierarchy of
   sums — villages add up to their kecamatan, kecamatan to the district. A blanked cell that is
   alone in a sum can be recovered by subtraction, and two blanked cells in a sum can be pinned
   by the non-negativity of the others. So every published table is audited as an attacker
   would: for every blanked cell, the smallest and largest value consistent with everything
   published (all sums, every other cell ≥ 1 because zeros are never blanked) are found by linear
   programming (HiGHS; the sum constraints form a network matrix, so the LP optimum is the integer
   optimum). While some blanked cell has min = max, one more cell of its sum is blanked — the
   smallest non-zero count (the cheapest loss of information), else the sum's total — when that
   frees it; else :func:`complement` finds the cheapest cells that do, as far through the sums as
   needed. No blanked cell is left pinned (its range spans at least two values).
3. **Consistent releases**: the pattern is computed for the whole hierarchy (villages, kecamatan,
   district total) at once, and recorded per snapshot and variable in the workspace table
   ``published_cells``. A later release of the same snapshot (the kecamatan ranking after the
   village one, an indicator export) reuses it: cells published earlier stay published, cells
   blanked earlier stay blanked, and new cells are protected around them.

Shares, rates and reasons derived from a blanked count are blanked with it; cumulative columns
(``coverage``) are blanked from the first blanked row on, since a difference of two cumulative
values is a count.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from lokus.errors import ConfigError

DEFAULT_MIN_CELL = 10
MIN_THRESHOLD = 5
MIN_CELL_ENV = "LOKUS_MIN_CELL"
PUBLISHED_TABLE = "published_cells"
_PUBLISHED_DDL = (
    f"CREATE TABLE IF NOT EXISTS {PUBLISHED_TABLE} (snapshot VARCHAR, variable VARCHAR, code VARCHAR, "
    "parent_code VARCHAR, value BIGINT, suppressed BOOLEAN, release VARCHAR, published_at TIMESTAMP)"
)


def min_cell(k: int | None = None) -> int:
    """The threshold: ``k``, else ``$LOKUS_MIN_CELL``, else 10; :class:`ConfigError` below 5."""
    value: Any = k
    if value is None:
        value = os.environ.get(MIN_CELL_ENV) or DEFAULT_MIN_CELL
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ConfigError(key=MIN_CELL_ENV, value=value, valid_values=f">= {MIN_THRESHOLD}") from None
    if n < MIN_THRESHOLD:
        raise ConfigError("privacy.suppress.k", value=n, minimum=MIN_THRESHOLD)
    return n


def suppress_small_cells(
    table: pa.Table, columns: Sequence[str], *, k: int | None = None, flag_column: str = "suppressed"
) -> pa.Table:
    """Blank (null) every count in ``columns`` that is at least 1 and below ``k`` (primary only).

    Zero stays zero (it reveals nobody). ``flag_column`` lists, per row, the columns blanked. Use
    :func:`protect_table` when totals of these counts are published too.
    """
    k = min_cell(k)
    missing = [c for c in columns if c not in table.column_names]
    if missing:
        raise ConfigError(key="columns", value=", ".join(missing), valid_values=", ".join(table.column_names))
    masks = {c: pc.and_(pc.greater_equal(table[c], 1), pc.less(table[c], k)).fill_null(False).to_pylist()
             for c in columns}
    return _apply(table, {c: {i for i, hit in enumerate(m) if hit} for c, m in masks.items()}, flag_column)


def _apply(table: pa.Table, blanked: Mapping[str, set[int]], flag_column: str) -> pa.Table:
    flags: list[list[str]] = [[] for _ in range(table.num_rows)]
    out = table
    for name, rows in blanked.items():
        for i in sorted(rows):
            flags[i].append(name)
        mask = pa.array([i in rows for i in range(table.num_rows)], pa.bool_())
        col = out[name]
        out = out.set_column(out.schema.get_field_index(name), name, pc.if_else(mask, pa.scalar(None, col.type), col))
    return out.append_column(flag_column, pa.array([", ".join(f) or None for f in flags], pa.string()))


# -- the hierarchy of sums and its audit ------------------------------------------------------------
@dataclass
class Hierarchy:
    """Cells (region code → count) and the sums linking them (total code → child codes).

    A cell is the total of at most one sum but may be a part of several (a table with margins in
    two directions: :func:`protect` handles any such system of sums).
    """

    values: dict[str, int]
    groups: dict[str, list[str]]

    @classmethod
    def from_leaves(cls, leaves: Mapping[str, int], parent: Mapping[str, str | None]) -> Hierarchy:
        """Leaves (e.g. villages) and their parents up the tree; totals are the sums of children."""
        values = {c: int(v) for c, v in leaves.items()}
        groups: dict[str, list[str]] = {}
        frontier = list(values)
        while frontier:
            nxt = []
            for code in frontier:
                p = parent.get(code)
                if p is None:
                    continue
                if p not in groups:
                    groups[p] = []
                    nxt.append(p)
                groups[p].append(code)
            frontier = nxt
        # totals bottom-up (deepest first)
        def depth(code: str) -> int:
            d = 0
            while (code := parent.get(code) or "") and d < 50:
                d += 1
            return d

        for p in sorted(groups, key=depth, reverse=True):
            values[p] = sum(values[c] for c in groups[p])
        return cls(values, {p: sorted(cs) for p, cs in groups.items()})


@dataclass
class Protection:
    primary: set[str] = field(default_factory=set)
    secondary: set[str] = field(default_factory=set)

    @property
    def suppressed(self) -> set[str]:
        return self.primary | self.secondary


def _highs() -> Any:
    """A silent HiGHS instance (its C++ banner goes to file descriptor 1, so that is muted)."""
    import highspy

    sys.stdout.flush()
    saved, null = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)
    h.setOptionValue("output_flag", False)
    return h


def intervals(h: Hierarchy, suppressed: Iterable[str], *, stop_at_first: bool = False,
              integer: bool = False, only: Iterable[str] | None = None) -> dict[str, tuple[float, float]]:
    """For each suppressed cell, ``(min, max)`` of its value given every published cell and sum.

    The attacker knows every published count, every sum, and that a blanked cell is ≥ 1 (zeros
    are never blanked). ``max`` may be ``inf``. ``stop_at_first``: return as soon as one cell is
    pinned (min = max). ``integer``: solve the integer programme instead of the LP relaxation.
    ``only``: bound these cells only (the others are unknowns all the same).
    """
    import highspy
    import numpy as np

    cells = sorted(set(suppressed))
    index = {c: i for i, c in enumerate(cells)}
    if not cells:
        return {}
    solver = _highs()
    inf = highspy.kHighsInf
    n = len(cells)
    solver.addVars(n, np.ones(n), np.full(n, inf))
    if integer:
        solver.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                                     np.full(n, highspy.HighsVarType.kInteger, dtype=np.uint8))
    for total, children in h.groups.items():
        idx: list[int] = []
        coef: list[float] = []
        rhs = 0.0
        for c in children:
            if c in index:
                idx.append(index[c])
                coef.append(1.0)
            else:
                rhs -= h.values[c]
        if total in index:
            idx.append(index[total])
            coef.append(-1.0)
        else:
            rhs += h.values[total]
        if idx:
            solver.addRow(rhs, rhs, len(idx), np.array(idx, dtype=np.int32), np.array(coef))
    out: dict[str, tuple[float, float]] = {}
    zero = np.zeros(n)
    for c in (cells if only is None else sorted(set(only) & set(cells))):
        i = index[c]
        cost = zero.copy()
        cost[i] = 1.0
        solver.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
        bounds: dict[Any, float] = {}
        for sense in (highspy.ObjSense.kMaximize, highspy.ObjSense.kMinimize):
            if stop_at_first and bounds and bounds[highspy.ObjSense.kMaximize] > h.values[c] + 0.5:
                bounds[sense] = float(h.values[c])  # not pinned: the exact minimum is not needed
                break
            solver.changeObjectiveSense(sense)
            solver.run()
            status = solver.getModelStatus()
            if status == highspy.HighsModelStatus.kOptimal:
                bounds[sense] = float(solver.getInfo().objective_function_value)
            elif status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
                bounds[sense] = float("inf")
            else:  # pragma: no cover - the true values are always feasible
                raise RuntimeError(f"cell audit: solver status {status}")
        lo, hi = bounds[highspy.ObjSense.kMinimize], bounds[highspy.ObjSense.kMaximize]
        out[c] = (lo, hi)
        if stop_at_first and hi - lo < 0.5:
            return {c: (lo, hi)}
    return out


def pinned(h: Hierarchy, suppressed: Iterable[str], *, stop_at_first: bool = False) -> list[str]:
    """Suppressed cells whose value everything published determines exactly."""
    found = intervals(h, suppressed, stop_at_first=stop_at_first)
    return [c for c, (lo, hi) in found.items() if hi - lo < 0.5]


def complement(h: Hierarchy, cell: str, suppressed: Iterable[str], *,
               published: Iterable[str] = ()) -> set[str] | None:
    """The cheapest cells to blank besides ``suppressed`` so that blank ``cell`` is no longer pinned,
    or None when no cells can (every way to change it runs into a published cell or a zero).

    A blank is free when the published table stays consistent after ``cell`` moves by one: some
    change ``d`` of the unknown cells with ``d[cell] = ±1`` keeps every sum and every blank ≥ 1.
    Cells not blanked yet may take part in ``d`` at a price; the linear programme
    ``min Σ w_j |d_j|`` over the cells not yet blanked (``w_j`` = the value plus 10
    per cell, so few small cells win and a total only when no part will do) finds the cheapest,
    reaching as far through the sums as needed (after Fischetti and Salazar's model of
    complementary suppression, *Management Science* 47, 2001). Zeros (never blanked) and
    ``published`` cells stay fixed. Every cell the change touches moves with ``cell``, so none of
    them is pinned either.
    """
    import highspy
    import numpy as np

    blanks = set(suppressed) | {cell}
    fixed = set(published) - blanks
    free = sorted(c for c, v in h.values.items() if c not in blanks and c not in fixed and v > 0)
    unknown = sorted(blanks)
    # columns: d of each blank, then p_j and m_j (d_j = p_j - m_j) of each cell not blanked yet
    col = {c: i for i, c in enumerate(unknown)}
    nb, nf = len(unknown), len(free)
    fcol = {c: nb + i for i, c in enumerate(free)}
    n = nb + 2 * nf
    inf = highspy.kHighsInf
    lower = np.array([1.0 - h.values[c] for c in unknown] + [0.0] * (2 * nf))
    upper = np.array([inf] * nb + [inf] * nf + [h.values[c] - 1.0 for c in free])
    cost = np.array([0.0] * nb + [_weight(h.values[c]) for c in free] * 2)
    best: tuple[float, set[str]] | None = None
    for step in (1.0, -1.0):
        if h.values[cell] + step < 1:
            continue
        solver = _highs()
        lo, hi = lower.copy(), upper.copy()
        lo[col[cell]] = hi[col[cell]] = step
        solver.addVars(n, lo, hi)
        solver.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
        for total, children in h.groups.items():
            idx: list[int] = []
            coef: list[float] = []
            for c, sign in [*((c, 1.0) for c in children), (total, -1.0)]:
                if c in col:
                    idx.append(col[c])
                    coef.append(sign)
                elif c in fcol:
                    idx += [fcol[c], fcol[c] + nf]
                    coef += [sign, -sign]
            if idx:
                solver.addRow(0.0, 0.0, len(idx), np.array(idx, dtype=np.int32), np.array(coef))
        solver.changeObjectiveSense(highspy.ObjSense.kMinimize)
        solver.run()
        if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            continue
        x = solver.getSolution().col_value
        picked = {c for c in free if x[fcol[c]] + x[fcol[c] + nf] > 1e-7}
        value = float(solver.getInfo().objective_function_value)
        if best is None or (value, len(picked)) < (best[0], len(best[1])):
            best = (value, picked)
    return None if best is None else best[1]


def _weight(value: int) -> float:
    """The price of blanking a cell of ``value`` in :func:`complement`: the information lost, plus a
    fixed cost per cell so that one more cell is never free."""
    return float(value) + DEFAULT_MIN_CELL


def protect(
    h: Hierarchy,
    *,
    k: int | None = None,
    published: Iterable[str] = (),
    suppressed: Iterable[str] = (),
) -> Protection:
    """Primary and complementary suppression over hierarchy ``h``.

    ``published``/``suppressed``: cells fixed by earlier releases of the same snapshot (they keep
    their state). Raises :class:`ConfigError` (``privacy.suppress.stuck``, naming the cell) if no
    pattern can protect the cells: only when every way to free a blank runs into a ``published``
    cell or a zero.
    """
    k = min_cell(k)
    frozen_pub = set(published)
    result = Protection(primary={c for c, v in h.values.items() if 1 <= v < k} | set(suppressed))
    result.primary -= frozen_pub
    # a cell may be a part of several sums (a village's decile count adds up to its households and
    # to its kecamatan's decile count): every sum it is a part of is a place to protect it
    parents: dict[str, list[str]] = {}
    for p, cs in h.groups.items():
        for c in cs:
            parents.setdefault(c, []).append(p)

    def candidates(group: str) -> list[str]:
        members = [*h.groups[group], group]
        return [c for c in members if c not in result.suppressed and c not in frozen_pub and h.values[c] > 0]

    def picks_for(cell: str, within: str | None = None) -> list[str]:
        # ``within`` (the sum that exposes the cell) first, then the sums the cell is a part of,
        # then the sum it is the total of: in each, the smallest part not blanked, else the total
        order = ([within] if within else []) + parents.get(cell, []) + ([cell] if cell in h.groups else [])
        picks: list[str] = []
        for group in dict.fromkeys(order):
            cands = candidates(group)
            kids = [c for c in cands if c != group]
            pick = min(kids, key=lambda c: (h.values[c], c)) if kids else (group if group in cands else None)
            if pick is not None and pick not in picks:
                picks.append(pick)
        return picks

    # cheap pass: no sum may hold exactly one blanked cell
    changed = True
    while changed:
        changed = False
        for total, children in h.groups.items():
            unknown = [c for c in [*children, total] if c in result.suppressed]
            if len(unknown) == 1 and (picks := picks_for(unknown[0], total)):
                result.secondary.add(picks[0])
                changed = True
    # exact pass: no blanked cell may be pinned. A pinned cell gets the first pick of its own sums
    # that frees it; when none does (its sums are all blank, or it is pinned through sums further
    # away), the cheapest set of cells that frees it, found as far through the sums as needed.
    while True:
        stuck = pinned(h, result.suppressed, stop_at_first=True)
        if not stuck:
            return result
        cell = stuck[0]
        for pick in picks_for(cell):
            lo, hi = intervals(h, result.suppressed | {pick}, only=[cell])[cell]
            if hi - lo >= 0.5:
                result.secondary.add(pick)
                break
        else:
            extra = complement(h, cell, result.suppressed, published=frozen_pub)
            if not extra:
                raise ConfigError("privacy.suppress.stuck", cell=cell)
            result.secondary |= extra


# -- tables -----------------------------------------------------------------------------------------
def _parent_code(code: str) -> str | None:
    parts = code.split(".")
    return ".".join(parts[:-1]) if len(parts) > 1 else None


def region_parents(codes: Iterable[str]) -> dict[str, str | None]:
    """Parents by Kemendagri code prefix, up to the deepest code all ``codes`` share."""
    codes = list(codes)
    if not codes:
        return {}
    split = [c.split(".") for c in codes]
    common = 0
    while all(len(s) > common for s in split) and len({tuple(s[: common + 1]) for s in split}) == 1:
        common += 1
    root_len = max(common, 1)
    parents: dict[str, str | None] = {}
    for s in split:
        for depth in range(len(s), root_len, -1):
            parents[".".join(s[:depth])] = ".".join(s[: depth - 1])
    return parents


def _history(ws: Any, snapshot: str, variable: str) -> tuple[set[str], set[str], dict[str, int]]:
    if ws is None or not ws.has_table(PUBLISHED_TABLE):
        return set(), set(), {}
    rows = ws.con.execute(
        f"SELECT code, suppressed, value FROM {PUBLISHED_TABLE} WHERE snapshot = ? AND variable = ?",
        [snapshot, variable],
    ).fetchall()
    pub = {c for c, s, _ in rows if not s}
    sup = {c for c, s, _ in rows if s}
    return pub, sup, {c: v for c, _, v in rows}


def published_history(ws: Any, snapshot: str, variable: str) -> tuple[set[str], set[str]]:
    """The region codes whose ``variable`` earlier releases of ``snapshot`` published, and those they
    blanked (from ``published_cells``; empty without it). A new release keeps both states."""
    pub, sup, _ = _history(ws, snapshot, variable)
    return pub, sup


def record_release(ws: Any, snapshot: str, variable: str, h: Hierarchy, suppressed: set[str],
                   release: str) -> int:
    """Record the pattern of every cell of ``h`` not recorded yet; returns the rows added."""
    parent = {c: p for p, cs in h.groups.items() for c in cs}
    return record_cells(ws, snapshot, [(variable, c, parent.get(c), v, c in suppressed) for c, v in h.values.items()],
                        release)


def record_cells(ws: Any, snapshot: str, cells: Iterable[tuple[str, str, str | None, int, bool]],
                 release: str) -> int:
    """Record released cells ``(variable, code, parent_code, value, suppressed)`` of ``snapshot`` in
    ``published_cells``, in one transaction; a cell recorded earlier keeps its first state (a release
    never changes what an earlier one published). Returns the rows added."""
    known: set[tuple[str, str]] = set()
    if ws.has_table(PUBLISHED_TABLE):
        known = {(v, c) for v, c in ws.con.execute(
            f"SELECT variable, code FROM {PUBLISHED_TABLE} WHERE snapshot = ?", [snapshot]).fetchall()}
    new = sorted({(v, c): (v, c, p, int(x), bool(s)) for v, c, p, x, s in cells if (v, c) not in known}.values())
    if not new:
        return 0
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    with ws.transaction() as con:
        con.execute(_PUBLISHED_DDL)
        con.executemany(f"INSERT INTO {PUBLISHED_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [[snapshot, v, c, p, x, s, release, now] for v, c, p, x, s in new])
    return len(new)


@dataclass
class Release:
    """A protected table, the hierarchies behind it and what was suppressed (per variable)."""

    table: pa.Table
    hierarchies: dict[str, Hierarchy]
    protections: dict[str, Protection]

    @property
    def primary(self) -> int:
        return sum(len(p.primary) for p in self.protections.values())

    @property
    def secondary(self) -> int:
        return sum(len(p.secondary) for p in self.protections.values())


def protect_table(
    table: pa.Table,
    counts: Sequence[str],
    *,
    code_column: str = "code",
    k: int | None = None,
    ws: Any = None,
    snapshot: str | None = None,
    release: str = "table",
    flag_column: str = "suppressed",
) -> Release:
    """Suppress ``counts`` of ``table`` (one row per region) for publication with every margin.

    The hierarchy is the rows plus their totals up to the deepest region they share (villages →
    kecamatan → district); the totals are treated as published. With ``ws`` and ``snapshot``, the
    pattern is made consistent with, and added to, the releases recorded in ``published_cells``
    (``ws`` must then be writable).
    """
    codes = [str(c) for c in table[code_column].to_pylist()]
    parents = region_parents(codes)
    hierarchies: dict[str, Hierarchy] = {}
    protections: dict[str, Protection] = {}
    blanked: dict[str, set[int]] = {}
    for col in counts:
        leaves = {c: int(v or 0) for c, v in zip(codes, table[col].to_pylist(), strict=True)}
        h = Hierarchy.from_leaves(leaves, parents)
        pub, sup, _ = _history(ws, snapshot, col) if snapshot else (set(), set(), {})
        prot = protect(h, k=k, published=pub & set(h.values), suppressed=sup & set(h.values))
        hierarchies[col], protections[col] = h, prot
        blanked[col] = {i for i, c in enumerate(codes) if c in prot.suppressed}
        if ws is not None and snapshot and not ws.read_only:
            record_release(ws, snapshot, col, h, prot.suppressed, release)
    return Release(_apply(table, blanked, flag_column), hierarchies, protections)


_KEEP_INT = ("rank", "selected")
_CUMULATIVE = ("coverage", "cumulative")


def count_columns(table: pa.Table) -> list[str]:
    """Integer columns that count people, households or children (not ranks or flags)."""
    return [
        f.name for f in table.schema
        if pa.types.is_integer(f.type) and f.name not in _KEEP_INT and not f.name.startswith("rank")
    ]


def publishable_ranking(
    table: pa.Table,
    *,
    k: int | None = None,
    note: str | None = None,
    lang: str = "id",
    ws: Any = None,
    snapshot: str | None = None,
    release: str = "loci",
) -> pa.Table:
    """A locus ranking fit for publication: small counts blanked, with complementary suppression.

    Every integer column except ``rank``/``rank_*``/``selected`` is a count and is protected with
    :func:`protect_table` (its kecamatan and district totals count as published). On a row with
    a blanked count the decimal columns (shares, prevalences) are blanked too, cumulative columns
    from the first such row on, and ``reason`` (which quotes the counts) becomes ``note``.
    """
    from lokus.i18n import t

    k = min_cell(k)
    code_col = "code" if "code" in table.column_names else "village_code"
    out = protect_table(table, count_columns(table), code_column=code_col, k=k, ws=ws, snapshot=snapshot,
                        release=release).table
    hit = pc.is_valid(out["suppressed"])
    first = next((i for i, v in enumerate(hit.to_pylist()) if v), None)
    after = pa.array([first is not None and i >= first for i in range(out.num_rows)], pa.bool_())
    for f in out.schema:
        if pa.types.is_floating(f.type):
            idx = out.schema.get_field_index(f.name)
            mask = after if f.name.startswith(_CUMULATIVE) else hit
            out = out.set_column(idx, f.name, pc.if_else(mask, pa.scalar(None, f.type), out[f.name]))
    if "reason" in out.column_names:
        idx = out.schema.get_field_index("reason")
        text = note or t("privacy.suppress.note", lang, k=k)
        out = out.set_column(idx, "reason", pc.if_else(hit, pa.scalar(text), out["reason"]))
    return out
