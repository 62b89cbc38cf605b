"""Files that are not usable get one sentence each: a LokusError, a non-zero exit, no traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lokus.errors import InputFileError, LokusError
from tests.registry.factory import P3KE_HEADERS

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


BAD_FILES = {
    "empty": ("empty.csv", b"", "kosong"),
    "blank_lines": ("blank.csv", b"\r\n\r\n  \n", "kosong"),
    "binary": ("garbage.csv", bytes(range(256)) * 64, "biner"),
    "encrypted_xlsx": ("locked.xlsx", OLE2 + b"\x00" * 504 + os.urandom(2048), "kata sandi"),
    "pdf_as_xlsx": ("report.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
    "header_only": ("header.csv", (",".join(P3KE_HEADERS) + "\r\n").encode(), "judul kolom"),
    "one_column": ("one.csv", b"nik\n1804040101700001\n1804044202710002\n", "satu kolom"),
    "broken_zip_xlsx": ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 300, "bukan tabel"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_raises_one_sentence(tmp_path: Path, ingest, case: str):
    name, data, needle = BAD_FILES[case]
    path = _write(tmp_path / name, data)
    with pytest.raises(InputFileError) as err:
        ingest(path)
    msg = err.value.message("id")
    assert needle in msg and str(path) in msg
    assert "\n" not in msg and "Traceback" not in msg
    assert err.value.message("en") != msg


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_cli_exit_code(tmp_path: Path, cli, case: str):
    name, data, _ = BAD_FILES[case]
    path = _write(tmp_path / name, data)
    res = cli("ingest", "registry", str(path), "--lang", "en")
    assert res.exit_code == 3, res.stderr
    assert "Traceback" not in res.stderr and res.stdout == ""
    assert res.stderr.startswith("Error: ")


def test_missing_file(tmp_path: Path, cli):
    res = cli("ingest", "registry", str(tmp_path / "nope.csv"))
    assert res.exit_code == 3 and "tidak ditemukan" in res.stderr


def test_a_folder_is_named_a_folder(tmp_path: Path, cli):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    res = cli("ingest", "registry", str(folder))
    assert res.exit_code == 3 and "adalah folder, bukan berkas" in res.stderr and "tidak ditemukan" not in res.stderr


def test_sheet_on_a_csv_is_refused_not_ignored(tmp_path: Path, cli):
    from tests.registry.factory import people, write_p3ke

    path = write_p3ke(tmp_path / "p3ke.csv", people(2))
    res = cli("--lang", "en", "ingest", "registry", str(path), "--sheet", "Individu")
    assert res.exit_code == 3 and "is CSV, not a workbook" in res.stderr and "--sheet 'Individu'" in res.stderr
    assert "Traceback" not in res.stderr


def test_failed_ingest_leaves_workspace_untouched(tmp_path: Path, ws, ingest):
    from tests.registry.factory import people, write_p3ke

    ingest(write_p3ke(tmp_path / "good.csv", people(4)), snapshot="reg")
    before = ws.con.execute("SELECT count(*) FROM registry").fetchone()[0]
    with pytest.raises(LokusError):
        ingest(_write(tmp_path / "bad.csv", (",".join(P3KE_HEADERS) + "\n").encode()), snapshot="reg")
    assert ws.con.execute("SELECT count(*) FROM registry").fetchone()[0] == before
    assert [s.name for s in ws.snapshots()] == ["reg"]
