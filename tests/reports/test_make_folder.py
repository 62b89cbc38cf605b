"""Output folders are made by one function that answers in one sentence, never with an OS error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lokus.errors import OutputError
from lokus.reports import make_folder

SRC = Path(__file__).resolve().parents[2] / "src" / "lokus"


def test_make_folder_creates_parents_and_refuses_a_path_below_a_file(tmp_path: Path) -> None:
    assert make_folder(tmp_path / "a" / "b").is_dir()
    blocker = tmp_path / "berkas.txt"
    blocker.write_text("x")
    with pytest.raises(OutputError) as e:
        make_folder(blocker / "sub")
    assert str(blocker) in e.value.message("en") and "is a file" in e.value.message("en")
    assert "adalah berkas" in e.value.message("id")


def test_every_output_folder_is_made_by_make_folder() -> None:
    """A bare ``mkdir`` under a file path gave "Kesalahan internal (NotADirectoryError …)" in
    `lokus report pack --out` and `lokus map --out`; only the workspace file's own folder is exempt."""
    bare = [f"{p.relative_to(SRC)}:{i}" for p in SRC.rglob("*.py") for i, line in enumerate(p.read_text().splitlines(), 1)
            if re.search(r"\.mkdir\(", line) and p.name != "_write.py" and "workspace" not in p.parts]
    assert bare == [], f"use lokus.reports.make_folder: {bare}"
