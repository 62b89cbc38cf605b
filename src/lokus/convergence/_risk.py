"""Families at risk of stunting: decile ≤ 2 households with a child under two, a pregnant woman,
or a child measured stunted in the growth data (``growth_measurements``: zlen < −2 and flen = 0,
joined by the child's NIK, else the family's KK). The rule is the catalogue's ``STUNTING``
program, so the list and the stunting coverage gaps always agree.
"""

from __future__ import annotations

import pyarrow as pa

from lokus.convergence._coverage import Coverage, _latest_growth, col
from lokus.convergence._features import GROWTH_TABLE, person_table
from lokus.convergence._worklist import audit_view, with_heads

__all__ = ["RISK_PROGRAM", "families_at_risk"]

RISK_PROGRAM = "STUNTING"


def families_at_risk(cov: Coverage, *, has_growth: bool | None = None, growth_snapshot: str | None = None) -> pa.Table:
    """One row per family at risk in the coverage's region, with why and whether it is reached.

    Growth data default to the coverage's workspace (its latest growth snapshot). Personal data
    (NIK, names): audited as ``stunting-risk.view``."""
    table = _families_at_risk(cov, has_growth=has_growth, growth_snapshot=growth_snapshot)
    audit_view(cov, "stunting-risk.view", target="families_at_risk", rows=table.num_rows, shown=table)
    return table


def _families_at_risk(cov: Coverage, *, has_growth: bool | None = None, growth_snapshot: str | None = None) -> pa.Table:
    ws = cov.workspace
    if has_growth is None:
        has_growth = bool(ws is not None and ws.has_table(GROWTH_TABLE))
    if growth_snapshot is None and has_growth and ws is not None:
        growth_snapshot = _latest_growth(ws)

    prog = cov.catalogue.get(RISK_PROGRAM)
    c = col(prog.code)
    h = cov.households
    fam = h.filter(h[f"eligible_{c}"]).select("household_id", "village_code", "decile",
                                                "household_size", reached=h[f"covered_{c}"])
    people = person_table(cov.backend, registry_snapshot=cov.registry_snapshot, villages=cov.villages,
                          as_of=cov.as_of, growth_snapshot=growth_snapshot, has_growth=has_growth)
    people = people.semi_join(fam.select("household_id"), "household_id")
    why = people.group_by("household_id").aggregate(
        child_under_two=(people.age_months < 24).fill_null(False).any(),
        pregnant=people.pregnant.fill_null(False).any(),
        stunted_child=people.household_stunted.fill_null(False).any(),
    )
    rows = fam.inner_join(why, "household_id").order_by(["decile", "village_code", "household_id"])
    table = with_heads(cov, rows.to_pyarrow().to_pylist())
    out = []
    for i, r in enumerate(table, start=1):
        out.append({"no": i, "village_code": r["village_code"], "household_id": r["household_id"],
                    "head_nik": r["head_nik"], "head_name": r["head_name"], "decile": r["decile"],
                    "household_size": r["household_size"], "child_under_two": r["child_under_two"],
                    "pregnant": r["pregnant"], "stunted_child": r["stunted_child"], "reached": r["reached"]})
    schema = pa.schema([("no", pa.int64()), ("village_code", pa.string()), ("household_id", pa.string()),
                        ("head_nik", pa.string()), ("head_name", pa.string()), ("decile", pa.int64()),
                        ("household_size", pa.int64()), ("child_under_two", pa.bool_()), ("pregnant", pa.bool_()),
                        ("stunted_child", pa.bool_()), ("reached", pa.bool_())])
    return pa.Table.from_pylist(out, schema=schema)
