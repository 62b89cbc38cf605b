"""One small file per ingest kind: ``good`` files (some rows quarantined) and ``empty`` ones (none accepted).

Each builder returns the CLI arguments of its ingest command and the snapshot it writes.
"""

from __future__ import annotations

from pathlib import Path

from tests.registry.factory import people, with_, write_p3ke

PEOPLE = people(6)
MEAS_HEADER = "NIK;Nama;JK;Tgl Lahir;Kec;Desa/Kel;Posyandu;Tanggal Pengukuran;Berat;Tinggi;Cara Ukur\n"
GOOD_CHILD = ";ANAK {n};L;01/03/2021;BALIK BUKIT;KUBU PERAHU;P1;15/08/2022;9,{n};7{n},0;Berdiri\n"
BAD_CHILD = ";ANAK RAGU;L;01/03/2021;ANTAH;BERANTAH;P1;15/08/2022;9,0;75,0;Berdiri\n"  # village unresolved


def registry(tmp: Path, variant: int = 0, *, empty: bool = False) -> tuple[list[str], str]:
    rows = [with_(p, nik="123") for p in PEOPLE[:2]] if empty else [*PEOPLE[: 4 + variant], with_(PEOPLE[5], nik="123")]
    path = write_p3ke(tmp / f"reg{variant}{'e' if empty else ''}.csv", rows)
    return ["ingest", "registry", str(path), "--snapshot", "reg", "--district", "18.04"], "reg"


def measurements(tmp: Path, variant: int = 0, *, empty: bool = False) -> tuple[list[str], str]:
    rows = [BAD_CHILD] if empty else [GOOD_CHILD.format(n=n) for n in range(1, 3 + variant)] + [BAD_CHILD]
    path = tmp / f"eppgbm{variant}{'e' if empty else ''}.csv"
    path.write_text(MEAS_HEADER + "".join(rows), encoding="utf-8")
    return ["ingest", "measurements", str(path), "--snapshot", "meas", "--district", "18.04"], "meas"


def programs(tmp: Path, variant: int = 0, *, empty: bool = False) -> tuple[list[str], str]:
    rows = [] if empty else [f"{p.nik},{p.kk},{p.name}" for p in PEOPLE[: 2 + variant]]
    rows.append("12345,,Tanpa NIK")  # names nobody: quarantined
    path = tmp / f"pkh{variant}{'e' if empty else ''}.csv"
    path.write_text("NIK_PENERIMA,NO_KK,NAMA\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return ["ingest", "programs", str(path), "--program", "PKH", "--period", "2024-06", "--snapshot", "pkh"], "pkh"


def stunting_loci(tmp: Path, variant: int = 0, *, empty: bool = False) -> tuple[list[str], str]:
    codes = ["1801042001"] if empty else ["1804042002", "1804042006"][: 1 + variant] + ["1801042001"]
    path = tmp / f"loci{variant}{'e' if empty else ''}.csv"
    path.write_text("kode_wilayah\n" + "\n".join(codes) + "\n", encoding="utf-8")
    return ["ingest", "stunting-loci", str(path), "--snapshot", "st", "--district", "18.04"], "st"


def interventions(tmp: Path, variant: int = 0, *, empty: bool = False) -> tuple[list[str], str]:
    rows = [] if empty else [f"{p.nik},PKH,0{1 + variant}-06-2024" for p in PEOPLE[:2]]
    rows.append(f"{PEOPLE[2].nik},TIDAK_ADA,01-06-2024")  # unknown program: quarantined
    path = tmp / f"intv{variant}{'e' if empty else ''}.csv"
    path.write_text("nik,program,tanggal\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return ["interventions", "import", str(path)], ""


SNAPSHOT_KINDS = {
    "registry": registry,
    "measurements": measurements,
    "programs": programs,
    "stunting_loci": stunting_loci,
    "interventions": interventions,
}
REPLACEABLE = ("registry", "measurements", "programs", "stunting_loci")
