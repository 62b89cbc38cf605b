"""Every CSV and XLSX the CLI can write (files and CSV on standard output) is formula-safe and keeps
NIKs as 16-digit text.

The workspace (:mod:`tests.cli.workspace_fixture`) holds cells that start like formulas: a
quarantined registry row (``=1+2``, ``=HYPERLINK(…)``, ``@SUM(A1)``, ``+6281234``, ``-1``) and an
intervention note ``=cmd|…``. The rule checked, per cell:

* CSV — no cell starts with ``= + - @``, tab, CR or LF unless it is a number (``-0.25``); such text
  carries a leading ``'`` (a plain negative number such as ``-1`` passes as it is);
* XLSX — no formula cell; a text starting with one of those characters is a string cell with
  Excel's quote prefix (shown and kept as typed text, never evaluated, even after editing);
* NIK/KK columns — 16-digit values are text (XLSX string cells, never numbers).

Also: the extension decides the format (``loci --out r.xlsx`` is a real workbook), an unknown
extension and a missing or read-only folder are one sentence (never "internal error"), and no
audit row is written for an export that did not happen.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest

from tests.cli import workspace_fixture as wf

openpyxl = pytest.importorskip("openpyxl")

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
ID_COLUMNS = {"nik", "kk", "head_nik", "no_kk"}


def _number(text: str) -> bool:
    """A plain negative number written the ordinary way (``-3``, ``-0.5``): it cannot be a formula."""
    from lokus.reports import PLAIN_NUMBER

    return re.fullmatch(PLAIN_NUMBER, text) is not None


def check_csv_text(text: str, where: str) -> int:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows, where
    header = rows[0]
    for row in rows:
        for j, cell in enumerate(row):
            if cell.startswith(FORMULA_START):
                assert _number(cell), f"{where}: cell {cell!r} starts like a formula"
            if j < len(header) and header[j] in ID_COLUMNS and cell.isdigit():
                assert len(cell) == 16, f"{where}: {header[j]} {cell!r} is not 16 digits"
    return len(rows) - 1


def check_xlsx(path: Path) -> int:
    assert zipfile.is_zipfile(path), f"{path} is not an XLSX workbook"
    wb = openpyxl.load_workbook(path)
    cells = 0
    for sheet in wb.worksheets:
        ids: set[int] = set()
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if value is None:
                    continue
                cells += 1
                assert cell.data_type != "f", f"{path}:{cell.coordinate} is a formula"
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    # a NIK or KK stored as a number (1.80404E+15) whatever the header says
                    assert abs(value) < 1e14, f"{path}:{cell.coordinate} {value!r} looks like an identifier as a number"
                if isinstance(value, str) and value.startswith(FORMULA_START) and not _number(value):
                    assert cell.data_type == "s" and cell.quotePrefix, \
                        f"{path}:{cell.coordinate} {value!r} is not marked as typed text"
                if isinstance(value, str) and value.lower() in ID_COLUMNS:
                    ids.add(cell.column)
                if cell.column in ids and not isinstance(value, str):
                    raise AssertionError(f"{path}:{cell.coordinate} identifier {value!r} is a number")
                if isinstance(value, str) and cell.column in ids and value.isdigit():
                    assert len(value) == 16
    return cells


OUTPUTS = [
    ("loci", "--out", "{out}"),
    ("loci", "diff", "--registry-b", "reg-a", "--all", "--out", "{out}"),
    ("loci", "--sensitivity", "--out", "{out}"),
    ("worklist", "--office", "dinsos", "--region", "all", "--out", "{out}"),
    ("worklist", "--village", wf.V1, "--out", "{out}"),
    ("worklist", "--village", wf.V1, "--pseudonymise", "--out", "{out}"),
    ("stunting-risk", "--region", "all", "--out", "{out}"),
    ("participants", "--out", "{out}"),
    ("quarantine", "list", "--snapshot", "reg-a", "--out", "{out}"),
    ("quarantine", "export", "--snapshot", "reg-a", "--out", "{out}"),
]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("args", OUTPUTS, ids=lambda a: " ".join(a[:2]))
def test_every_file_is_formula_safe_with_niks_as_text(args, suffix, ws_cli, tmp_path):
    out = tmp_path / f"out{suffix}"
    res = ws_cli(*(a.replace("{out}", str(out)) for a in args))
    assert res.exit_code == 0, res.stderr
    assert out.exists()
    if suffix == ".csv":
        assert check_csv_text(out.read_text(encoding="utf-8-sig"), str(out)) >= 1
    else:
        assert check_xlsx(out) > 0


def test_quarantine_files_keep_the_evil_cells_as_text(ws_cli, tmp_path):
    out = tmp_path / "q.xlsx"
    assert ws_cli("quarantine", "export", "--snapshot", "reg-a", "--out", out).exit_code == 0
    values = {c.value for row in openpyxl.load_workbook(out).active.iter_rows() for c in row}
    assert wf.EVIL_NAME in values  # the exact text, shown as typed
    csv_out = tmp_path / "q.csv"
    assert ws_cli("quarantine", "export", "--snapshot", "reg-a", "--out", csv_out).exit_code == 0
    text = csv_out.read_text(encoding="utf-8-sig")
    assert "'" + wf.EVIL_NAME.replace('"', '""') in text and "'=1+2" in text


STDOUT_CSV = [
    ("quarantine", "export", "--snapshot", "reg-a"),
    ("quarantine", "list", "--snapshot", "reg-a", "--format", "csv"),
    ("worklist", "--village", wf.V1, "--format", "csv"),
    ("worklist", "--office", "dinsos", "--region", "all", "--format", "csv"),
    ("interventions", "list", "--format", "csv"),
    ("quarantine", "list", "--kind", "programs", "--format", "csv"),
    ("programs", "unmatched", "--format", "csv"),
    ("gaps", "--region", "all", "--by", "household", "--format", "csv"),
    ("gaps", "--region", "all", "--by", "village", "--format", "csv"),
    ("snapshots", "diff", "reg-a", "reg-b", "--people", "--format", "csv"),
    ("stunting-risk", "--region", "all", "--format", "csv"),
    ("loci", "--format", "csv"),
    ("stunting", "loci", "--format", "csv", "--min-children", "5"),
]


@pytest.mark.parametrize("args", STDOUT_CSV, ids=lambda a: " ".join(a[:3]))
def test_csv_on_standard_output_is_formula_safe(args, ws_cli):
    res = ws_cli(*args)
    assert res.exit_code == 0, res.stderr
    check_csv_text(res.stdout, " ".join(args))


def test_worklist_csv_neutralises_a_name_that_starts_like_a_formula(ws_cli, tmp_path):
    """The trial: `worklist --format csv` wrote cells starting with = + - @ raw."""
    res = ws_cli("worklist", "--village", wf.V1, "--format", "csv")
    assert "'" + wf.EVIL_HEAD in res.stdout
    out = tmp_path / "w.xlsx"
    assert ws_cli("worklist", "--village", wf.V1, "--out", out).exit_code == 0
    cells = [c for row in openpyxl.load_workbook(out).worksheets[0].iter_rows() for c in row if c.value == wf.EVIL_HEAD]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_interventions_note_is_neutralised(ws_cli):
    res = ws_cli("interventions", "list", "--format", "csv")
    assert "'=cmd|" in res.stdout
    res = ws_cli("interventions", "list", "--format", "json")
    assert json.loads(res.stdout)[0]["note"].startswith("=cmd")  # JSON is data: the value as it is


def test_loci_out_xlsx_is_a_real_workbook_and_names_its_sources(ws_cli, tmp_path):
    """The trial: `lokus loci --out r.xlsx` wrote CSV text into a file named .xlsx."""
    out = tmp_path / "r.xlsx"
    assert ws_cli("loci", "--out", out).exit_code == 0
    assert zipfile.is_zipfile(out)
    sheet = openpyxl.load_workbook(out).active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any(isinstance(v, str) and "lampung-barat-2022" in v for v in values)
    out_csv = tmp_path / "r.csv"
    assert ws_cli("loci", "--out", out_csv).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8-sig"))))
    assert rows[0]["policy"] == "lampung-barat-2022" and rows[0]["registry_snapshot"] == "reg-b"


@pytest.mark.parametrize("args", [
    ("loci", "--out", "{out}"),
    ("worklist", "--office", "dinsos", "--region", "all", "--out", "{out}"),
    ("quarantine", "export", "--out", "{out}"),
    ("quarantine", "list", "--out", "{out}"),
    ("stunting-risk", "--region", "all", "--out", "{out}"),
    ("participants", "--out", "{out}"),
    ("loci", "diff", "--registry-b", "reg-a", "--out", "{out}"),
])
@pytest.mark.parametrize("case", ["unknown-extension", "missing-folder", "read-only-folder"])
def test_bad_output_is_one_sentence_and_not_audited(args, case, ws_cli, tmp_path, monkeypatch):
    """The trial: `--out` into a missing or read-only folder gave "internal error … please report"
    (exit 70), and the audit trail recorded an export that never happened."""
    if case == "unknown-extension":
        out = tmp_path / "r.pdf"
    elif case == "missing-folder":
        out = tmp_path / "no-such-folder" / "r.csv"
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o500)
        out = folder / "r.csv"
    audits = ws_cli("audit", "list", "--format", "json")
    before = len(json.loads(audits.stdout))
    if case == "read-only-folder" and os.geteuid() == 0:  # root writes anyway: the OS answers as it would
        import lokus.reports._write as writer

        def refuse(*_args: object, **_kw: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(writer.os, "replace", refuse)
    res = ws_cli(*(a.replace("{out}", str(out)) for a in args))
    assert res.exit_code in (2, 3), res.stderr
    assert "internal" not in res.stderr.lower() and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1, res.stderr
    assert str(out.name) in res.stderr or str(out.parent) in res.stderr
    assert not out.exists()
    after = json.loads(ws_cli("audit", "list", "--format", "json").stdout)
    assert len(after) == before, "an export that did not happen was audited"
