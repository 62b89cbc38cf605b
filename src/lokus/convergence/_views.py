"""What the convergence commands show and write, computed in the core so that every caller (the CLI,
the meeting pack, the web app, a Python script) gets the same tables, the same files and the same
audit rows.

* :func:`gaps_by_program`, :func:`gaps_by_village`, :func:`gaps_by_office` — the gap tables, with the
  gaps closed *and* the new gaps since a meeting when one is given (columns: docs/gaps-and-worklists.md);
* :func:`worklist` / :func:`export_worklist` — an office's or a village's worklist (a village's
  also carries its BLT-DD candidates, in every format);
* :func:`stunting_risk` / :func:`export_stunting_risk` — families at risk of stunting;
* :func:`unmatched_recipients` — list rows to verify (quarantined rows: :mod:`lokus.quarantine`);
* :func:`coverage_sources` — the line naming the snapshots a table came from.

Every table holding NIKs or names is audited here: a view as ``<thing>.view``, a file as
``<thing>.export`` once the file exists (through :func:`lokus.reports.write_table`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from lokus.convergence import _messages  # noqa: F401 - registers the messages
from lokus.convergence._coverage import Coverage
from lokus.convergence._ingest import RECIPIENTS_TABLE
from lokus.convergence._risk import _families_at_risk
from lokus.convergence._worklist import (
    _blt_candidates,
    _office_worklist,
    _village_worklist,
    audit_view,
)
from lokus.errors import ConfigError
from lokus.i18n import DEFAULT_LANG, fmt_date, label, t
from lokus.regions import load_regions
from lokus.workspace import Workspace

__all__ = [
    "OFFICE_COLUMNS", "Worklist", "coverage_sources", "export_stunting_risk", "export_worklist", "gaps_by_office",
    "gaps_by_program", "gaps_by_village", "office_name", "readable_row", "stunting_risk", "unmatched_recipients",
    "village_label", "worklist",
]

OFFICE_COLUMNS = (
    "office", "programs", "gap_households", "gap_persons", "inclusion_not_eligible_households",
    "inclusion_not_eligible_persons", "inclusion_not_in_registry", "gaps_closed", "gaps_new",
)


def coverage_sources(cov: Coverage, lang: str = DEFAULT_LANG, *, meeting: str | None = None) -> str:
    """``Data: registri …; daftar program …; per …; wilayah …`` for a table computed from ``cov``."""
    from lokus.reports import sources_line

    lists = sorted({s for snaps in cov.lists.values() for s in snaps})
    region = t(f"convergence.region.{cov.region}", lang) if cov.region in ("loci", "all") else cov.region
    return sources_line(lang, registry=cov.registry_snapshot, lists=lists, as_of=cov.as_of,
                        region=region, meeting=meeting)


def _workspace(cov: Coverage) -> Workspace:
    """The workspace personal-data views of ``cov`` are audited in (ConfigError when there is none)."""
    if cov.workspace is None:
        raise ConfigError(key="workspace", value="-", valid_values="a coverage from compute_coverage(ws, …)")
    return cov.workspace


# -- gaps ----------------------------------------------------------------------------------------
def gaps_by_program(cov: Coverage, program: str | None = None) -> pa.Table:
    """One row per program (or only ``program``): eligible, covered, gap and inclusion counts in the
    program's unit (``unit``: household or person). No personal data."""
    table = cov.by_program()
    if program:
        code = cov.catalogue.get(program).code
        table = table.filter(pa.array([p == code for p in table.column("program").to_pylist()], pa.bool_()))
    return table


def gaps_by_village(cov: Coverage, changes: Any = None) -> pa.Table:
    """One row per village: household–program pairs eligible, covered and missed, the convergence
    score, gaps per program; with ``changes`` (:func:`changes_since`) also the pairs closed and the
    new gaps since that meeting and the score then. No personal data."""
    rows = cov.by_village().to_pylist()
    if changes is not None:
        extra = {r["village_code"]: r for r in changes.by_village.to_pylist()}
        for r in rows:
            e = extra.get(r["village_code"], {})
            r["gaps_closed"] = e.get("gaps_closed", 0)
            r["gaps_new"] = e.get("gaps_new", 0)
            r["score_convergence_previous"] = e.get("score_convergence_previous")
            r["score_convergence_change"] = e.get("score_convergence_change")
    return pa.Table.from_pylist(rows) if rows else cov.by_village()


def gaps_by_office(cov: Coverage, changes: Any = None) -> pa.Table:
    """One row per office: its programs, gaps and inclusion errors split by unit (households for
    household programs, persons for person programs — never added together), list recipients not
    in the registry, and, with ``changes``, the household–program gaps closed and new since that
    meeting. No personal data."""
    offices: dict[str, dict[str, Any]] = {}
    for r in cov.by_program().to_pylist():
        o = offices.setdefault(r["office"], {c: 0 for c in OFFICE_COLUMNS} | {"office": r["office"], "programs": []})
        o["programs"].append(r["program"])
        unit = "persons" if r["unit"] == "person" else "households"
        o[f"gap_{unit}"] += r["gap_units"] or 0
        o[f"inclusion_not_eligible_{unit}"] += r["inclusion_not_eligible"] or 0
        o["inclusion_not_in_registry"] += r["inclusion_not_in_registry"] or 0
    if changes is not None:
        for r in changes.by_office.to_pylist():
            if r["office"] in offices:
                offices[r["office"]]["gaps_closed"] += r["gaps_closed"]
                offices[r["office"]]["gaps_new"] += r["gaps_new"]
    rows = [{**o, "programs": ", ".join(o["programs"])} for o in offices.values()]
    schema = pa.schema([(c, pa.string() if c in ("office", "programs") else pa.int64()) for c in OFFICE_COLUMNS])
    table = pa.Table.from_pylist([{c: r[c] for c in OFFICE_COLUMNS} for r in rows], schema=schema)
    if changes is None:
        table = table.drop_columns(["gaps_closed", "gaps_new"])
    return table


# -- worklists -----------------------------------------------------------------------------------
def office_name(code: str, lang: str = DEFAULT_LANG) -> str:
    """An office's name from the catalogue (``dinsos`` → "Dinas Sosial"); an unknown code as it is."""
    return label("office", code, lang)


def village_label(code: str) -> str:
    """``Pampangan (18.04.08.2001)``: a village's name and code; the code alone when it is unknown."""
    regions = load_regions()
    return f"{regions.get(code).name} ({code})" if code in regions else code


def readable_row(row: dict[str, Any], program_names: dict[str, str], lang: str = DEFAULT_LANG) -> dict[str, Any]:
    """A worklist row for people: ``missing`` (program codes, ``PKH, PBI_JKN``) as the programs'
    names from the catalogue and ``offices`` (``dinsos, bpjs``) as office names, each joined by "; "."""
    out = dict(row)
    if row.get("missing"):
        out["missing"] = "; ".join(program_names.get(c, c) for c in str(row["missing"]).split(", "))
    if row.get("offices"):
        out["offices"] = "; ".join(office_name(c, lang) for c in str(row["offices"]).split(", "))
    return out


@dataclass
class Worklist:
    """An office's or a village's worklist; a village's also has its BLT-DD candidates (``blt``)."""

    name: str  # office code or village code
    kind: str  # "office" or "village"
    table: pa.Table
    blt: pa.Table | None
    as_of: Any
    pseudonymised: bool
    sources: str
    records: tuple[str, ...] = ()  # the people on the lists (real NIK/KK, also when pseudonymised), for the audit
    program_names: dict[str, str] | None = None  # program code → name, from the catalogue (for people)

    def title_name(self, lang: str = DEFAULT_LANG) -> str:
        """Who the list is for, as people read it: the office's name, or the village's name and code."""
        return office_name(self.name, lang) if self.kind == "office" else village_label(self.name)

    def readable(self, table: pa.Table, lang: str = DEFAULT_LANG) -> list[dict[str, Any]]:
        """The rows of ``table`` for people (terminal, XLSX): ``missing`` as program names and
        ``offices`` as office names from the catalogues. CSV and JSON keep the codes."""
        return [readable_row(r, self.program_names or {}, lang) for r in table.to_pylist()]

    @property
    def rows(self) -> int:
        return self.table.num_rows + (self.blt.num_rows if self.blt is not None else 0)

    def combined(self) -> list[dict[str, Any]]:
        """The worklist rows then the BLT-DD candidates, in one table with a leading ``list`` column
        (``worklist`` or ``blt_dd``): what CSV and JSON carry, so nothing the XLSX has is dropped."""
        rows = [{"list": "worklist", **r} for r in self.table.to_pylist()]
        if self.blt is not None:
            rows += [{"list": "blt_dd", **r} for r in self.blt.to_pylist()]
        return rows

    def sheets(self, lang: str = DEFAULT_LANG) -> list[Any]:
        from lokus.reports import Sheet

        as_of = fmt_date(self.as_of, lang) if hasattr(self.as_of, "day") else self.as_of  # "30 Juni 2022"
        title = t("convergence.worklist.title", lang, name=self.title_name(lang), as_of=as_of)
        sheet = Sheet.from_table(t("convergence.worklist.sheet", lang), self.readable(self.table, lang), title=title,
                                 note=self.sources)
        if not sheet.columns:  # no household: the columns of the (empty) table
            sheet = Sheet.from_table(t("convergence.worklist.sheet", lang), self.table, title=title, note=self.sources)
        sheet.wrap = frozenset({"missing", "offices"})
        sheet.widths = {"missing": 45.0, "offices": 30.0}
        sheet.landscape = sheet.fit_width = True  # printed: one page wide, not 190 pages of column strips
        out = [sheet]
        if self.blt is not None:
            out.append(Sheet.from_table("BLT-DD", self.blt, note=self.sources,
                                        title=t("convergence.blt.title", lang, village=village_label(self.name))))
        return out


def _worklist(cov: Coverage, office: str | None, village: str | None, pseudonymise: bool, lang: str) -> Worklist:
    if (office is None) == (village is None):
        raise ConfigError(key="--office/--village", value="-", valid_values="exactly one of --office or --village")
    if office is not None:
        table, blt, name, kind = _office_worklist(cov, office), None, office.lower(), "office"
    elif village is not None:
        table, blt, name, kind = _village_worklist(cov, village), _blt_candidates(cov, village), village, "village"
    from lokus.privacy import records_shown

    shown = tuple(records_shown(table) + (records_shown(blt) if blt is not None else []))
    if pseudonymise:
        from lokus.convergence._pseudonym import load_key, pseudonymise_table

        key = load_key(_workspace(cov).path)
        table = pseudonymise_table(table, key)
        blt = pseudonymise_table(blt, key) if blt is not None else None
    return Worklist(name, kind, table, blt, cov.as_of, pseudonymise, coverage_sources(cov, lang), shown,
                    {p.code: p.title(lang) for p in cov.programs})


def worklist(cov: Coverage, *, office: str | None = None, village: str | None = None, pseudonymise: bool = False,
             lang: str = DEFAULT_LANG) -> Worklist:
    """The worklist of ``office`` or of ``village`` (exactly one), audited as ``worklist.view``."""
    wl = _worklist(cov, office, village, pseudonymise, lang)
    audit_view(cov, "worklist.view", target=f"{wl.kind}:{wl.name}", rows=wl.rows, pseudonymised=pseudonymise,
               records=wl.records)
    return wl


def export_worklist(cov: Coverage, path: str | os.PathLike[str], *, office: str | None = None,
                    village: str | None = None, pseudonymise: bool = False, lang: str = DEFAULT_LANG) -> Worklist:
    """Write the worklist to ``path`` (``.xlsx``: a sheet each for the worklist and the BLT-DD
    candidates; ``.csv``/``.json``: both in one table with a ``list`` column), then audit the export
    (``worklist.export``). Errors: ConfigError (extension), OutputError (folder)."""
    from lokus.reports import Audit, check_output, write_table, write_workbook

    kind = check_output(path)
    wl = _worklist(cov, office, village, pseudonymise, lang)
    audit = Audit(_workspace(cov), "worklist.export", target=f"{wl.kind}:{wl.name}", rows=wl.rows, scope=cov.region,
                  pseudonymised=pseudonymise, records=wl.records)
    if kind == "xlsx":
        write_workbook(path, wl.sheets(lang), lang=lang, audit=audit)
    else:
        write_table(wl.combined() if wl.blt is not None else wl.table, path, lang=lang, audit=audit)
    return wl


def _risk(cov: Coverage, pseudonymise: bool) -> tuple[pa.Table, tuple[str, ...]]:
    """The families at risk (pseudonymised if asked) and the people on the list, for the audit."""
    from lokus.privacy import records_shown

    table = _families_at_risk(cov)
    shown = tuple(records_shown(table))
    if pseudonymise:
        from lokus.convergence._pseudonym import load_key, pseudonymise_table

        table = pseudonymise_table(table, load_key(_workspace(cov).path))
    return table, shown


def stunting_risk(cov: Coverage, *, pseudonymise: bool = False) -> pa.Table:
    """Families at risk of stunting (:func:`families_at_risk`), optionally pseudonymised; audited."""
    table, shown = _risk(cov, pseudonymise)
    audit_view(cov, "stunting-risk.view", target="families_at_risk", rows=table.num_rows, pseudonymised=pseudonymise,
               records=shown)
    return table


def export_stunting_risk(cov: Coverage, path: str | os.PathLike[str], *, pseudonymise: bool = False,
                         lang: str = DEFAULT_LANG) -> pa.Table:
    """Write the families at risk to ``path`` (CSV, XLSX or JSON), then audit the export."""
    from lokus.reports import Audit, check_output, write_table

    check_output(path)
    table, shown = _risk(cov, pseudonymise)
    write_table(table, path, lang=lang, sheet_name=t("convergence.risk.sheet", lang),
                note=coverage_sources(cov, lang),
                audit=Audit(_workspace(cov), "stunting-risk.export", target="families_at_risk", rows=table.num_rows,
                            scope=cov.region, pseudonymised=pseudonymise, records=shown))
    return table


# -- lists to verify -----------------------------------------------------------------------------
def _select(ws: Workspace, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = ws.con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def unmatched_recipients(ws: Workspace, program: str | None = None) -> list[dict[str, Any]]:
    """Recipients whose NIK and KK are not in the registry (inclusion errors to verify), by list
    line. ``program``: a catalogue code (else :class:`ConfigError` naming the codes). Personal data: a
    non-empty answer is audited as ``programs.unmatched``."""
    if program:
        from lokus.convergence._store import workspace_catalogue

        program = workspace_catalogue(ws).get(program).code
    if not ws.has_table(RECIPIENTS_TABLE):
        return []
    # Verdicts against the registry snapshot each list was matched to (``registry_snapshot``; they follow its
    # rows); a list loaded before any registry has none yet.
    sql = ("SELECT snapshot, program, registry_snapshot, source_line, nik, kk, name, village_code "
           f"FROM {RECIPIENTS_TABLE} WHERE matched_by IS NULL AND registry_snapshot IS NOT NULL")
    params: list[Any] = []
    if program:
        sql += " AND program = ?"
        params.append(program)
    rows = _select(ws, sql + " ORDER BY snapshot, source_line", params)
    if rows:
        from lokus.privacy import audit, records_shown

        audit(ws, "programs.unmatched", target=program or RECIPIENTS_TABLE, rows=len(rows),
              records=records_shown(rows))
    return rows
