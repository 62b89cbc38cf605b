"""Synthetic recipient lists for the demo district, with the errors real lists carry.

For each built-in program a list is drawn from the synthetic people: most eligible households (or
people) are on it, some are missed (exclusion errors), some ineligible ones are on it (inclusion
errors) and a few NIKs belong to nobody in the registry. Each list uses header spellings seen in
the field, is written as CSV, and is loaded through :func:`lokus.convergence.ingest_programs`
like a user's file. Deterministic for a seed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from lokus.demo._generate import REFERENCE_DATE, generate
from lokus.workspace import Workspace

__all__ = ["PROGRAM_LISTS", "ConvergenceDemo", "program_lists", "run_convergence_demo"]

PERIOD = "2022-06"

# code → (file, headers, unit, share of eligible covered, share of ineligible covered, outsiders per 1,000)
PROGRAM_LISTS: dict[str, tuple[str, tuple[str, ...], str, float, float, float]] = {
    "PKH": ("pkh_2022-06.csv", ("NIK_PENERIMA", "NO_KK", "NAMA", "kode wilayah"), "household", 0.62, 0.04, 15),
    "SEMBAKO": ("bpnt_sembako_2022-06.csv", ("NIK", "nomor_kk", "NAMA", "ID_DTKS"), "household", 0.66, 0.05, 12),
    "PBI_JKN": ("pbi_jkn_2022-06.csv", ("nik", "nama", "kode_desa"), "person", 0.78, 0.06, 10),
    "BLT_DD": ("blt_dana_desa_2022-06.csv", ("NO_KK", "NAMA", "kode_wilayah"), "household", 0.55, 0.01, 8),
    "PIP": ("pip_2022-06.csv", ("NIK_SISWA", "NAMA_SISWA", "kode_wilayah"), "person", 0.58, 0.03, 10),
    "RTLH": ("rtlh_bsps_2022-06.csv", ("NIK", "NAMA", "KODE_DESA"), "household", 0.18, 0.004, 5),
    "AIR_BERSIH": ("air_minum_2022-06.csv", ("NIK", "NAMA", "kode_wilayah"), "household", 0.25, 0.01, 5),
    "SANITASI": ("jamban_stbm_2022-06.csv", ("NIK", "NAMA", "kode_wilayah"), "household", 0.3, 0.01, 5),
}


@dataclass
class ConvergenceDemo:
    files: dict[str, Path]
    ingests: dict[str, Any] = field(default_factory=dict)  # code → ProgramIngestSummary
    coverage: Any = None  # pyarrow table: lokus.convergence.Coverage.by_program()
    villages: Any = None  # pyarrow table: Coverage.by_village()


def _people_frame(people: pl.DataFrame) -> pl.DataFrame:
    ref = pl.lit(REFERENCE_DATE)
    birth = pl.col("tanggal_lahir").str.strptime(pl.Date, "%d-%m-%Y")
    return people.with_columns(
        birth=birth,
        decile=pl.col("desil_kesejahteraan").cast(pl.Int64),
    ).with_columns(
        age=((ref - pl.col("birth")).dt.total_days() / 365.25).floor().cast(pl.Int64),
        months=((ref - pl.col("birth")).dt.total_days() / 30.4375).floor().cast(pl.Int64),
    )


def _eligible(p: pl.DataFrame) -> dict[str, pl.Series]:
    """Approximate person-level eligibility per program (the real rules run in lokus itself)."""
    hh = "id_keluarga_p3ke"
    d = pl.col("decile")
    member_pkh = (pl.col("hamil") == "Ya") | (pl.col("age") < 19) | (pl.col("age") >= 60) | (pl.col("disabilitas") == "Ya")
    water_ok = pl.col("sumber_air_minum").str.to_lowercase().str.contains("ledeng|kemasan|isi ulang|^sumur terlindung")
    exprs = {
        "PKH": (d <= 4) & member_pkh.any().over(hh),
        "SEMBAKO": d <= 4,
        "PBI_JKN": d <= 5,
        "BLT_DD": (d == 1) & (pl.col("penerima_pkh") != "Ya").all().over(hh)
        & (pl.col("penerima_sembako") != "Ya").all().over(hh),
        "PIP": (d <= 3) & (pl.col("age") >= 6) & (pl.col("age") <= 18),
        "RTLH": (d <= 3) & ((pl.col("jenis_lantai") == "Tanah") | (pl.col("jenis_dinding") == "Bambu")
                            | (pl.col("jenis_atap") == "Ijuk/Rumbia")),
        "AIR_BERSIH": (d <= 3) & ~water_ok,
        "SANITASI": (d <= 3) & (pl.col("memiliki_fasilitas_buang_air_besar") != "Sendiri"),
    }
    frame = p.select(**exprs)
    return {k: frame[k] for k in exprs}


def _outsider_niks(rng: np.random.Generator, n: int) -> list[str]:
    """Valid-looking NIKs nobody in the registry has (serials 9000+ are never generated)."""
    out = []
    for _ in range(n):
        born = date(1950 + int(rng.integers(0, 55)), int(rng.integers(1, 13)), int(rng.integers(1, 29)))
        day = born.day + (40 if rng.random() < 0.5 else 0)
        kec = f"{int(rng.integers(1, 16)):02d}"
        out.append(f"1804{kec}{day:02d}{born.month:02d}{born.year % 100:02d}{9000 + int(rng.integers(0, 999)):04d}")
    return out


def program_lists(people: pl.DataFrame, out_dir: Path, seed: int) -> dict[str, Path]:
    """Write the demo's recipient lists to ``out_dir``; returns code → path."""
    rng = np.random.default_rng(seed + 7)
    p = _people_frame(people)
    eligible = _eligible(p)
    heads = p.with_row_index("__i").filter(pl.col("hubungan_dengan_kepala_keluarga") == "Kepala Keluarga")
    files: dict[str, Path] = {}
    for code, (name, headers, unit, p_cov, p_incl, outsiders) in PROGRAM_LISTS.items():
        el = eligible[code].to_numpy()
        if unit == "household":
            hh_el = (
                p.select("id_keluarga_p3ke").with_columns(e=pl.Series("e", el))
                .select(pl.col("e").any().over("id_keluarga_p3ke"))["e"].to_numpy()
            )
            idx = heads["__i"].to_numpy()
            flags = hh_el[idx]
        else:
            idx = np.arange(p.height)
            flags = el
        draw = rng.random(len(idx))
        chosen = idx[(flags & (draw < p_cov)) | (~flags & (draw < p_incl))]
        rows = p[chosen.tolist()]
        records: list[list[str]] = []
        for r in rows.iter_rows(named=True):
            values = {"nik": r["nik"], "kk": r["no_kk"], "name": r["nama"], "village": r["kode_kemdagri"],
                      "dtks": r["id_keluarga_p3ke"]}
            records.append([_cell(h, values) for h in headers])
        n_out = int(round(len(records) * outsiders / 1000))
        if "NIK" in " ".join(h.upper() for h in headers):
            villages: list[str] = [str(v) for v in rng.choice(p["kode_kemdagri"].to_numpy(), size=n_out)]
            for nik, village in zip(_outsider_niks(rng, n_out), villages, strict=True):
                values = {"nik": nik, "kk": "", "name": "TIDAK DIKENAL", "village": str(village), "dtks": ""}
                records.append([_cell(h, values) for h in headers])
        order = rng.permutation(len(records))
        path = out_dir / name
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers)
            writer.writerows(records[i] for i in order)
        files[code] = path
    return files


def _cell(header: str, values: dict[str, str]) -> str:
    key = header.lower()
    if "nik" in key:
        return values["nik"]
    if "kk" in key:
        return values["kk"]
    if "nama" in key:
        return values["name"]
    if "dtks" in key:
        return values["dtks"]
    return values["village"]


def run_convergence_demo(
    ws: Workspace, out_dir: str | Path, seed: int = 2022, *, people: pl.DataFrame | None = None
) -> ConvergenceDemo:
    """Write the demo's recipient lists, load them like a user's files, and compute the coverage of
    the priority loci (needs the demo registry in ``ws``)."""
    from lokus.convergence import compute_coverage, ingest_programs

    out = Path(out_dir)
    from lokus.reports import make_folder

    make_folder(out)
    frame = people if people is not None else generate(seed).people
    files = program_lists(frame, out, seed)
    result = ConvergenceDemo(files=files)
    for code, path in files.items():
        result.ingests[code] = ingest_programs(ws, path, program=code, period=PERIOD, today=REFERENCE_DATE,
                                              replace=True)
    cov = compute_coverage(ws)
    result.coverage = cov.by_program()
    result.villages = cov.by_village()
    return result
