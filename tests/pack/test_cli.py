"""`lokus map` and `lokus report pack` from the command line: files written, one sentence on bad input."""

from __future__ import annotations

import io
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest


def _cli(ws: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    from lokus.cli.main import run

    monkeypatch.setenv("LOKUS_WORKSPACE", str(ws))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("LOKUS_LANG", raising=False)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = run(list(args))
    return code, out.getvalue(), err.getvalue()


def test_map_command_writes_svg_with_every_village(demo_ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "peta.svg"
    code, stdout, stderr = _cli(demo_ws, "map", "stunting_prevalence", "--out", str(out), monkeypatch=monkeypatch)
    assert code == 0, stderr
    assert "136 wilayah" in stdout
    svg = out.read_text(encoding="utf-8")
    assert svg.count('id="unit-18.04.') == 136
    assert 'id="locus-both-18.04.08.2001"' in svg  # Pampangan: poverty locus #1 and a stunting locus


def test_map_command_refuses_bad_input_in_one_sentence(demo_ws: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch):
    code, _, stderr = _cli(demo_ws, "map", "kemiskinan", monkeypatch=monkeypatch)
    assert code != 0 and "Traceback" not in stderr and "tidak dikenal" in stderr
    code, _, stderr = _cli(demo_ws, "map", "loci", "--out", str(tmp_path / "m.jpg"), monkeypatch=monkeypatch)
    assert code != 0 and ".png atau .svg" in stderr
    code, _, stderr = _cli(demo_ws, "report", "pack", "--date", "1-12-2026", "--out", str(tmp_path / "x"),
                           monkeypatch=monkeypatch)
    assert code != 0 and "Traceback" not in stderr and "--date" in stderr


def test_pack_and_maps_import_without_shell_libraries():
    code = ("import sys, lokus.pack, lokus.maps\n"
            "print([m for m in ('matplotlib', 'xlsxwriter', 'typst', 'geopandas', 'typer') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
