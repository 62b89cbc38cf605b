"""Tiny synthetic registry files in the layouts seen in the field (P3KE Individu, DTKS, DTSEN)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

P3KE_HEADERS = [
    "id_keluarga_p3ke",
    "provinsi",
    "kabupaten_kota",
    "kecamatan",
    "desa_kelurahan",
    "kode_kemdagri",
    "desil_kesejahteraan",
    "alamat",
    "id_individu",
    "no_kk",
    "nik",
    "nama",
    "padan_dukcapil",
    "jenis_kelamin",
    "hubungan_dengan_kepala_keluarga",
    "tanggal_lahir",
    "status_kawin",
    "pekerjaan",
    "pendidikan",
    "kepemilikan_rumah",
    "jenis_atap",
    "jenis_dinding",
    "jenis_lantai",
    "sumber_penerangan",
    "bahan_bakar_memasak",
    "sumber_air_minum",
    "memiliki_fasilitas_buang_air_besar",
    "disabilitas",
    "hamil",
    "penerima_bpnt",
    "penerima_bpum",
    "penerima_bst",
    "penerima_pkh",
    "penerima_sembako",
    "penerima_pbi_jkn",
    "resiko_stunting",
]

VILLAGES = ["1804042002", "1804042006", "1804052001", "1804041001"]  # Lampung Barat pekon/kelurahan


@dataclass(frozen=True)
class Person:
    household: str
    village: str  # 10 digits, no dots
    decile: str
    kk: str
    nik: str
    name: str
    sex: str  # Laki-laki / Perempuan
    birth: str  # dd-mm-yyyy
    relationship: str = "Kepala Keluarga"
    flag: str = "Tidak"


def make_nik(village: str, born: date, sex: str, serial: int) -> str:
    day = born.day + (40 if sex == "Perempuan" else 0)
    return f"{village[:6]}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def people(n: int = 8) -> list[Person]:
    """``n`` valid people in households of two, spread over four villages."""
    out: list[Person] = []
    for i in range(n):
        village = VILLAGES[(i // 2) % len(VILLAGES)]
        sex = "Laki-laki" if i % 2 == 0 else "Perempuan"
        born = date(1970 + i % 40, 1 + i % 12, 1 + i % 28)
        hh = f"P3KE{1000 + i // 2}"
        kk = f"{village[:6]}0101{9000 + i // 2:06d}"
        out.append(
            Person(
                household=hh,
                village=village,
                decile=str(1 + (i // 2) % 4),
                kk=kk,
                nik=make_nik(village, born, sex, 1 + i),
                name=f"Warga {i}",
                sex=sex,
                birth=born.strftime("%d-%m-%Y"),
                relationship="Kepala Keluarga" if i % 2 == 0 else "Istri",
            )
        )
    return out


def p3ke_row(p: Person) -> dict[str, str]:
    row = {h: "" for h in P3KE_HEADERS}
    row.update(
        {
            "id_keluarga_p3ke": p.household,
            "provinsi": "LAMPUNG",
            "kabupaten_kota": "LAMPUNG BARAT",
            "kecamatan": "BALIK BUKIT",
            "desa_kelurahan": "PEKON",
            "kode_kemdagri": p.village,
            "desil_kesejahteraan": p.decile,
            "alamat": "Jl. Raya",
            "id_individu": "I" + p.nik[-6:],
            "no_kk": p.kk,
            "nik": p.nik,
            "nama": p.name,
            "padan_dukcapil": "Ya",
            "jenis_kelamin": p.sex,
            "hubungan_dengan_kepala_keluarga": p.relationship,
            "tanggal_lahir": p.birth,
            "status_kawin": "Kawin",
            "pekerjaan": "Petani",
            "pendidikan": "SD",
            "kepemilikan_rumah": "Milik Sendiri",
            "jenis_atap": "Seng",
            "jenis_dinding": "Kayu",
            "jenis_lantai": "Tanah",
            "sumber_penerangan": "PLN",
            "bahan_bakar_memasak": "Kayu Bakar",
            "sumber_air_minum": "Sumur",
            "memiliki_fasilitas_buang_air_besar": "Ya",
        }
    )
    for h in P3KE_HEADERS[27:]:
        row[h] = p.flag
    return row


def write_p3ke(
    path: Path,
    persons: list[Person],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    extra_rows: list[dict[str, str]] | None = None,
    newline: str = "\n",
) -> Path:
    rows = [p3ke_row(p) for p in persons] + list(extra_rows or [])
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=P3KE_HEADERS, delimiter=delimiter, lineterminator=newline)
        writer.writeheader()
        writer.writerows(rows)
    return path


def with_(p: Person, **changes: str) -> Person:
    return replace(p, **changes)
