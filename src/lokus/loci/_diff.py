"""Compare two rankings (two policies, or two snapshots under one policy): who enters, who leaves, why.

What is compared is what the users call the selection: the priority loci of each ranking
(:func:`lokus.loci.top_selected`, at most :data:`~lokus.loci.PRIORITY_TOP` selected units in rank order),
as ``lokus loci``, the meeting pack, the maps, ``lokus gaps`` and the web app show them. The founding rule
selects every village; compared by "selected" alone, every village left the selection of a top-10 policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from lokus.i18n import register
from lokus.loci._policy import Policy, SelectionMethod
from lokus.loci._priority import PRIORITY_TOP, top_selected

__all__ = ["CHANGES", "PolicyDiff", "diff_rankings"]

# Stable codes of the ``change`` column (machine-readable; the reasons carry the words). People read
# them as ``loci_change.<code>`` (the terminal table and workbooks).
CHANGES = ("enters", "leaves", "stays", "stays_out")
register({
    "loci_change.enters": {"id": "masuk", "en": "enters"},
    "loci_change.leaves": {"id": "keluar", "en": "leaves"},
    "loci_change.stays": {"id": "tetap", "en": "stays"},
    "loci_change.stays_out": {"id": "tetap di luar", "en": "stays out"},
})


@dataclass
class PolicyDiff:
    """``table``: one row per unit (only changed units unless ``everything``), sides suffixed _a/_b."""

    label_a: str
    label_b: str
    entered: list[str]
    left: list[str]
    table: pa.Table
    top: int | None = PRIORITY_TOP  # the priority loci compared: at most this many per side (None: the selections)

    def as_dict(self) -> dict[str, Any]:
        return {"a": self.label_a, "b": self.label_b, "top": self.top, "entered": self.entered, "left": self.left}


def _change(a: bool, b: bool) -> str:
    if b and not a:
        return "enters"
    if a and not b:
        return "leaves"
    return "stays" if a else "stays_out"


def diff_rankings(
    a: pa.Table,
    b: pa.Table,
    policy_a: Policy,
    policy_b: Policy,
    *,
    label_a: str = "a",
    label_b: str = "b",
    everything: bool = False,
    top: int | None = PRIORITY_TOP,
) -> PolicyDiff:
    """Units entering and leaving the priority loci from ranking ``a`` to ranking ``b``: on each side the
    selected units in rank order, at most ``top`` of them (:func:`top_selected`); ``top=None`` compares
    the policies' whole selections (then, when both select every unit, the rank changes are listed).

    Without ``everything`` only units that enter or leave are listed. Units are matched by code; a unit
    present on one side only counts as not selected on the other. ``selected_a``/``selected_b`` say whether
    a unit is in what is compared. Rows are ordered by change (enters, leaves, …), then by rank in ``b``.
    """
    in_a, in_b = set(top_selected(a, top)), set(top_selected(b, top))
    rows_a = {r["code"]: {**r, "selected": r["code"] in in_a} for r in a.to_pylist()}
    rows_b = {r["code"]: {**r, "selected": r["code"] in in_b} for r in b.to_pylist()}
    # Whole selections of policies that select every unit cannot change: then list the rank changes.
    ranks_only = top is None and policy_a.selection.method is SelectionMethod.all \
        and policy_b.selection.method is SelectionMethod.all
    criteria = list(dict.fromkeys(policy_a.criterion_names + policy_b.criterion_names))
    out: list[dict[str, Any]] = []
    for code in sorted(set(rows_a) | set(rows_b)):
        ra, rb = rows_a.get(code, {}), rows_b.get(code, {})
        change = _change(bool(ra.get("selected")), bool(rb.get("selected")))
        rank_a, rank_b = ra.get("rank"), rb.get("rank")
        if not everything and change in ("stays", "stays_out") and (not ranks_only or rank_a == rank_b):
            continue
        row: dict[str, Any] = {
            "change": change,
            "code": code,
            "name": ra.get("name") or rb.get("name"),
            "rank_a": rank_a,
            "rank_b": rank_b,
            "rank_change": (rank_a - rank_b) if rank_a is not None and rank_b is not None else None,
            "selected_a": ra.get("selected"),
            "selected_b": rb.get("selected"),
        }
        for c in criteria:
            row[f"{c}_a"] = ra.get(c)
            row[f"{c}_b"] = rb.get(c)
        row["reason_a"] = ra.get("reason")
        row["reason_b"] = rb.get("reason")
        out.append(row)
    order = {c: i for i, c in enumerate(CHANGES)}
    out.sort(key=lambda r: (order[r["change"]], r["rank_b"] if r["rank_b"] is not None else 10**9, r["code"]))
    entered = [r["code"] for r in out if r["change"] == "enters"]
    left = [r["code"] for r in out if r["change"] == "leaves"]
    columns = ["change", "code", "name", "rank_a", "rank_b", "rank_change", "selected_a", "selected_b"]
    columns += [f"{c}_{s}" for c in criteria for s in ("a", "b")] + ["reason_a", "reason_b"]
    table = pa.Table.from_pylist(out) if out else pa.table({c: pa.array([], pa.string()) for c in columns})
    return PolicyDiff(label_a, label_b, entered, left, table.select(columns), top)
