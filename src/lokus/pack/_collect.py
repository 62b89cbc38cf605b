"""Everything the meeting pack prints, gathered once from the workspace (read-only) and the
packaged indicators, through the same cores the commands use."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lokus.pack import _messages  # noqa: F401  (registers messages)
from lokus.regions import load_regions
from lokus.workspace import Workspace

__all__ = ["KEY_INDICATORS", "PackData", "VillageSheet", "collect"]

# (indicator, scopes) of the key-figures table, in print order.
KEY_INDICATORS: list[tuple[str, tuple[str, ...]]] = [
    ("poverty_rate_p0", ("region", "province", "nation")),
    ("extreme_poverty_rate", ("region", "province", "nation")),
    ("stunting_prevalence_ssgi", ("region", "province", "nation")),
    ("stunting_prevalence_ski", ("region", "province", "nation")),
]
_RELAY_MARKERS = ("via ", "as reported by", "as stored in", "as compiled in", "as cited", "github:", "not checked",
                  "relay")


@dataclass
class VillageSheet:
    """One locus village's lists for its peratin and bidan."""

    code: str
    name: str
    kecamatan: str
    poverty_rank: int | None
    stunting: bool
    households: list[dict[str, Any]]
    children: list[dict[str, Any]]
    blt: list[dict[str, Any]]
    blt_rule: str


@dataclass
class PackData:
    district: str
    district_name: str
    meeting_date: date
    place: str
    lang: str
    policy: Any
    policy_sha256: str
    top: int
    tables: Any  # lokus.maps.LocusTables
    key_figures: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    admin_stunting: dict[str, Any] | None
    loci: list[dict[str, Any]]
    gaps: list[dict[str, Any]]
    lists: dict[str, list[str]]
    as_of: date
    attendance: list[dict[str, Any]]
    changes: dict[str, Any] | None
    snapshots: list[dict[str, Any]]
    villages: list[VillageSheet]
    version: str
    pseudonymised: bool = False
    workspace: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    records: tuple[str, ...] = ()  # the people on the village sheets (real NIK, else KK), for the audit


def _is_relay(*texts: str) -> bool:
    """Whether lokus knows the figure only through a relay (a news page, a repository, a compilation)."""
    low = " ".join(t or "" for t in texts).lower()
    return any(m in low for m in _RELAY_MARKERS)


TREND_INDICATORS = {"poverty_rate_p0": "march", "stunting_prevalence_ssgi": "annual"}


def _trends(profile: Any) -> dict[str, dict[str, list[tuple[int, float]]]]:
    """Per indicator and scope, the (year, value) series of one period (March for Susenas)."""
    out: dict[str, dict[str, list[tuple[int, float]]]] = {}
    for r in profile.to_dicts():
        period = TREND_INDICATORS.get(r["indicator"])
        if period is None or (r["period"] or "").strip().lower() != period:
            continue
        out.setdefault(r["indicator"], {}).setdefault(r["scope"], []).append((int(r["year"]), float(r["value"])))
    return out


def _key_figures(district: str, workspace: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Any]:
    import polars as pl

    from lokus.indicators import region_profile, target_progress
    from lokus.indicators._values import published_citations

    profile = region_profile(district, workspace=workspace)
    cites = published_citations()
    rows: list[dict[str, Any]] = []
    for indicator, scopes in KEY_INDICATORS:
        sub = profile.filter(pl.col("indicator") == indicator)
        anchor: tuple[Any, Any] | None = None
        for scope in scopes:
            part = sub.filter(pl.col("scope") == scope)
            if part.is_empty():
                continue
            same = part.filter((pl.col("year") == anchor[0]) & (pl.col("period") == anchor[1])) if anchor else part
            latest = (same if not same.is_empty() else part).sort(["year"]).tail(1).to_dicts()[0]
            if scope == "region":
                anchor = (latest["year"], latest["period"])  # compare like with like: same year and period
            cite = cites.filter(
                (pl.col("region_code") == latest["region_code"]) & (pl.col("indicator") == indicator)
                & (pl.col("year") == latest["year"]) & (pl.col("period") == latest["period"])
            ).to_dicts()
            c = cite[0] if cite else {"publisher": "", "publication": "", "source": latest["source"]}
            texts = {k: c.get(k) or "" for k in ("publisher_id", "publication_id", "publication_en")}
            rows.append({
                "indicator": indicator, "scope": scope, "region_code": latest["region_code"],
                "region_name": latest["region_name"], "year": int(latest["year"]), "period": latest["period"],
                "value": float(latest["value"]), "unit": latest["unit"], "publisher": c["publisher"] or "",
                "publication": c["publication"] or "", "source": latest["source"] or "",
                "relay": _is_relay(latest["source"] or "", c["publication"] or ""), **texts,
            })
    targets = target_progress(district, workspace=workspace).to_dicts()
    return rows, targets, _trends(profile)


def _admin_stunting(ws: Workspace, snapshot: str | None) -> dict[str, Any] | None:
    if not snapshot:
        return None
    info = ws.snapshot(snapshot)
    details = json.loads(info.details or "{}")
    if not details.get("children"):
        return None
    last = None
    if details.get("measurements") and ws.has_table("growth_measurements"):
        got = ws.con.execute("SELECT max(measure_date) FROM growth_measurements WHERE snapshot = ?",
                             [details["measurements"]]).fetchone()
        last = got[0] if got else None
    return {"snapshot": snapshot, "measurements": details.get("measurements"), "last_measured": last,
            "children": int(details["children"]),
            "stunted": int(details["stunted"]), "prevalence": details["stunted"] / details["children"] * 100}


def _addresses(ws: Workspace, registry: str, niks: list[str]) -> dict[str, str]:
    wanted = sorted({n for n in niks if n})
    if not wanted:
        return {}
    cur = ws.con.cursor()
    rows = cur.execute("SELECT nik, address FROM registry WHERE snapshot = ? AND list_contains(?, nik)",
                       [registry, wanted]).fetchall()
    return {r[0]: r[1] or "" for r in rows}


def _children(ws: Workspace, village: str, snapshot: str | None) -> list[dict[str, Any]]:
    """The village's stunted children: each child's latest measurement (as ``lokus stunting loci``
    counts them, :func:`lokus.engine.latest_per_child`), HAZ < -2 and not flagged."""
    import polars as pl

    from lokus.engine import backend, latest_per_child

    if not snapshot or not ws.has_table("growth_measurements"):
        return []
    m = backend(ws.con.cursor()).table("growth_measurements")
    m = m.filter((m.snapshot == snapshot) & (m.village_code == village)).select(
        "source_line", "nik", "name", "sex", "birth_date", "measure_date", "village_code", "lenhei_cm", "zlen",
        "flen", "posyandu")
    latest = latest_per_child(m)
    latest = latest.filter((latest.flen.fill_null(0) != 1) & (latest.zlen < -2))
    frame = pl.from_arrow(latest.to_pyarrow())
    assert isinstance(frame, pl.DataFrame)
    return frame.sort(["zlen", "name"]).select(
        "nik", "name", "sex", "birth_date", "measure_date", "lenhei_cm", "zlen", "posyandu"
    ).to_dicts()


def _meeting_changes(ws: Workspace, cov: Any, since: str | None, loci: list[str]) -> dict[str, Any] | None:
    """Changes since a saved meeting: loci in/out and closed gaps split by why they closed."""
    from lokus.convergence import changes_since
    from lokus.convergence._coverage import col
    from lokus.convergence._tracking import GAPS_TABLE, SCORES_TABLE

    changes = changes_since(ws, cov, since)
    if changes is None:
        return None
    cur = ws.con.cursor()
    then_villages = {r[0] for r in cur.execute(
        f"SELECT village_code FROM {SCORES_TABLE} WHERE meeting = ?", [changes.meeting]).fetchall()}
    then_gaps = cur.execute(
        f"SELECT household_id, program, office FROM {GAPS_TABLE} WHERE meeting = ?", [changes.meeting]
    ).fetchall()
    now_gaps = {(r["household_id"], r["program"]) for r in cov.gap_pairs().to_pyarrow().to_pylist()}
    closed = [(h, p, o) for h, p, o in then_gaps if (h, p) not in now_gaps]
    h = cov.households
    programs = [p.code for p in cov.programs]
    cols = ["household_id"] + [f"{k}_{col(p)}" for p in programs for k in ("eligible", "covered")]
    state = {r["household_id"]: r for r in h.select(*cols).to_pyarrow().to_pylist()}
    kinds = {"delivered": 0, "not_eligible": 0, "left": 0}
    by_office: dict[str, dict[str, int]] = {}
    for hid, prog, office in closed:
        r = state.get(hid)
        if r is None:
            kind = "left"
        elif r.get(f"eligible_{col(prog)}") and r.get(f"covered_{col(prog)}"):
            kind = "delivered"
        else:
            kind = "not_eligible"
        kinds[kind] += 1
        by_office.setdefault(office, {"delivered": 0, "not_eligible": 0, "left": 0, "new": 0})[kind] += 1
    for r in changes.by_office.to_pylist():
        by_office.setdefault(r["office"], {"delivered": 0, "not_eligible": 0, "left": 0, "new": 0})["new"] += int(
            r["gaps_new"])
    now = set(loci)
    return {
        "meeting": changes.meeting, "loci_in": sorted(now - then_villages), "loci_out": sorted(then_villages - now),
        "closed": changes.closed, "opened": changes.opened, "kinds": kinds, "by_office": by_office,
        "score_previous": changes.score_previous, "score_now": changes.score_now,
    }


def _policy_sha(policy: Any) -> str:
    from lokus.loci._policy import builtin_policies

    builtins = builtin_policies()
    text = builtins.get(policy.name) if policy.source == f"{policy.name}.toml" else None
    if text is None and policy.source and Path(policy.source).exists():
        text = Path(policy.source).read_text(encoding="utf-8")
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def collect(
    workspace: str | os.PathLike[str] | None,
    *,
    policy: str | None = None,
    since: str | None = None,
    meeting_date: date | None = None,
    place: str = "",
    top: int | None = None,
    lang: str = "id",
    pseudonymise: bool = False,
    save_meeting: str | None = None,
) -> PackData:
    """Gather the pack's content. Only ``save_meeting`` (explicit) writes to the workspace."""
    from lokus import __version__
    from lokus.convergence import DEFAULT_TOP, compute_coverage, participants
    from lokus.convergence import save_meeting as save

    # The unaudited forms: the pack records its whole export once, as ``pack.export``, after its files
    # exist (lokus.pack._build); collecting the lists is not a view of its own.
    from lokus.convergence._worklist import _blt_candidates as blt_candidates
    from lokus.convergence._worklist import _village_worklist as village_worklist
    from lokus.loci import DEFAULT_POLICY
    from lokus.maps import locus_tables
    from lokus.workspace import resolve_workspace_path

    top = top or DEFAULT_TOP
    path = resolve_workspace_path(workspace)
    regions = load_regions()
    with Workspace(path, read_only=save_meeting is None) as ws:
        tables = locus_tables(ws, policy=policy, top=top, lang=lang)
        district = tables.district
    key_figures, targets, trends = _key_figures(district, path)
    with Workspace(path, read_only=save_meeting is None) as ws:
        stunting_loci = tables.stunting_loci
        default_policy = (policy or DEFAULT_POLICY) == DEFAULT_POLICY
        if default_policy:
            cov = compute_coverage(ws, region=None, top=top, registry_snapshot=tables.registry_snapshot)
        else:
            cov = compute_coverage(ws, villages=tables.poverty_loci, registry_snapshot=tables.registry_snapshot)
        gaps = cov.by_program().to_pylist()
        for g in gaps:  # the program's name in the pack's language (the catalogue's name_en for English)
            g["name"] = cov.catalogue.get(g["program"]).title(lang)
        changes = _meeting_changes(ws, cov, since, tables.poverty_loci)
        attendance = participants(ws, tables.poverty_loci, stunting_snapshot=tables.stunting_snapshot,
                                  lang=lang).to_pylist()
        ranking = {str(r["code"]): r for r in tables.ranking.to_pylist()}
        loci_rows = [ranking[c] for c in tables.poverty_loci]
        extra = [c for c in stunting_loci if c not in set(tables.poverty_loci)]
        cov_extra = compute_coverage(ws, villages=extra, registry_snapshot=tables.registry_snapshot) if extra else None
        growth_snaps = ws.snapshots("measurements")
        growth = growth_snaps[-1].name if growth_snaps else None
        # the BLT-DD rule for the peratin: the catalogue's plain description in the pack's language (the rule
        # expression itself when a user catalogue gives none), with the regulation it follows
        blt_program = cov.catalogue.get("BLT_DD") if any(p.code == "BLT_DD" for p in cov.programs) else None
        rule = ""
        if blt_program is not None:
            rule = blt_program.describe(lang) or blt_program.eligibility.text
            rule += " (" + blt_program.regulation.split(";")[0] + ")"
        sheets: list[VillageSheet] = []
        rank_of = {c: i for i, c in enumerate(tables.poverty_loci, start=1)}
        lists_of: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
        for code in tables.poverty_loci + extra:
            c = cov if code in rank_of or cov_extra is None else cov_extra
            lists_of[code] = (village_worklist(c, code).to_pylist(), blt_candidates(c, code).to_pylist() if rule else [])
        every = [r for work, blt in lists_of.values() for r in work + blt]
        addr = _addresses(ws, tables.registry_snapshot, [r["head_nik"] for r in every])  # one registry read
        for r in every:
            r["address"] = addr.get(r["head_nik"], "")
        for code in tables.poverty_loci + extra:
            work, blt = lists_of[code]
            reg = regions.get(code)
            sheets.append(VillageSheet(
                code=code, name=reg.name, kecamatan=regions.get(reg.parent_code).name if reg.parent_code else "",
                poverty_rank=rank_of.get(code), stunting=code in set(stunting_loci),
                households=[r for r in work if r["decile"] == 1], children=_children(ws, code, growth), blt=blt,
                blt_rule=rule,
            ))
        admin = _admin_stunting(ws, tables.stunting_snapshot)
        snaps = [s.as_dict() for s in ws.snapshots() if s.kind != "meeting"]
        if save_meeting:
            save(ws, cov, save_meeting)
        as_of, lists = cov.as_of, dict(cov.lists)
        cov.close()
        if cov_extra is not None:
            cov_extra.close()
    from lokus.privacy import records_shown

    shown = tuple(records_shown([r for s in sheets for r in (*s.households, *s.children, *s.blt)]))
    if pseudonymise:
        _pseudonymise(path, sheets)
    return PackData(
        district=district, district_name=regions.get(district).name, meeting_date=meeting_date or date.today(),
        place=place, lang=lang, policy=tables.policy, policy_sha256=_policy_sha(tables.policy), top=top,
        tables=tables, key_figures=key_figures, targets=targets, admin_stunting=admin, loci=loci_rows, gaps=gaps,
        lists=lists, as_of=as_of, attendance=attendance, changes=changes, snapshots=snaps, villages=sheets,
        version=__version__, pseudonymised=pseudonymise, workspace=str(path),
        extra={"trends": trends}, records=shown,
    )


def _pseudonymise(path: Path, sheets: list[VillageSheet]) -> None:
    """Replace NIK, KK and names by keyed HMACs (lokus.convergence's pseudonymisation)."""
    import pyarrow as pa

    from lokus.convergence import load_key, pseudonymise_table

    key = load_key(path)
    for s in sheets:
        for attr in ("households", "children", "blt"):
            rows = getattr(s, attr)
            if rows:
                table = pseudonymise_table(pa.Table.from_pylist(rows), key)
                setattr(s, attr, table.to_pylist())
