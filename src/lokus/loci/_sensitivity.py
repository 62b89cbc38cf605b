"""Robustness of a ranking: does it hold when weights or thresholds move, or on another snapshot?

Variants move each weight of every index criterion and each selection threshold (``n``,
``share``, ``min``, ``max``) by ±``delta`` (default 20 %), one at a time. For every unit the
report gives the lowest and highest rank it reached and how often it was selected; overall, the
Spearman and Kendall rank correlations of each variant with the base ranking. Rankings are total
orders over the same units, so both coefficients need no tie correction.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from lokus.i18n import register, t
from lokus.loci._criteria import Criterion
from lokus.loci._policy import Policy, SelectionMethod

register(
    {
        "loci.sensitivity.nothing": {
            "id": "Kebijakan {policy} tidak punya bobot atau ambang untuk digeser; bandingkan snapshot lain dengan --registry-b.",
            "en": "Policy {policy} has no weights or thresholds to move; compare another snapshot with --registry-b.",
        },
    }
)

__all__ = ["SensitivityReport", "kendall_tau", "policy_variants", "sensitivity", "spearman_rho"]


@dataclass
class SensitivityReport:
    """``units``: rank, code, name, selected, rank_min, rank_max, selected_share (0–1) per unit."""

    variants: list[dict[str, Any]]
    units: pa.Table
    notes: list[str] = field(default_factory=list)

    @property
    def spearman_min(self) -> float | None:
        values = [v["spearman"] for v in self.variants if v["spearman"] is not None]
        return min(values) if values else None

    @property
    def kendall_min(self) -> float | None:
        values = [v["kendall"] for v in self.variants if v["kendall"] is not None]
        return min(values) if values else None


def spearman_rho(a: Sequence[int], b: Sequence[int]) -> float | None:
    """Spearman's rho of two rankings without ties (1 - 6 Σd² / n(n²-1))."""
    n = len(a)
    if n < 2:
        return None
    d2 = sum((x - y) ** 2 for x, y in zip(a, b, strict=True))
    return round(1 - 6 * d2 / (n * (n * n - 1)), 6)


def kendall_tau(a: Sequence[int], b: Sequence[int]) -> float | None:
    """Kendall's tau of two rankings without ties, by counting inversions in O(n log n)."""
    n = len(a)
    if n < 2:
        return None
    seq = [y for _, y in sorted(zip(a, b, strict=True))]
    tree = [0] * (n + 2)
    ranks = {v: i + 1 for i, v in enumerate(sorted(seq))}
    inversions = 0
    for seen, value in enumerate(seq):
        i = ranks[value]
        not_greater = 0
        j = i
        while j > 0:
            not_greater += tree[j]
            j -= j & -j
        inversions += seen - not_greater
        while i <= n:
            tree[i] += 1
            i += i & -i
    pairs = n * (n - 1) / 2
    return round(1 - 2 * inversions / pairs, 6)


def _scaled(value: float, factor: float, integer: bool) -> float | int:
    moved = value * factor
    return max(1, int(round(moved))) if integer else round(moved, 6)


def policy_variants(policy: Policy, delta: float = 0.2) -> list[tuple[str, Policy]]:
    """One variant per moved parameter and direction, labelled like ``score_x.decile1_share +20%``."""
    out: list[tuple[str, Policy]] = []
    pct = f"{round(delta * 100)}%"
    for index, c in enumerate(policy.criteria):
        if c.type != "index":
            continue
        for comp, weight in c.params["components"].items():
            for sign, factor in (("-", 1 - delta), ("+", 1 + delta)):
                params = dict(c.params)
                params["components"] = {**c.params["components"], comp: round(weight * factor, 6)}
                crit = Criterion(name=c.name, type=c.type, params=params, label=c.label)
                criteria = policy.criteria[:index] + (crit,) + policy.criteria[index + 1:]
                out.append((f"{c.name}.{comp} {sign}{pct}", policy.with_changes(criteria=criteria)))
    sel = policy.selection
    movable = {
        SelectionMethod.top: ("n",), SelectionMethod.quota: ("n",), SelectionMethod.coverage: ("share",),
        SelectionMethod.threshold: ("min", "max"),
    }.get(sel.method, ())
    for key in movable:
        value = getattr(sel, key)
        if value is None:
            continue
        for sign, factor in (("-", 1 - delta), ("+", 1 + delta)):
            moved = _scaled(value, factor, key == "n")
            if key == "share":
                moved = min(1.0, moved)
            if moved == value:
                continue
            label = f"selection.{key} {sign}{pct}"
            out.append((label, policy.with_changes(selection=sel.model_copy(update={key: moved}))))
    return out


def sensitivity(
    run: Callable[[Policy], pa.Table],
    policy: Policy,
    *,
    delta: float = 0.2,
    others: Sequence[tuple[str, pa.Table]] = (),
    lang: str = "id",
) -> SensitivityReport:
    """Run ``policy`` and its variants with ``run`` (policy → ranking); ``others``: extra rankings
    of the same units (e.g. the same policy on another registry snapshot) to compare with."""
    base = run(policy)
    runs: list[tuple[str, pa.Table]] = [(label, run(p)) for label, p in policy_variants(policy, delta)]
    runs += list(others)
    notes: list[str] = []
    if not runs:
        notes.append(t("loci.sensitivity.nothing", lang, policy=policy.name))
    base_rows = sorted(base.to_pylist(), key=lambda r: r["code"])
    codes = [r["code"] for r in base_rows]
    base_ranks = [r["rank"] for r in base_rows]
    low = list(base_ranks)
    high = list(base_ranks)
    chosen = [1 if r["selected"] else 0 for r in base_rows]
    variants: list[dict[str, Any]] = []
    for label, table in runs:
        ranks_by_code = {r["code"]: (r["rank"], r["selected"]) for r in table.to_pylist()}
        ranks = []
        for i, code in enumerate(codes):
            rank, selected = ranks_by_code.get(code, (math.inf, False))
            ranks.append(rank)
            low[i] = min(low[i], rank)
            high[i] = max(high[i], rank)
            chosen[i] += 1 if selected else 0
        comparable = all(r != math.inf for r in ranks)
        variants.append({
            "variant": label,
            "selected": sum(1 for r in table.to_pylist() if r["selected"]),
            "spearman": spearman_rho(base_ranks, ranks) if comparable else None,
            "kendall": kendall_tau(base_ranks, ranks) if comparable else None,
        })
    total_runs = len(runs) + 1
    units = pa.Table.from_pylist([
        {
            "rank": r["rank"], "code": r["code"], "name": r["name"], "selected": r["selected"],
            "rank_min": lo, "rank_max": hi, "selected_share": round(k / total_runs, 4),
        }
        for r, lo, hi, k in zip(base_rows, low, high, chosen, strict=True)
    ]).sort_by("rank")
    return SensitivityReport(variants, units, notes)
