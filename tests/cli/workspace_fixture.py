"""A small workspace holding one of every kind of snapshot, built through the CLI as a user would.

Two registry snapshots (the second one person short, so they differ) with a quarantined row whose
cells start like formulas, every program list of :mod:`tests.convergence.fixture`, a small e-PPGBM
measurement file, a stunting-loci snapshot derived from it, an intervention file and a saved
meeting. Built once per test module and copied (one file) for each test.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from tests.convergence import fixture

V1 = "18.04.04.2002"
# A quarantined registry row whose cells start like formulas (=, +, -, @): every file that repeats
# them must keep them as text.
EVIL_NAME = '=HYPERLINK("http://x","klik")'
EVIL = {"nik": "=1+2", "name": EVIL_NAME, "household_id": "@SUM(A1)", "village_code": "+6281234", "decile": "-1"}

# A registry household whose head's name starts like a formula: every worklist repeats it.
EVIL_HEAD = "=Tono+1"


def _evil_household() -> dict[str, str]:
    from datetime import date

    return fixture._p("H5", fixture.V1, 1, fixture.kk(fixture.V1, 5), EVIL_HEAD, False, date(1970, 1, 1),
                      "Kepala Keluarga", fixture.H1_HOUSE)


EPPGBM_HEADER = "NIK;Nama;JK;Tgl Lahir;Kec;Desa/Kel;Posyandu;Usia Saat Ukur;Tanggal Pengukuran;Berat;Tinggi;Cara Ukur\n"


def _eppgbm(path: Path) -> Path:
    rows = []
    for i in range(12):  # twelve children of Kubu Perahu (18.04.04.2006); half of them short
        height = "70,0" if i % 2 else "80,0"
        rows.append(f";ANAK {i:02d};{'L' if i % 2 else 'P'};01/03/2021;BALIK BUKIT;KUBU PERAHU;P1;;"
                    f"15/08/2022;9,0;{height};Terlentang\n")
    path.write_text(EPPGBM_HEADER + "".join(rows), encoding="utf-8")
    return path


def run(*args: object) -> tuple[int, str, str]:
    from lokus.cli.main import run as lokus

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = lokus([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def build(folder: Path) -> Path:
    """Build the workspace in ``folder``; returns its path. Needs LOKUS_LANG unset."""
    ws = folder / "ws.duckdb"
    old = os.environ.get("LOKUS_WORKSPACE")
    os.environ["LOKUS_WORKSPACE"] = str(ws)
    try:
        reg = fixture.write_registry(folder / "reg.csv")
        with open(reg, "a", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fixture.HEADERS)
            writer.writerow(_evil_household())
            writer.writerow({h: "" for h in fixture.HEADERS} | EVIL)
        steps: list[tuple[object, ...]] = [
            ("ingest", "registry", reg, "--snapshot", "reg-a", "--format", "canonical"),
        ]
        lines = reg.read_text(encoding="utf-8").splitlines(keepends=True)
        reg_b = folder / "reg_b.csv"
        n = len(fixture.PEOPLE)  # lines[n] is the last person of the fixture: reg-b is one person short
        reg_b.write_text("".join(lines[:n] + lines[n + 1:]), encoding="utf-8")
        steps.append(("ingest", "registry", reg_b, "--snapshot", "reg-b", "--format", "canonical"))
        for code, path in fixture.write_lists(folder).items():
            steps.append(("ingest", "programs", path, "--program", code, "--period", "2024-06"))
        steps.append(("ingest", "measurements", _eppgbm(folder / "eppgbm.csv"), "--snapshot", "m-2022",
                      "--district", "18.04"))
        steps.append(("stunting", "loci", "--snapshot", "stunting-a", "--min-children", "5"))
        deliveries = fixture.write_list(folder / "d.csv", ["NIK", "program", "tanggal", "keterangan"], [
            [fixture.BY_NAME["Minah"]["nik"], "PKH", "2024-06-10", "=cmd|' /C calc'!A0"],
            [fixture.BY_NAME["Minah"]["nik"], "NOPE", "2024-06-10", ""],
        ])
        steps.append(("interventions", "import", deliveries))
        steps.append(("gaps", "--region", "all", "--save-meeting", "rapat-1"))
        for step in steps:
            code, _out, err = run(*step)
            assert code == 0, (step, err)
    finally:
        if old is None:
            os.environ.pop("LOKUS_WORKSPACE", None)
        else:
            os.environ["LOKUS_WORKSPACE"] = old
    return ws


def copy(built: Path, to: Path) -> Path:
    shutil.copyfile(built, to)
    for extra in built.parent.glob(built.name + ".*"):  # e.g. the pseudonym key beside it
        shutil.copyfile(extra, to.parent / (to.name + extra.name[len(built.name):]))
    return to
