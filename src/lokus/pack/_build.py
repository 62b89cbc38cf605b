"""Build the meeting pack: PDF brief (Typst), Excel workbook (lokus.reports), maps and manifest.json."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from lokus.i18n import fmt_date, fmt_int, header, label, t
from lokus.pack._collect import PackData, collect
from lokus.pack._document import Document, Table, build_document, relay_text

__all__ = ["PackResult", "build_pack", "render_pdf", "write_pack_workbook"]

STEPS = ("collect", "maps", "pdf", "xlsx", "manifest")
_MAPS = (("loci", "loci"), ("decile1_share", "desil1"), ("stunting_prevalence", "stunting"))


@dataclass
class PackResult:
    out_dir: Path
    pdf: Path
    xlsx: Path
    manifest: Path
    maps: list[Path]
    figures: int
    pages: int

    @property
    def files(self) -> list[Path]:
        return [self.pdf, self.xlsx, *self.maps, self.manifest]


def _plain_mark_info(pdf: bytes) -> bytes:
    """Typst writes ``/MarkInfo<</Marked true/Suspects false>>``; Poppler (pdfinfo, pdftotext and the
    viewers built on it, 22.x) reads a ``false`` Suspects as the wrong type and prints "Syntax Error:
    Suspects object is wrong type (boolean)" for every file. ``false`` is the default (PDF 32000-1,
    14.7.1), so the entry is blanked with spaces of the same length: the meaning and every byte offset
    of the cross-reference table stay the same."""
    entry = b"/Suspects false"
    return pdf.replace(b"/MarkInfo<</Marked true" + entry + b">>",
                       b"/MarkInfo<</Marked true" + b" " * len(entry) + b">>")


def render_pdf(doc: Document, lang: str, version: str, images: dict[str, Path], out: Path) -> int:
    """Typeset ``doc`` to ``out`` with Typst; returns the page count."""
    import typst

    with tempfile.TemporaryDirectory(prefix="lokus-pack-") as tmp:
        root = Path(tmp)
        template = resources.files("lokus.pack").joinpath("brief.typ").read_text(encoding="utf-8")
        (root / "brief.typ").write_text(template, encoding="utf-8")
        for name, path in images.items():
            shutil.copyfile(path, root / name)
        data = {"lang": lang, "title": doc.title, "footer": doc.footer, "version": version, "blocks": doc.blocks}
        (root / "data.json").write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
        pdf = typst.compile(str(root / "brief.typ"), root=str(root), ignore_system_fonts=True, timestamp=0)
    assert isinstance(pdf, bytes)
    pdf = _plain_mark_info(pdf)
    out.write_bytes(pdf)
    return pdf.count(b"/Type /Page\n") or pdf.count(b"/Type/Page") or len(doc.blocks)


def _sheet(table: Table, name: str, lang: str, title: str, number_formats: dict[str, str] | None = None) -> Any:
    from lokus.reports import Sheet

    headers = [header(c, lang) for c in table.columns]
    widths: dict[str, float] = {}
    for j, c in enumerate(table.columns):
        longest = max([len(headers[j])] + [len(str(r[j])) for r in table.raw if r[j] is not None])
        widths[c] = float(min(50, max(8, longest + 2)))
    wide = frozenset(c for c in table.columns if widths[c] >= 50)
    if "signature" in table.columns:
        widths["signature"] = widths["name"] = 30.0
    return Sheet(
        name=name, columns=table.columns, rows=table.raw, title=title,
        text_columns=frozenset({"nik", "head_nik", "kk", "code", "village_code", "sha256", "year"}),
        headers=headers, widths=widths, number_formats=number_formats or {}, wrap=wide,
        landscape=True, fit_width=True, notes=[table.note] if table.note else [],
        row_height=30.0 if "signature" in table.columns else None,
    )


def write_pack_workbook(doc: Document, data: PackData, path: Path) -> Path:
    """One sheet per table of the brief, a first sheet with method and sources, a sheet per locus village."""
    from lokus.reports import Sheet, write_workbook

    lang = data.lang
    method_rows: list[list[Any]] = [
        [t("pack.cover.district", lang), f"{data.district_name} ({data.district})"],
        [t("pack.cover.date", lang), fmt_date(data.meeting_date, lang)],
        [t("pack.cover.policy", lang), f"{data.policy.name} — {data.policy.title_in(lang)}"],
        [t("pack.method.policy_sha", lang), data.policy_sha256],
        [t("pack.method.lokus_version", lang), data.version],
        [t("pack.method.title", lang), t("pack.method.rules", lang, policy=data.policy.name, title=data.policy.title_in(lang),
                                         top=data.top, stunting=data.tables.stunting_snapshot or "-")],
        ["manifest.json", t("pack.method.manifest", lang).replace("`", "")],  # backticks mark code in the PDF only
    ]
    for s in data.snapshots:
        method_rows.append([t("pack.method.snapshot", lang, name=s["name"], kind=label("snapshot_kind", s["kind"], lang)),
                            f"{s['source_file'] or ''} sha256 {s['sha256'] or '-'}"])
    for r in data.key_figures:
        if r["relay"]:
            name = label("pack.ind", r["indicator"], lang)
            method_rows.append([f"{t('pack.key.relay', lang)}: {name} {r['region_name']} {r['year']}",
                                relay_text(r, lang)])
    sheets = [Sheet(name=t("pack.sheet.method", lang), columns=["item", "detail"], rows=method_rows,
                    title=doc.title, headers=[header("item", lang), header("detail", lang)],
                    widths={"item": 40, "detail": 90}, wrap=frozenset({"item", "detail"}), landscape=True,
                    fit_width=True)]
    pct = {"value": "0.00", "target": "0.00"}
    sheets.append(_sheet(doc.tables["key"], t("pack.sheet.key", lang), lang, t("pack.key.title", lang), pct))
    sheets.append(_sheet(doc.tables["targets"], t("pack.targets.title", lang)[:31], lang, t("pack.targets.title", lang),
                         {"value_text": "0.00", "target_text": "0.00"}))
    sheets.append(_sheet(doc.tables["loci"], t("pack.sheet.loci", lang), lang, t("pack.loci.title", lang),
                         {"decile1_households": "#,##0", "decile1_people": "#,##0"}))
    sheets.append(_sheet(doc.tables["gaps"], t("pack.sheet.gaps", lang), lang, t("pack.gaps.title", lang),
                         {"eligible_units": "#,##0", "covered_units": "#,##0", "gap_units": "#,##0",
                          "coverage_text": "0.0%"}))
    if doc.tables["changes"].raw:
        sheets.append(_sheet(doc.tables["changes"], t("pack.sheet.changes", lang), lang, t("pack.changes.title", lang)))
    sheets.append(_sheet(doc.tables["attendance"], t("pack.sheet.attendance", lang), lang,
                         t("pack.attendance.meeting", lang, district=data.district_name)))
    snapshots = _sheet(doc.tables["snapshots"], t("pack.method.snapshots", lang), lang, t("pack.method.snapshots", lang))
    snapshots.labels = {"kind": "snapshot_kind"}
    sheets.append(snapshots)
    by_code = {v.code: v for v in data.villages}
    for code, (hh, ch, blt) in doc.village_tables:
        v = by_code[code]
        # one sheet per village: its three lists one under the other, each with its own header row (no
        # filter: it would sort the lists into each other)
        rows: list[list[Any]] = []
        heads: set[int] = set()
        spans: set[int] = set()
        width = max(len(hh.columns), len(ch.columns), len(blt.columns))
        wraps: set[int] = set()
        for heading, tab in ((t("pack.village.households", lang, n=fmt_int(len(hh.raw), lang)), hh),
                             (t("pack.village.children", lang, n=fmt_int(len(ch.raw), lang)), ch),
                             (t("pack.village.blt", lang, n=fmt_int(len(blt.raw), lang)), blt)):
            spans.add(len(rows))
            rows.append([heading] + [None] * (width - 1))
            heads.add(len(rows))
            rows.append([header(c, lang) for c in tab.columns] + [None] * (width - len(tab.columns)))
            rows.extend([list(r) + [None] * (width - len(r)) for r in tab.raw])
            wraps.update(j for j, c in enumerate(tab.columns) if c in ("missing", "address", "head_name",
                                                                       "child_name", "posyandu"))
            if tab is blt:
                spans.add(len(rows))
                rows.append([t("pack.village.blt.rule", lang, rule=v.blt_rule)] + [None] * (width - 1))
            rows.append([None] * width)
        cols = [f"c{i}" for i in range(width)]
        widths: dict[str, float] = {}
        for j, c in enumerate(cols):  # the widest cell of the column's data rows, the headers wrap
            cells = [len(str(r[j])) if k not in heads else min(14, len(str(r[j])))
                     for k, r in enumerate(rows) if k not in spans and r[j] is not None]
            # a wrapping column (programs not received, addresses) may be wider: fewer lines per household
            widths[c] = float(min(48 if j in wraps else 36, max(6, max(cells, default=6) + 2)))
        widths["c0"] = 5.0  # No.
        sheets.append(Sheet(
            name=f"{v.name[:20]} {code[-4:]}", columns=cols, rows=rows,
            title=t("pack.village.title", lang, name=v.name, code=code),
            text_columns=frozenset(), headers=[""] * width,  # NIK/KK are str cells: written as text anyway
            widths=widths, wrap=frozenset(cols[j] for j in wraps), landscape=True, fit_width=True,
            table_header=False, header_rows=frozenset(heads), span_rows=frozenset(spans),
        ))
    return write_workbook(path, sheets, lang=lang)


def _audit(data: PackData, pdf: Path, xlsx: Path) -> None:
    """Record the export of personal data (the village sheets) after the files exist."""
    from lokus.privacy import audit
    from lokus.workspace import Workspace

    rows = sum(len(v.households) + len(v.children) + len(v.blt) for v in data.villages)
    with Workspace(data.workspace) as ws:
        audit(ws, "pack.export", target=f"pack:{data.district}", rows=rows, scope=data.district,
              pseudonymised=data.pseudonymised, output=f"{pdf}, {xlsx}", records=data.records)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_pack(
    workspace: str | os.PathLike[str] | None = None,
    *,
    out_dir: str | os.PathLike[str] = "rakor",
    policy: str | None = None,
    since: str | None = None,
    lang: str = "id",
    meeting_date: date | None = None,
    place: str = "",
    top: int | None = None,
    pseudonymise: bool = False,
    save_meeting: str | None = None,
    step: Callable[[str], None] | None = None,
) -> PackResult:
    """Write ``rakor-<district>-<date>.pdf``/``.xlsx``, the maps (PNG and SVG: ``…-peta-loci.png``) and
    ``manifest.json`` into ``out_dir``; with ``lang="en"`` the names are English (``meeting-…``,
    ``…-map-loci.png``, ``…-trend-chart.png``: the catalogue's ``pack.file.*``). ``step`` is called with each of :data:`STEPS` as work starts."""
    from lokus import __version__
    from lokus.maps import draw_map, map_data

    say = step or (lambda _s: None)
    out = Path(out_dir)
    from lokus.reports import make_folder

    make_folder(out)
    say("collect")
    data = collect(workspace, policy=policy, since=since, meeting_date=meeting_date, place=place, top=top,
                   lang=lang, pseudonymise=pseudonymise, save_meeting=save_meeting)
    stem = f"{t('pack.file.stem', lang)}-{data.district}-{data.meeting_date.isoformat()}"
    say("maps")
    maps: list[Path] = []
    images: dict[str, Path] = {}
    names: dict[str, str] = {}
    tables = data.tables
    for indicator, short in _MAPS:
        if indicator == "stunting_prevalence" and tables.stunting is None:
            continue
        md = map_data(tables.ranking, tables.stunting, indicator, region=data.district,
                      poverty_loci=tables.poverty_loci, sources=tables.sources(), lang=lang)
        part = t(f"pack.file.part.{short}", lang)
        png, svg = out / f"{stem}-{part}.png", out / f"{stem}-{part}.svg"
        draw_map(md, png, lang=lang, dpi=150, also=[svg])
        maps += [png, svg]
        names[indicator] = png.name
        images[names[indicator]] = out / names[indicator]
    trends = data.extra.get("trends") or {}
    if trends:
        from lokus.pack._charts import trend_chart

        target = {r["indicator"]: (int(r["target_year"]), float(r["target_value"])) for r in data.targets}
        scope_names = {s: t(f"pack.key.scope.{s}", lang) for s in ("region", "province", "nation")}
        panels = [{"title": t(f"pack.ind.{ind}", lang), "series": series, "target": target.get(ind)}
                  for ind, series in trends.items()]
        chart = trend_chart(panels, out / f"{stem}-{t('pack.file.part.trend', lang)}.png", lang=lang,
                            scope_names=scope_names)
        maps.append(chart)
        names["trend"] = chart.name
        images[chart.name] = chart
    say("pdf")
    doc = build_document(data, names)
    pdf = out / f"{stem}.pdf"
    pages = render_pdf(doc, lang, data.version, images, pdf)
    say("xlsx")
    xlsx = write_pack_workbook(doc, data, out / f"{stem}.xlsx")
    say("manifest")
    manifest = out / "manifest.json"
    snaps = {s["name"]: {"kind": s["kind"], "sha256": s["sha256"], "source_file": s["source_file"], "rows": s["rows"]}
             for s in data.snapshots}
    payload = {
        "lokus_version": __version__, "created": datetime.now().isoformat(timespec="seconds"),
        "district": data.district, "meeting_date": data.meeting_date.isoformat(), "lang": lang,
        "workspace": data.workspace, "policy": {"name": data.policy.name, "file": data.policy.source,
                                                "sha256": data.policy_sha256},
        "since": data.changes["meeting"] if data.changes else None, "pseudonymised": pseudonymise,
        "snapshots": snaps,
        "files": {p.name: _sha(p) for p in [pdf, xlsx, *maps]},
        "figures": doc.ledger.manifest(),
    }
    manifest.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    _audit(data, pdf, xlsx)
    return PackResult(out.resolve(), pdf, xlsx, manifest, maps, len(doc.ledger.figures), pages)
