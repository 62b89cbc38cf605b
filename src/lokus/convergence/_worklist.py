"""Worklists: per office and per village, the households and what they lack, in priority order;
the BLT-DD candidates of a pekon for its peratin; the meeting's participant list.

Priority order: lower decile first, then more missing programs, then the village's rank under the
priority rule, then the household id (so the order is always the same).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from lokus.convergence._catalogue import Office
from lokus.convergence._coverage import Coverage, col
from lokus.errors import ConfigError
from lokus.i18n import t
from lokus.regions import load_regions
from lokus.workspace import Workspace

__all__ = ["WORKLIST_COLUMNS", "audit_view", "household_gaps", "office_worklist", "village_worklist", "blt_candidates", "participants"]

WORKLIST_COLUMNS = (
    "priority", "village_code", "village_name", "rank_village", "household_id", "kk", "head_nik", "head_name",
    "decile", "household_size", "gap_count", "missing", "offices",
)


def _village_names(codes: set[str]) -> dict[str, str]:
    regions = load_regions()
    return {c: regions.get(c).name for c in codes if c and c in regions}


def _rows(cov: Coverage, *, programs: list[str], village: str | None) -> list[dict[str, Any]]:
    h = cov.households
    cond = None
    for code in programs:
        term = h[f"gap_{col(code)}"]
        cond = term if cond is None else (cond | term)
    if cond is None:
        return []
    expr = h.filter(cond)
    if village is not None:
        expr = expr.filter(expr.village_code == village)
    keep = ["household_id", "village_code", "decile", "household_size", "gap_count"]
    keep += [f"gap_{col(p.code)}" for p in cov.programs]
    return with_heads(cov, expr.select(*keep).to_pyarrow().to_pylist())


def with_heads(cov: Coverage, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` (with ``household_id``) with each household's ``kk``, ``head_nik`` and ``head_name``
    (:meth:`Coverage.heads`)."""
    heads = cov.heads([r["household_id"] for r in rows])
    none = {"kk": None, "head_nik": None, "head_name": None}
    out = []
    for r in rows:
        head = heads.get(r["household_id"], none)
        out.append({**r, **{k: head[k] for k in none}})
    return out


def _finish(cov: Coverage, rows: list[dict[str, Any]], programs: list[str]) -> pa.Table:
    offices = {p.code: p.office.value for p in cov.programs}
    names = _village_names({r["village_code"] for r in rows})
    big = 10**9
    out = []
    for r in rows:
        missing = [code for code in programs if r[f"gap_{col(code)}"]]
        out.append(
            {
                "village_code": r["village_code"],
                "village_name": names.get(r["village_code"], ""),
                "rank_village": cov.ranks.get(r["village_code"]),
                "household_id": r["household_id"],
                "kk": r["kk"],
                "head_nik": r["head_nik"],
                "head_name": r["head_name"],
                "decile": r["decile"],
                "household_size": r["household_size"],
                "gap_count": r["gap_count"],
                "missing": ", ".join(missing),
                "offices": ", ".join(sorted({offices[c] for c in missing})),
            }
        )
    out.sort(key=lambda r: (r["decile"] if r["decile"] is not None else big, -r["gap_count"],
                            r["rank_village"] if r["rank_village"] is not None else big, r["household_id"]))
    for i, r in enumerate(out, start=1):
        r["priority"] = i
    schema = pa.schema(
        [
            ("priority", pa.int64()), ("village_code", pa.string()), ("village_name", pa.string()),
            ("rank_village", pa.int64()), ("household_id", pa.string()), ("kk", pa.string()),
            ("head_nik", pa.string()), ("head_name", pa.string()), ("decile", pa.int64()),
            ("household_size", pa.int64()), ("gap_count", pa.int64()), ("missing", pa.string()),
            ("offices", pa.string()),
        ]
    )
    return pa.Table.from_pylist([{k: r[k] for k in WORKLIST_COLUMNS} for r in out], schema=schema)


def audit_view(cov: Coverage, action: str, *, target: str, rows: int, pseudonymised: bool = False,
               output: str | None = None, shown: Any = None, records: Iterable[str] = ()) -> None:
    """Record a view (or, with ``output``, an export) of personal data from ``cov`` in the audit log,
    naming the people shown: ``records``, or those of the table ``shown``
    (:func:`lokus.privacy.records_shown`)."""
    from lokus.privacy import audit, records_shown

    if cov.workspace is None:
        raise ConfigError(key="workspace", value="-", valid_values="a coverage from compute_coverage(ws, …)")
    ids = list(records) + (records_shown(shown) if shown is not None else [])
    audit(cov.workspace, action, target=target, rows=rows, scope=cov.region, pseudonymised=pseudonymised,
          output=output, records=ids)


def office_worklist(cov: Coverage, office: str) -> pa.Table:
    """Households missing at least one program of ``office``; ``missing`` lists that office's programs.
    Personal data (NIK, names): audited as ``worklist.view``."""
    table = _office_worklist(cov, office)
    audit_view(cov, "worklist.view", target=f"office:{office}", rows=table.num_rows, shown=table)
    return table


def _office_worklist(cov: Coverage, office: str) -> pa.Table:
    try:
        off = Office(office.strip().lower())
    except ValueError:
        raise ConfigError(key="--office", value=office, valid_values=", ".join(o.value for o in Office)) from None
    programs = [p.code for p in cov.programs if p.office is off]
    return _finish(cov, _rows(cov, programs=programs, village=None), programs)


def household_gaps(cov: Coverage, program: str | None = None) -> pa.Table:
    """Every household of the region missing at least one program (or ``program``), with the programs
    it lacks. Personal data (NIK, names): audited as ``gaps.household``."""
    table = _household_gaps(cov)
    if program:
        code = cov.catalogue.get(program).code
        keep = [code in (m or "").split(", ") for m in table.column("missing").to_pylist()]
        table = table.filter(pa.array(keep, pa.bool_())) if table.num_rows else table
    audit_view(cov, "gaps.household", target=f"program:{program}" if program else "households", rows=table.num_rows, shown=table)
    return table


def _household_gaps(cov: Coverage) -> pa.Table:
    programs = [p.code for p in cov.programs]
    return _finish(cov, _rows(cov, programs=programs, village=None), programs)


def _check_village(cov: Coverage, village: str) -> str:
    code = load_regions().get(village).code
    if cov.villages is not None and code not in cov.villages:
        raise ConfigError(key="--village", value=village, valid_values=", ".join(cov.villages[:10]) + " …")
    return code


def village_worklist(cov: Coverage, village: str) -> pa.Table:
    """Households of ``village`` missing any program, with every program they lack.
    Personal data (NIK, names): audited as ``worklist.view``."""
    table = _village_worklist(cov, village)
    audit_view(cov, "worklist.view", target=f"village:{village}", rows=table.num_rows, shown=table)
    return table


def _village_worklist(cov: Coverage, village: str) -> pa.Table:
    code = _check_village(cov, village)
    programs = [p.code for p in cov.programs]
    return _finish(cov, _rows(cov, programs=programs, village=code), programs)


def blt_candidates(cov: Coverage, village: str, program: str = "BLT_DD") -> pa.Table:
    """Households of ``village`` eligible for BLT Dana Desa, missed ones first, for the peratin.
    Personal data (NIK, names): audited as ``worklist.view``."""
    table = _blt_candidates(cov, village, program)
    audit_view(cov, "worklist.view", target=f"blt:{village}", rows=table.num_rows, shown=table)
    return table


def _blt_candidates(cov: Coverage, village: str, program: str = "BLT_DD") -> pa.Table:
    code = _check_village(cov, village)
    prog = cov.catalogue.get(program)
    c = col(prog.code)
    h = cov.households
    expr = h.filter(h[f"eligible_{c}"] & (h.village_code == code)).select(
        "household_id", "decile", "household_size", covered=h[f"covered_{c}"]
    )
    rows = sorted(with_heads(cov, expr.to_pyarrow().to_pylist()), key=lambda r: (bool(r["covered"]), r["household_id"]))
    keys = ("household_id", "kk", "head_nik", "decile", "household_size", "head_name")
    rows = [{**{k: r[k] for k in keys}, "covered_" + c: r["covered"]}
            for r in rows]
    out = [{"no": i, "village_code": code, **r} for i, r in enumerate(rows, start=1)]
    schema = pa.schema(
        [
            ("no", pa.int64()), ("village_code", pa.string()), ("household_id", pa.string()), ("kk", pa.string()),
            ("head_nik", pa.string()), ("decile", pa.int64()), ("household_size", pa.int64()),
            ("head_name", pa.string()), ("covered_" + c, pa.bool_()),
        ]
    )
    return pa.Table.from_pylist(out, schema=schema)


def participants(ws: Workspace, loci: list[str], *, stunting_snapshot: str | None = None, lang: str = "id") -> pa.Table:
    """The meeting's participants: the peratin of each poverty-locus pekon (``loci``, in priority
    order) and the bidan of each stunting-locus pekon (latest stunting-loci list, same district)."""
    snaps = ws.snapshots("stunting_loci")
    snap = stunting_snapshot or (snaps[-1].name if snaps else None)
    stunting: list[str] = []
    if snap:
        ws.snapshot(snap, "stunting_loci")
        stunting = [r[0] for r in ws.con.execute(
            "SELECT DISTINCT village_code FROM stunting_loci WHERE snapshot = ? ORDER BY 1", [snap]
        ).fetchall()]
        districts = {c[:5] for c in loci}
        if districts:
            stunting = [c for c in stunting if c[:5] in districts]
    regions = load_regions()
    rows = []
    for i, code in enumerate(loci, start=1):
        rows.append((code, t("convergence.participants.peratin", lang),
                     t("convergence.participants.poverty_locus", lang, rank=i)))
    for code in stunting:
        rows.append((code, t("convergence.participants.bidan", lang),
                     t("convergence.participants.stunting_locus", lang)))
    out = []
    for n, (code, role, reason) in enumerate(rows, start=1):
        reg = regions.get(code) if code in regions else None
        parent = regions.get(reg.parent_code) if reg and reg.parent_code and reg.parent_code in regions else None
        out.append({"no": n, "village_code": code, "village_name": reg.name if reg else "",
                    "kecamatan": parent.name if parent else "", "role": role, "reason": reason,
                    "name": "", "phone": "", "signature": ""})
    schema = pa.schema([(k, pa.int64() if k == "no" else pa.string()) for k in
                        ("no", "village_code", "village_name", "kecamatan", "role", "reason", "name", "phone",
                         "signature")])
    return pa.Table.from_pylist(out, schema=schema)
