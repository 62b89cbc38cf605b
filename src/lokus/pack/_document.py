"""The brief's content as blocks (headings, paragraphs, tables, images) plus the ledger of figures.

The same text goes to the PDF (Typst) and, as tables, to the workbook; every number is formatted by
:mod:`lokus.i18n` and registered in the :class:`~lokus.pack._ledger.Ledger`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lokus.convergence import office_name, readable_row
from lokus.i18n import fmt_date, fmt_int, fmt_number, fmt_pct, header, label, localized, register, t
from lokus.indicators._targets import target_source_text
from lokus.pack._collect import PackData
from lokus.pack._ledger import Ledger

__all__ = ["Document", "Table", "build_document", "relay_text"]

register({
    "pack.ind.poverty_rate_p0": {"id": "Persentase penduduk miskin (P0)", "en": "Poverty rate (P0)"},
    "pack.ind.extreme_poverty_rate": {"id": "Persentase penduduk miskin ekstrem", "en": "Extreme poverty rate"},
    "pack.ind.stunting_prevalence_ssgi": {"id": "Prevalensi stunting (SSGI)", "en": "Stunting prevalence (SSGI)"},
    "pack.ind.stunting_prevalence_ski": {"id": "Prevalensi stunting (SKI)", "en": "Stunting prevalence (SKI)"},
    "pack.period.march": {"id": "Maret", "en": "March"},
    "pack.period.september": {"id": "September", "en": "September"},
    "pack.period.annual": {"id": "tahunan", "en": "annual"},
    "pack.changes.kind.closed": {"id": "kesenjangan tertutup, seluruhnya", "en": "gaps closed, all"},
    "pack.status.met": {"id": "tercapai", "en": "met"},
    "pack.status.missed": {"id": "tidak tercapai", "en": "missed"},
    "pack.status.on track": {"id": "sesuai jalur", "en": "on track"},
    "pack.status.behind": {"id": "tertinggal", "en": "behind"},
    "pack.status.baseline only": {"id": "baru data dasar", "en": "baseline only"},
    "pack.status.no data": {"id": "tidak ada data", "en": "no data"},
})


_ZWSP = "\u200b"


def _breakable(text: str) -> str:
    """Long unbroken tokens (pseudonyms, hashes, URLs) get break opportunities every 12 characters, so
    they wrap inside their cell instead of running into the next one; 16-digit NIKs and the 23-25
    characters of a pseudonym (``NAMA-`` and 20 hex digits) stay whole."""
    if len(text) <= 26:
        return text
    out = []
    for word in text.split(" "):
        if len(word) > 26:
            word = _ZWSP.join(word[i:i + 12] for i in range(0, len(word), 12))
        out.append(word)
    return " ".join(out)


@dataclass
class Table:
    """A table for the PDF and the workbook: keys (stable), printed rows, raw rows, layout."""

    name: str
    columns: list[str]
    rows: list[list[str]]
    raw: list[list[Any]]
    widths: list[str]
    aligns: list[str]
    note: str = ""
    size: float | None = None
    row_height: float | None = None

    def block(self, lang: str) -> dict[str, Any]:
        rows = [[_breakable(c) for c in r] for r in self.rows]
        b: dict[str, Any] = {"type": "table", "headers": [header(c, lang) for c in self.columns],
                             "widths": self.widths, "aligns": self.aligns, "rows": rows, "note": self.note}
        if self.size:
            b["size"] = self.size
        if self.row_height:
            b["row_height"] = self.row_height
        return b


    def without(self, column: str, widths: list[str]) -> Table:
        """This table without ``column`` (rows, raw rows, alignment), laid out with ``widths``."""
        j = self.columns.index(column)
        keep = [i for i in range(len(self.columns)) if i != j]
        return Table(self.name, [self.columns[i] for i in keep], [[r[i] for i in keep] for r in self.rows],
                     [[r[i] for i in keep] for r in self.raw], widths, [self.aligns[i] for i in keep], self.note,
                     self.size, self.row_height)


@dataclass
class Document:
    blocks: list[dict[str, Any]]
    ledger: Ledger
    tables: dict[str, Table] = field(default_factory=dict)
    village_tables: list[tuple[str, list[Table]]] = field(default_factory=list)
    title: str = ""
    footer: str = ""


def _pct(value: float | None, lang: str) -> str:
    """A published percentage with the decimals it was published with (one or two)."""
    if value is None:
        return ""
    return fmt_pct(value, lang, 1 if round(value, 1) == round(value, 2) else 2, share=False)


def _month(value: Any, lang: str) -> str:
    return " ".join(fmt_date(value, lang).split(" ")[1:]) if value else "-"


def _period(year: Any, period: str, lang: str) -> str:
    key = f"pack.period.{(period or '').strip().lower()}"
    from lokus.i18n import has

    return f"{t(key, lang)} {year}" if has(key) else f"{period} {year}"


def _publication(r: dict[str, Any], lang: str) -> str:
    """The publication's name in ``lang`` without the checking notes and addresses (those are on the
    method page): the data file's ``publication_<lang>`` (official title and table), else its
    ``publication``, else the figure's ``source``."""
    text = localized(r, "publication", lang) or r["source"] or ""
    text = text.split(" [")[0]
    for cut in (" via ", " as reported by", ", https://", " https://", "; repository address", " (the book"):
        text = text.split(cut)[0]
    return text.rstrip(" ,;:")


def relay_text(r: dict[str, Any], lang: str) -> str:
    """A figure known through a relay, in ``lang``: its publication (or publisher) and the relay's address
    or repository. The data file's ``source`` is an English note; only its carriers (addresses, which read
    the same in every language) are printed, or the whole note when it names none."""
    from lokus.indicators._values import source_carriers

    carriers = source_carriers(r["source"])
    if not carriers:
        return str(r["source"] or "")
    what = _publication(r, lang) if localized(r, "publication", lang) else localized(r, "publisher", lang)
    return t("indicators.citation.relay", lang, what=what or "-", carriers=", ".join(carriers))


def _snap_names(data: PackData) -> list[str]:
    return [s for s in (data.tables.registry_snapshot, data.tables.stunting_snapshot) if s]



def _size(value: object, lang: str) -> str:
    """Household size: a count, or the band a pseudonymised copy carries instead (e.g. ``3-4``)."""
    return fmt_int(value, lang) if isinstance(value, int) else str(value or "")

def build_document(data: PackData, maps: dict[str, str]) -> Document:
    """Blocks of the brief; ``maps`` names the map image files (kind → file name)."""
    lang = data.lang
    pol = data.policy.name
    led = Ledger(data.policy.source or pol)
    blocks: list[dict[str, Any]] = []
    tables: dict[str, Table] = {}
    src_reg = data.tables.registry_snapshot
    loci_cmd = ["loci", "--policy", pol, "--format", "json"]

    # --- cover -------------------------------------------------------------------------------------
    title = t("pack.title", lang)
    blocks.append({
        "type": "cover", "title": title, "subtitle": t("pack.subtitle", lang),
        "rows": [
            [t("pack.cover.district", lang), f"{data.district_name} ({data.district})"],
            [t("pack.cover.date", lang), fmt_date(data.meeting_date, lang)],
            [t("pack.cover.place", lang), data.place or "…………………………"],
            [t("pack.cover.policy", lang), f"{pol} — {data.policy.title_in(lang)}"],
            [t("pack.cover.registry", lang), ", ".join(_snap_names(data))],
        ],
        "notice": t("pack.cover.pseudonymised" if data.pseudonymised else "pack.cover.confidential", lang),
        "made": t("pack.cover.version", lang, version=data.version),
    })
    blocks.append({"type": "pagebreak"})

    # --- summary and key figures ---------------------------------------------------------------------
    n_pov = len(data.tables.poverty_loci)
    stunting = data.tables.stunting_loci
    both = len(set(stunting) & set(data.tables.poverty_loci))
    ranking = data.tables.ranking.to_pylist()
    d1 = sum(int(r["decile1_households"] or 0) for r in ranking)
    admin = data.admin_stunting
    s_pov = led.add("summary.poverty_loci", n_pov, fmt_int(n_pov, lang), command=loci_cmd, where={"selected": True},
                    agg="count", limit=data.top, snapshots=_snap_names(data), label="poverty loci")
    s_stu = led.add("summary.stunting_loci", len(stunting), fmt_int(len(stunting), lang), command=loci_cmd,
                    where={"stunting_locus": True}, agg="count", snapshots=_snap_names(data), label="stunting loci")
    s_hh = led.add("summary.decile1_households", d1, fmt_int(d1, lang), command=loci_cmd, column="decile1_households",
                   agg="sum", snapshots=[src_reg], label="decile-1 households in the district")
    stunted = children = prevalence = "-"
    if admin:
        snap_cmd = ["snapshots", "list", "--format", "json"]
        stunted = led.add("summary.stunted", admin["stunted"], fmt_int(admin["stunted"], lang), command=snap_cmd,
                          where={"name": admin["snapshot"]}, column="details.stunted",
                          snapshots=[admin["snapshot"], admin["measurements"]], label="stunted children")
        children = led.add("summary.children", admin["children"], fmt_int(admin["children"], lang), command=snap_cmd,
                           where={"name": admin["snapshot"]}, column="details.children",
                           snapshots=[admin["snapshot"], admin["measurements"]], label="measured children")
        prevalence = led.add("summary.admin_stunting", round(admin["prevalence"], 1),
                             fmt_pct(admin["prevalence"], lang, 1, share=False),
                             ratio_of=("summary.stunted", "summary.children"), scale=100.0, digits=1,
                             snapshots=[admin["snapshot"], admin["measurements"]],
                             label="administrative stunting prevalence (%)")
    blocks.append({"type": "h1", "text": t("pack.summary", lang)})
    blocks.append({"type": "para", "text": t("pack.summary.text", lang, poverty=s_pov, stunting=s_stu,
                                             both=fmt_int(both, lang), households=s_hh, stunted=stunted,
                                             children=children, prevalence=prevalence)})

    scope_label = {s: t(f"pack.key.scope.{s}", lang) for s in ("region", "province", "nation")}
    rows, raw = [], []
    show_cmd = ["indicators", "show", data.district, "--format", "json"]
    for r in data.key_figures:
        key = f"key.{r['indicator']}.{r['scope']}"
        text = led.add(key, r["value"], _pct(r["value"], lang), command=show_cmd,
                       where={"indicator": r["indicator"], "scope": r["scope"], "year": r["year"],
                              "period": r["period"]}, column="value", digits=None, snapshots=["published"],
                       policy=None, label=f"{r['indicator']} {r['region_name']} {r['year']}", sheet="key")
        publication = _publication(r, lang)
        publisher = localized(r, "publisher", lang)
        rows.append([t(f"pack.ind.{r['indicator']}", lang), f"{scope_label[r['scope']]}: {r['region_name']}",
                     _period(r["year"], r["period"], lang), text, publisher or "-", publication,
                     t("pack.yes", lang) if r["relay"] else "-"])
        raw.append([t(f"pack.ind.{r['indicator']}", lang), r["region_name"], _period(r["year"], r["period"], lang),
                    r["value"], publisher, publication, bool(r["relay"])])
    if admin:
        rows.append([t("pack.key.admin_stunting", lang), f"{scope_label['region']}: {data.district_name}",
                     _month(admin["last_measured"], lang), prevalence, "lokus", f"{admin['measurements']} (WHO 2006, TB/U < -2 SD)",
                     "-"])
        raw.append([t("pack.key.admin_stunting", lang), data.district_name, _month(admin["last_measured"], lang),
                    round(admin["prevalence"], 1),
                    "lokus", admin["measurements"], False])
    key_table = Table("key", ["indicator_label", "scope", "year", "value_text", "publisher", "publication", "relay"],
                      rows, raw, ["2.5cm", "2.6cm", "1.6cm", "1.2cm", "1.7cm", "1fr", "1.4cm"],
                      ["left", "left", "left", "right", "left", "left", "left"],
                      note=t("pack.source", lang, text="lokus indicators show " + data.district
                             + "; data/indicators (PROVENANCE.md)"), size=7.5)
    tables["key"] = key_table
    blocks.append({"type": "h2", "text": t("pack.key.title", lang)})
    blocks.append(key_table.block(lang))

    rows, raw = [], []
    tcmd = ["targets", "show", data.district, "--format", "json"]
    for r in data.targets:
        tv = led.add(f"target.{r['indicator']}.value", r["target_value"], _pct(r["target_value"], lang), command=tcmd,
                     where={"indicator": r["indicator"]}, column="target_value", snapshots=["published"], policy=None,
                     label=f"target {r['indicator']}", sheet="key")
        lv = "-" if r["latest_value"] is None else led.add(
            f"target.{r['indicator']}.latest", r["latest_value"], _pct(r["latest_value"], lang), command=tcmd,
            where={"indicator": r["indicator"]}, column="latest_value", snapshots=["published"], policy=None,
            label=f"latest {r['indicator']}", sheet="key")
        status = t(f"pack.status.{r['status']}", lang)
        source = target_source_text(r["target_source"], lang)
        rows.append([t(f"pack.ind.{r['indicator']}", lang), f"{r['latest_year'] or '-'}", lv,
                     f"{tv} ({r['target_year']})", status, source.split(":")[0]])
        raw.append([t(f"pack.ind.{r['indicator']}", lang), r["latest_year"], r["latest_value"], r["target_value"],
                    status, source])
    target_table = Table("targets", ["indicator_label", "year", "value_text", "target_text", "status", "publication"],
                         rows, raw, ["3.2cm", "1.2cm", "1.3cm", "2cm", "2cm", "1fr"],
                         ["left", "left", "right", "right", "left", "left"],
                         note=t("pack.source", lang, text=f"lokus targets show {data.district}"), size=7.5)
    tables["targets"] = target_table
    blocks.append({"type": "h2", "text": t("pack.targets.title", lang)})
    blocks.append(target_table.block(lang))

    if "trend" in maps:
        blocks.append({"type": "image", "path": maps["trend"], "width": 100, "note": t("pack.chart.gap", lang) + " "
                       + t("pack.source", lang, text="lokus indicators show " + data.district)})

    # --- map ------------------------------------------------------------------------------------------
    blocks.append({"type": "pagebreak"})
    blocks.append({"type": "h1", "text": t("pack.map.title", lang)})
    others = ", ".join(v for k, v in maps.items() if k not in ("loci", "trend"))
    blocks.append({"type": "image", "path": maps["loci"], "width": 100,
                   "note": t("pack.map.caption", lang, files=others or "-")})

    # --- ranked loci ----------------------------------------------------------------------------------
    blocks.append({"type": "pagebreak"})
    rows, raw = [], []
    for r in data.loci:
        code = str(r["code"])
        common = {"command": loci_cmd, "where": {"code": code}, "snapshots": _snap_names(data), "sheet": "loci"}
        rank = led.add(f"loci.{code}.rank", r["rank"], fmt_int(r["rank"], lang), column="rank", label=f"rank {code}",
                       **common)
        hh = led.add(f"loci.{code}.decile1_households", r["decile1_households"], fmt_int(r["decile1_households"], lang),
                     column="decile1_households", label=f"decile-1 households {code}", **common)
        pp = led.add(f"loci.{code}.decile1_people", r["decile1_people"], fmt_int(r["decile1_people"], lang),
                     column="decile1_people", label=f"decile-1 residents {code}", **common)
        st = t("pack.yes", lang) if r["stunting_locus"] else "-"
        rows.append([rank, code, str(r["name"]), str(r["parent_name"]), hh, pp, st, str(r["reason"])])
        raw.append([r["rank"], code, r["name"], r["parent_name"], r["decile1_households"], r["decile1_people"],
                    bool(r["stunting_locus"]), r["reason"]])
    loci_table = Table("loci", ["rank", "code", "name", "kecamatan", "decile1_households", "decile1_people",
                                "stunting_locus", "reason"], rows, raw,
                       ["1.5cm", "2.1cm", "2.2cm", "2cm", "1.5cm", "1.4cm", "1.3cm", "1fr"],
                       ["right", "left", "left", "left", "right", "right", "left", "left"],
                       note=t("pack.source", lang, text=f"lokus loci --policy {pol} ({', '.join(_snap_names(data))})"),
                       size=7.5)
    tables["loci"] = loci_table
    blocks.append({"type": "h1", "text": t("pack.loci.title", lang)})
    blocks.append(loci_table.block(lang))

    # --- gaps per office ------------------------------------------------------------------------------
    rows, raw = [], []
    gcmd = ["gaps", "--format", "json"]
    no_data = t("pack.gaps.no_data", lang)
    for r in sorted(data.gaps, key=lambda r: (office_name(r["office"], lang), r["program"])):
        p = r["program"]
        has_data = r["covered_units"] is not None  # None: the core knows no list, flag or delivery of p
        common = {"command": gcmd, "where": {"program": p}, "snapshots": [src_reg, *data.lists.get(p, [])],
                  "sheet": "gaps"}
        el = led.add(f"gaps.{p}.eligible", r["eligible_units"], fmt_int(r["eligible_units"], lang),
                     column="eligible_units", label=f"{p} eligible", **common)
        if has_data:
            cv = led.add(f"gaps.{p}.covered", r["covered_units"], fmt_int(r["covered_units"], lang),
                         column="covered_units", label=f"{p} covered", **common)
            gp = led.add(f"gaps.{p}.gap", r["gap_units"], fmt_int(r["gap_units"], lang), column="gap_units",
                         label=f"{p} gap", **common)
            sc = r["score_coverage"]
            pc = "-" if sc is None else led.add(f"gaps.{p}.coverage", round(sc * 100, 1), fmt_pct(sc, lang, 1),
                                                 column="score_coverage", scale=100.0, digits=1,
                                                 label=f"{p} coverage (%)", **common)
        else:
            cv = gp = pc = no_data
        office = office_name(r["office"], lang)  # people read the office's name; the manifest keeps codes
        rows.append([office, p, str(r["name"]), el, cv, gp, pc])
        raw.append([office, p, r["name"], r["eligible_units"], r["covered_units"], r["gap_units"],
                    round(r["score_coverage"], 4) if r["score_coverage"] is not None else None])
    gaps_table = Table("gaps", ["office", "program", "name", "eligible_units", "covered_units", "gap_units",
                                "coverage_text"], rows, raw,
                       ["2.6cm", "2.2cm", "1fr", "1.5cm", "1.8cm", "1.8cm", "1.8cm"],
                       ["left", "left", "left", "right", "right", "right", "right"],
                       note=t("pack.gaps.note", lang) + " " + t(
                           "pack.source", lang, text=f"lokus gaps ({src_reg}; {fmt_date(data.as_of, lang)})"),
                       size=7.5)
    tables["gaps"] = gaps_table
    blocks.append({"type": "h1", "text": t("pack.gaps.title", lang)})
    blocks.append(gaps_table.block(lang))

    # --- changes since the last meeting ------------------------------------------------------------
    blocks.append({"type": "h1", "text": t("pack.changes.title", lang)})
    ch = data.changes
    change_rows: list[list[str]] = []
    change_raw: list[list[Any]] = []
    if ch is None:
        blocks.append({"type": "para", "text": t("pack.changes.none", lang)})
    else:
        blocks.append({"type": "para", "text": t("pack.changes.since", lang, meeting=ch["meeting"]) + " " + t(
            "pack.changes.score", lang, before=fmt_pct(ch["score_previous"], lang),
            after=fmt_pct(ch["score_now"], lang))})
        names = {str(r["code"]): str(r["name"]) for r in ranking}
        none = t("pack.changes.none_list", lang)
        blocks.append({"type": "para", "size": 9, "text": t("pack.changes.loci_in", lang) + ": " + (
            ", ".join(f"{names.get(c, c)} ({c})" for c in ch["loci_in"]) or none)})
        blocks.append({"type": "para", "size": 9, "text": t("pack.changes.loci_out", lang) + ": " + (
            ", ".join(f"{names.get(c, c)} ({c})" for c in ch["loci_out"]) or none)})
        vcmd = ["gaps", "--by", "village", "--since", ch["meeting"], "--format", "json"]
        for kind in ("delivered", "not_eligible", "left"):
            n = ch["kinds"][kind]
            change_rows.append([t(f"pack.changes.kind.{kind}", lang), fmt_int(n, lang)])
            change_raw.append([kind, n])
        opened = led.add("changes.new", ch["opened"], fmt_int(ch["opened"], lang), command=vcmd, column="gaps_new",
                         agg="sum", snapshots=[src_reg, ch["meeting"]], label="new gaps", sheet="changes")
        closed = led.add("changes.closed", ch["closed"], fmt_int(ch["closed"], lang), command=vcmd,
                         column="gaps_closed", agg="sum", snapshots=[src_reg, ch["meeting"]], label="gaps closed",
                         sheet="changes")
        change_rows.append([t("pack.changes.kind.new", lang), opened])
        change_raw.append(["new", ch["opened"]])
        change_rows.append([t("pack.changes.kind.closed", lang), closed])
        change_raw.append(["closed", ch["closed"]])
    changes_table = Table("changes", ["kind", "count"], change_rows, change_raw, ["1fr", "2.5cm"], ["left", "right"],
                          note=t("pack.source", lang, text="lokus gaps --by village --since "
                                 + (ch["meeting"] if ch else "…")), size=8.5)
    tables["changes"] = changes_table
    if ch is not None:
        blocks.append(changes_table.block(lang))

    # --- attendance ---------------------------------------------------------------------------------
    # no page break: the "changes" section is often a few lines at the top of a page; the attendance
    # list follows it there (its header row repeats on every page it runs to)
    blocks.append({"type": "h1", "text": t("pack.attendance.title", lang)})
    blocks.append({"type": "para", "text": t("pack.attendance.meeting", lang, district=data.district_name) + " — "
                   + t("pack.cover.date", lang) + ": " + fmt_date(data.meeting_date, lang) + " — "
                   + t("pack.cover.place", lang) + ": " + (data.place or "…………………………")})
    rows = [[str(r["no"]), f"{r['village_name']} ({r['village_code']})", r["kecamatan"], r["role"], r["reason"], "",
             ""] for r in data.attendance]
    raw = [[r["no"], f"{r['village_name']} ({r['village_code']})", r["kecamatan"], r["role"], r["reason"], "", ""]
           for r in data.attendance]
    att = Table("attendance", ["no", "village_name", "kecamatan", "role", "reason", "name", "signature"], rows, raw,
                ["0.8cm", "3.5cm", "2.2cm", "1.9cm", "2.7cm", "1fr", "3.6cm"],
                ["right", "left", "left", "left", "left", "left", "left"],
                note=t("pack.source", lang, text="lokus participants"), size=8, row_height=1.0)
    tables["attendance"] = att
    blocks.append(att.block(lang))

    # --- per-village sheets -------------------------------------------------------------------------
    village_tables: list[tuple[str, list[Table]]] = []
    verify = ""
    program_names = {r["program"]: str(r["name"]) for r in data.gaps}

    def lacks(r: dict[str, Any]) -> str:  # the programs a household lacks, by their catalogue names
        return str(readable_row({"missing": r["missing"]}, program_names, lang)["missing"] or "")

    def legend(households: list[dict[str, Any]]) -> str:
        """The printed sheet keeps the short program codes (names would add a third to the pack's pages)
        and names each code used under the table; the workbook's cells hold the names."""
        used = sorted({c for r in households for c in str(r["missing"] or "").split(", ") if c})
        if not used:
            return ""
        return t("pack.village.legend", lang, legend="; ".join(f"{c} = {program_names.get(c, c)}" for c in used)) + " "

    for v in data.villages:
        blocks.append({"type": "pagebreak"})
        blocks.append({"type": "h1", "text": t("pack.village.title", lang, name=v.name, code=v.code)})
        why = []
        if v.poverty_rank:
            why.append(t("pack.village.why.poverty", lang, rank=v.poverty_rank))
        if v.stunting:
            why.append(t("pack.village.why.stunting", lang))
        blocks.append({"type": "para", "text": t("pack.village.intro", lang, kecamatan=v.kecamatan,
                                                 why=", ".join(why))})
        hh_t = Table(f"hh-{v.code}", ["no", "head_name", "head_nik", "kk", "address", "household_size", "missing",
                                    "verification"],
                   [[str(i), str(r["head_name"] or ""), str(r["head_nik"] or ""), str(r["kk"] or ""),
                     "" if data.pseudonymised else r.get("address", ""), _size(r["household_size"], lang),
                     r["missing"], verify] for i, r in enumerate(v.households, start=1)],
                   [[i, r["head_name"], r["head_nik"], r["kk"], "" if data.pseudonymised else r.get("address", ""),
                     r["household_size"], lacks(r), ""] for i, r in enumerate(v.households, start=1)],
                   ["0.8cm", "2.8cm", "2.7cm", "2.7cm", "2.1cm", "1.1cm", "1fr", "1.8cm"],
                   ["right", "left", "left", "left", "left", "right", "left", "left"],
                   note=legend(v.households) + t("pack.source", lang,
                                                  text=f"lokus worklist --village {v.code} ({src_reg})"), size=7)
        if data.pseudonymised:  # no address in a pseudonymised copy: its width goes to the longer pseudonyms
            hh_t = hh_t.without("address", ["0.8cm", "3.3cm", "3.2cm", "3.1cm", "1.1cm", "1fr", "1.8cm"])
            hh_t.size = 6.5
        blocks.append({"type": "h2", "text": t("pack.village.households", lang, n=fmt_int(len(v.households), lang))})
        blocks.append(hh_t.block(lang) if v.households else {"type": "para",
                                                            "text": t("pack.village.households.none", lang)})
        ch_t = Table(f"ch-{v.code}", ["no", "child_name", "nik", "sex", "birth_date", "measure_date", "lenhei_cm",
                                      "zlen", "posyandu", "verification"],
                     [[str(i), str(r["name"] or ""), str(r["nik"] or ""), str(r["sex"] or ""),
                       str(r["birth_date"] or ""), str(r["measure_date"] or ""), fmt_number(r["lenhei_cm"], lang, 1),
                       fmt_number(r["zlen"], lang, 2), str(r["posyandu"] or ""), verify]
                      for i, r in enumerate(v.children, start=1)],
                     [[i, r["name"], r["nik"], r["sex"], r["birth_date"], r["measure_date"], r["lenhei_cm"], r["zlen"],
                       r["posyandu"], ""] for i, r in enumerate(v.children, start=1)],
                     ["0.8cm", "2.6cm", "2.7cm", "1.3cm", "1.7cm", "1.7cm", "1.3cm", "1.1cm", "1fr", "1.8cm"],
                     ["right", "left", "left", "left", "left", "left", "right", "right", "left", "left"],
                     note=t("pack.source", lang, text=f"{data.tables.stunting_snapshot or '-'}: e-PPGBM, WHO 2006"),
                     size=7)
        if data.pseudonymised:  # pseudonyms instead of names and NIKs, a birth year instead of a date
            ch_t.widths = ["0.8cm", "3.3cm", "3.2cm", "1.3cm", "1.2cm", "1.7cm", "1.3cm", "1.1cm", "1fr", "1.8cm"]
            ch_t.size = 6.5
        blocks.append({"type": "h2", "text": t("pack.village.children", lang, n=fmt_int(len(v.children), lang))})
        blocks.append(ch_t.block(lang) if v.children else {"type": "para",
                                                             "text": t("pack.village.children.none", lang)})
        cov_key = next((k for k in (v.blt[0].keys() if v.blt else []) if k.startswith("covered_")), "covered")
        blt = Table(f"blt-{v.code}", ["no", "head_name", "head_nik", "kk", "address", "household_size", "covered",
                                      "verification"],
                    [[str(r["no"]), str(r["head_name"] or ""), str(r["head_nik"] or ""), str(r["kk"] or ""),
                      "" if data.pseudonymised else r.get("address", ""), _size(r["household_size"], lang),
                      t("pack.yes", lang) if r.get(cov_key) else "-", verify] for r in v.blt],
                    [[r["no"], r["head_name"], r["head_nik"], r["kk"], "" if data.pseudonymised else r.get("address", ""),
                      r["household_size"], bool(r.get(cov_key)), ""] for r in v.blt],
                    ["0.8cm", "3cm", "2.7cm", "2.7cm", "2.3cm", "1.1cm", "1.5cm", "1fr"],
                    ["right", "left", "left", "left", "left", "right", "left", "left"],
                    note=t("pack.village.blt.rule", lang, rule=v.blt_rule) + " " + t(
                        "pack.source", lang, text=f"lokus worklist --village {v.code}"), size=7)
        if data.pseudonymised:
            blt = blt.without("address", ["0.8cm", "3.3cm", "3.2cm", "3.1cm", "1.1cm", "1.5cm", "1fr"])
            blt.size = 6.5
        blocks.append({"type": "h2", "text": t("pack.village.blt", lang, n=fmt_int(len(v.blt), lang))})
        blocks.append(blt.block(lang) if v.blt else {"type": "para", "text": t("pack.village.blt.none", lang) + " "
                                                     + t("pack.village.blt.rule", lang, rule=v.blt_rule)})
        village_tables.append((v.code, [hh_t, ch_t, blt]))

    # --- method and sources --------------------------------------------------------------------------
    blocks.append({"type": "pagebreak"})
    blocks.append({"type": "h1", "text": t("pack.method.title", lang)})
    blocks.append({"type": "para", "text": t("pack.method.rules", lang, policy=pol, title=data.policy.title_in(lang),
                                             top=data.top, stunting=data.tables.stunting_snapshot or "-")})
    snap_rows = [[s["name"], label("snapshot_kind", s["kind"], lang), str(s["source_file"] or ""), str(s["sha256"] or "-"),
                  fmt_int(s["rows"], lang)] for s in data.snapshots]
    snap_raw = [[s["name"], s["kind"], s["source_file"], s["sha256"], s["rows"]] for s in data.snapshots]
    snaps = Table("snapshots", ["snapshot", "kind", "source_file", "sha256", "rows"], snap_rows, snap_raw,
                  ["2.4cm", "1.8cm", "4.2cm", "1fr", "1.6cm"], ["left", "left", "left", "left", "right"],
                  note=t("pack.source", lang, text="lokus snapshots list"), size=6.5)
    tables["snapshots"] = snaps
    blocks.append({"type": "h2", "text": t("pack.method.snapshots", lang)})
    blocks.append(snaps.block(lang))
    blocks.append({"type": "para", "size": 9, "text": t("pack.method.policy", lang, name=data.policy.source or pol,
                                                        sha=data.policy_sha256)})
    blocks.append({"type": "para", "size": 9, "text": t("pack.method.version", lang, version=data.version,
                                                        created=fmt_date(data.meeting_date, lang))})
    relays = [r for r in data.key_figures if r["relay"]]
    if relays:
        blocks.append({"type": "para", "size": 9, "text": t("pack.method.relay", lang)})
        blocks.append({"type": "list", "items": [
            f"{t('pack.ind.' + r['indicator'], lang)}, {r['region_name']} {r['year']}: {relay_text(r, lang)}"
            for r in relays]})
    blocks.append({"type": "para", "size": 9, "text": t("pack.method.manifest", lang)})

    footer = f"{title} — {data.district_name} — {fmt_date(data.meeting_date, lang)}"
    return Document(blocks, led, tables, village_tables, title, footer)
