"""The meeting pack for the demo district: files, pages, traceable figures, workbook, changes, privacy."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.pack.conftest import MEETING_DATE

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
                                   reason="poppler-utils (pdftoppm, pdftotext) not installed; .ci/run installs it")


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _run_json(ws: Path, argv: list[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    from lokus.cli.main import run

    monkeypatch.setenv("LOKUS_WORKSPACE", str(ws))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("LOKUS_LANG", raising=False)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = run(list(argv))
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue())


def _field(row: dict[str, Any], path: str) -> Any:
    head, _, rest = path.partition(".")
    value = row[head]
    if rest:
        value = json.loads(value) if isinstance(value, str) else value
        return _field(value, rest)
    return value


def _recompute(fig: dict[str, Any], outputs: dict[str, Any], values: dict[str, Any]) -> Any:
    rc = fig["recompute"]
    if "ratio_of" in rc:
        a, b = (values[k] for k in rc["ratio_of"])
        return round(a / b * rc["scale"], rc["digits"])
    rows = [r for r in outputs[json.dumps(rc["argv"])] if all(r.get(k) == v for k, v in rc["where"].items())]
    if rc["agg"] == "count":
        n = len(rows)
        return min(n, rc["limit"]) if rc["limit"] else n
    if rc["agg"] == "sum":
        return sum(_field(r, rc["field"]) for r in rows)
    assert len(rows) == 1, (fig["key"], len(rows))
    value = _field(rows[0], rc["field"])
    if fig["key"].endswith(".coverage"):
        value = round(value * 100, 1)
    return value


def _workbook_numbers(xlsx: Path) -> set[float]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(xlsx))
    found: set[float] = set()
    for name in wb.sheet_names:
        for row in wb.get_sheet_by_name(name).to_python():
            for cell in row:
                if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                    found.add(round(float(cell), 4))
    return found


def test_pack_writes_every_file(pack):
    names = {p.name for p in pack.files}
    stem = f"rakor-18.04-{MEETING_DATE.isoformat()}"
    assert {f"{stem}.pdf", f"{stem}.xlsx", "manifest.json", f"{stem}-peta-loci.png", f"{stem}-peta-loci.svg"} <= names
    for p in pack.files:
        assert p.exists() and p.stat().st_size > 0
    assert pack.pdf.read_bytes()[:5] == b"%PDF-"


@needs_poppler
def test_pages_render_and_hold_the_sections(pack, tmp_path: Path):
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pack.pdf), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) >= 8
    from PIL import Image

    for page in pages:  # A4 portrait, never blank
        im = Image.open(page).convert("L")
        assert abs(im.height / im.width - 297 / 210) < 0.02
        assert im.getextrema()[0] < 128
    text = _pdf_text(pack.pdf)
    for heading in ("Bahan Rapat Koordinasi TKPK", "Angka kunci dan target", "Peta lokus",
                    "Lokus prioritas, berurutan", "Kesenjangan cakupan per dinas", "Daftar hadir",
                    "Yang berubah sejak rapat lalu", "Lembar desa: Pampangan (18.04.08.2001)", "Metode dan sumber",
                    "Kabupaten Lampung Barat", "1 Desember 2026", "Liwa"):
        assert heading in text, heading
    assert "tidak ada data" in re.sub(r"\s+", " ", text)  # STUNTING has no recipient list: never 0%
    assert "Kemenkes" in text and "BPS" in text
    for snap in ("p3ke-2022", "eppgbm-2022-08", "stunting-2022"):
        assert snap in text
    assert "Sumber:" in text


@needs_poppler
def test_every_manifest_figure_recomputes_and_is_printed(pack, demo_ws: Path, monkeypatch: pytest.MonkeyPatch):
    manifest = json.loads(pack.manifest.read_text(encoding="utf-8"))
    figures = manifest["figures"]
    assert len(figures) >= 50
    assert manifest["policy"]["name"] == "lampung-barat-2022" and len(manifest["policy"]["sha256"]) == 64
    assert all(len(s["sha256"] or "x" * 64) == 64 for s in manifest["snapshots"].values())
    outputs: dict[str, Any] = {}
    for fig in figures:
        rc = fig["recompute"]
        if "argv" in rc and json.dumps(rc["argv"]) not in outputs:
            outputs[json.dumps(rc["argv"])] = _run_json(demo_ws, rc["argv"], monkeypatch)
        assert fig["command"].startswith("lokus ") if "argv" in rc else True
    text = re.sub(r"\s+", " ", _pdf_text(pack.pdf))
    numbers = _workbook_numbers(pack.xlsx)
    values = {f["key"]: f["value"] for f in figures}
    assert "gaps.STUNTING.eligible" in values and "gaps.STUNTING.coverage" not in values  # no list: no 0%
    for fig in figures:
        got = _recompute(fig, outputs, values)
        assert got == pytest.approx(fig["value"]), fig["key"]
        assert fig["text"] in text, (fig["key"], fig["text"])
        if fig["sheet"]:
            v = float(fig["value"])
            # the workbook keeps the unrounded number (a share for percentages, shown with a % format)
            assert any(abs(n - v) <= 0.005 + 1e-9 or abs(n * 100 - v) <= 0.05 + 1e-9 for n in numbers), fig["key"]


def test_workbook_has_no_formulas_and_niks_are_text(pack):
    with zipfile.ZipFile(pack.xlsx) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) >= 8
        for name in sheets:
            xml = z.read(name).decode("utf-8")
            assert "<f>" not in xml and "<f " not in xml, name
            assert "<pageSetup" in xml and 'orientation="landscape"' in xml
        first = z.read("xl/workbook.xml").decode("utf-8")
        assert "Metode dan sumber" in first.split("<sheet ")[1]  # the first sheet
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
    niks = re.findall(r"<t>(\d{16})</t>", strings)
    assert len(niks) > 100  # head NIKs and children's NIKs, as 16-digit text
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(pack.xlsx))
    village = next(n for n in wb.sheet_names if "Pampangan" in n)
    rows = wb.get_sheet_by_name(village).to_python()
    cells = [c for r in rows for c in r]
    assert any(isinstance(c, str) and re.fullmatch(r"\d{16}", c) for c in cells)
    assert not any(isinstance(c, (int, float)) and c > 10**14 for c in cells)


def test_workbook_names_things_in_the_language_not_by_code(pack):
    """The method sheet and the snapshot list showed "policy sha256", "snapshot … (stunting_loci)" and
    indicator codes in an Indonesian workbook."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(pack.xlsx))
    cells = [c for name in wb.sheet_names[:8] for r in wb.get_sheet_by_name(name).to_python() for c in r
             if isinstance(c, str)]
    assert "SHA-256 berkas aturan" in cells and "lokus stunting" in cells and "registri" in cells
    kinds = ("registry", "measurements", "stunting_loci", "programs")
    assert [c for c in cells if c in kinds or any(f"({k})" in c for k in kinds)] == []
    assert [c for c in cells if c.startswith("policy sha256") or "poverty_rate_p0" in c] == []
    gaps = wb.get_sheet_by_name(next(n for n in wb.sheet_names if "esenjangan" in n)).to_python()
    offices = {r[0] for r in gaps if r and isinstance(r[0], str)}
    assert {"Dinas Sosial", "BPJS Kesehatan"} <= offices  # office names, not codes (dinsos, bpjs)
    assert not offices & {"dinsos", "dinkes", "pupr", "dpmd", "bpjs", "disdik"}
    village = wb.get_sheet_by_name(next(n for n in wb.sheet_names if "Pampangan" in n)).to_python()
    lacks = [c for r in village for c in r if isinstance(c, str) and "Program Keluarga Harapan" in c]
    assert lacks and not [c for r in village for c in r if isinstance(c, str) and "PBI_JKN" in c]


# Phrases a break-tester found in the Indonesian pack (English data text, code printed for people).
ENGLISH_IN_INDONESIAN = (
    "the book is listed", "listed at", "provincial table", "kabupaten/kota table", "national figure", "figure '",
    "from BPS data", "evaluation (BPS-based", "PPP line", "by 2024", "extreme poverty 0%", "stunting prevalence 14%",
    "as reported by", "Aturan: decile", "decile ==", "receives(", "`",
)


@needs_poppler
def test_indonesian_pack_holds_no_english_data_text_and_no_code(pack):
    text = re.sub(r"\s+", " ", _pdf_text(pack.pdf))
    assert [p for p in ENGLISH_IN_INDONESIAN if p in text] == []
    assert "tabel provinsi" in text and "Evaluasi Bappeda Provinsi Lampung" in text
    assert "Yang menjadi calon: keluarga desil 1 yang belum menerima PKH maupun Sembako" in text  # plain BLT-DD rule
    assert "lokus report pack --save-meeting NAMA" in text  # the command, in monospace, without backticks
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(pack.xlsx))
    cells = " ".join(str(c) for name in wb.sheet_names for r in wb.get_sheet_by_name(name).to_python() for c in r
                     if isinstance(c, str))
    assert [p for p in ENGLISH_IN_INDONESIAN if p in cells and p != "`"] == []
    assert "kemiskinan ekstrem 0% pada 2024" in cells


@needs_poppler
def test_pdfinfo_reads_the_brief_without_a_syntax_error(pack):
    """Typst's /MarkInfo <</Suspects false>> made Poppler print "Syntax Error: Suspects object is wrong type"."""
    run = subprocess.run(["pdfinfo", str(pack.pdf)], capture_output=True, text=True, check=True)
    assert "Syntax Error" not in run.stderr and "Tagged:          yes" in run.stdout
    assert b"/Suspects false" not in pack.pdf.read_bytes()


def test_plain_mark_info_keeps_every_offset():
    from lokus.pack._build import _plain_mark_info

    pdf = b"1 0 obj\n<</Type/Catalog/MarkInfo<</Marked true/Suspects false>>/Lang(id)>>\nendobj\n"
    out = _plain_mark_info(pdf)
    assert len(out) == len(pdf) and b"Suspects" not in out and b"/MarkInfo<</Marked true" in out


def test_workbook_village_sheets_are_three_tables_each_with_its_header(pack):
    """The village sheet had an empty styled row 3, a filter over all three lists and its real header
    unstyled; now each list's header row is styled, nothing is filtered or frozen, columns have widths."""
    import openpyxl

    wb = openpyxl.load_workbook(pack.xlsx)
    ws = wb[next(n for n in wb.sheetnames if n.startswith("Pampangan"))]
    assert ws.auto_filter.ref is None and ws.freeze_panes is None
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToHeight == 0
    styled = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).fill.fgColor.rgb.endswith("DDEBF7")]
    assert len(styled) == 3  # households, children, BLT-DD candidates
    for r in styled:
        assert ws.cell(r, 1).value == "No." and ws.cell(r, 2).value and ws.cell(r, 1).font.bold
    assert ws.cell(styled[0], 2).value == "Nama kepala keluarga" or ws.cell(styled[0], 2).value
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    assert len(widths) >= 5 and max(widths.values()) <= 50
    lacks = [ws.cell(r, 7) for r in range(styled[0] + 1, styled[0] + 5)]
    assert all(c.alignment.wrap_text for c in lacks)  # the long "Belum menerima" list wraps in its cell
    # Each row as tall as its wrapped words, no taller (rows used to be a line or two taller): the lines are
    # between what the text needs at 1.2 characters per unit of width (a narrow font) and at 1 per unit.
    width = ws.column_dimensions["G"].width
    for c in [ws.cell(r, 7) for r in range(styled[0] + 1, styled[1] - 1) if ws.cell(r, 7).value]:
        lines = (ws.row_dimensions[c.row].height or 15.0) / 15.0
        assert -(-len(c.value) // (width * 1.2)) <= lines <= -(-len(c.value) // width), (c.value, lines)
    loci = wb["Lokus"]  # a one-table sheet keeps its filter and frozen header
    assert loci.auto_filter.ref and loci.auto_filter.ref.startswith("A3:") and loci.freeze_panes == "A4"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed; .ci/run installs it")
def test_libreoffice_opens_the_workbook(pack, tmp_path: Path):
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(pack.xlsx)], check=True, capture_output=True, timeout=300)
    assert (tmp_path / (pack.xlsx.stem + ".pdf")).stat().st_size > 10_000


@needs_poppler
def test_since_and_pseudonymise(pack, demo_ws: Path, tmp_path: Path):
    """After a delivery is recorded, the next pack shows the gap closed by it, apart from other reasons;
    the pseudonymised copy prints no NIK or name in clear."""
    from lokus.convergence import add_intervention
    from lokus.pack import build_pack
    from lokus.workspace import Workspace

    wb_text = _pdf_text(pack.pdf)
    nik = re.search(r"\b(18\d{14})\b", wb_text.split("Lembar desa: Pampangan")[1]).group(1)
    with Workspace(demo_ws) as ws:
        add_intervention(ws, program="PKH", delivered_on=date(2022, 6, 15), nik=nik, today=date(2022, 7, 1))
    result = build_pack(demo_ws, out_dir=tmp_path, meeting_date=date(2026, 12, 15), since="rakor-1",
                        pseudonymise=True, lang="en")
    text = _pdf_text(result.pdf)
    assert 'Compared with meeting "rakor-1"' in text
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert manifest["since"] == "rakor-1" and manifest["pseudonymised"] is True
    assert re.search(r"closed by recorded deliveries\s+[1-9]", text)
    assert nik not in text
    assert not re.search(r"\b18\d{14}\b", text)  # no NIK/KK in clear anywhere
    assert "Pseudonymised copy" in text
    # An English pack has English file names (the catalogue's pack.file.*), and the web app lists them.
    stem = "meeting-18.04-2026-12-15"
    names = {p.name for p in [result.pdf, result.xlsx, *result.maps]}
    assert {f"{stem}.pdf", f"{stem}.xlsx", f"{stem}-map-loci.png", f"{stem}-map-decile1.svg",
            f"{stem}-trend-chart.png"} <= names
    assert not [n for n in names if "rakor" in n or "peta" in n or "grafik" in n]
    assert "Social Affairs Office" in text and "Health Office" in text
    flat = re.sub(r"\s+", " ", text)
    # English names from the catalogues and data files, never the Indonesian ones
    assert "most decile-1 residents, stunting loci first" in flat and "warga desil 1 terbanyak" not in flat
    assert "AIR_BERSIH = Access to safe drinking water" in flat and "Akses air minum layak" not in flat
    assert "Subdistrict" in flat and "provincial table" in flat
    assert "Who is a candidate: decile-1 households that receive neither PKH nor Sembako" in flat
    # pseudonyms (kept as docs/methods/privacy.md defines them, the same in every language) fit their column
    names = re.findall(r"NAMA-[0-9a-f]+", text)
    assert names and all(len(n) == 25 for n in names)
    assert result.pages < 100
    from lokus.web._packs import find_packs

    found = find_packs(tmp_path)
    assert [p.meeting_date for p in found] == ["2026-12-15"]
    assert {f.part for f in found[0].files if f.kind == "png"} == {"peta-loci", "peta-desil1", "peta-stunting",
                                                                   "grafik-tren"}



def test_trend_chart_never_draws_across_a_missing_year(tmp_path: Path):
    from lokus.pack._charts import _segments, trend_chart

    assert _segments([(2021, 22.7), (2022, 16.6), (2024, 20.5)]) == [[(2021, 22.7), (2022, 16.6)], [(2024, 20.5)]]
    out = trend_chart([{"title": "Prevalensi stunting (SSGI)", "series": {"region": [(2021, 22.7), (2022, 16.6),
                                                                                      (2024, 20.5)]},
                        "target": (2024, 14.0)}], tmp_path / "t.png")
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_pack_has_the_trend_chart(pack):
    assert any(p.name.endswith("-grafik-tren.png") for p in pack.files)
