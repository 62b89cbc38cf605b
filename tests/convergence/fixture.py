"""A four-household registry and program lists whose coverage is computed by hand.

Reference date 2024-06-30 (the lists' period 2024-06). Villages: V1 = 18.04.04.2002, V2 = 18.04.04.2006.

======  ======  =====  ==================================================================
 hh      vill.   dec.   members, house, flags
======  ======  =====  ==================================================================
 H1      V1      1      head M 40, wife pregnant 30, child 13 months, child 10; earth floor,
                        river water, no toilet; registry flag receives_pkh
 H2      V1      1      woman 70 alone; bamboo wall, piped water, own toilet
 H3      V2      3      couple 35/33, child 4; ceramic floor, protected well, own toilet;
                        registry flag receives_sembako
 H4      V2      6      couple 50/48, child 16; bottled water, own toilet; flag receives_pbi (head)
======  ======  =====  ==================================================================

Lists: PKH = H3 wife, H4 head, one NIK not in the registry, one row without a usable id;
SEMBAKO = H1 head (twice: the second is a duplicate); PBI_JKN = H1 head, wife, child 1;
BLT_DD = H2 by KK only; PIP = H4 child.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

V1, V2 = "1804042002", "1804042006"
HEADERS = [
    "nik", "kk", "household_id", "name", "sex", "birth_date", "relationship", "village_code", "decile",
    "floor", "wall", "roof", "water_source", "sanitation", "disability", "pregnant",
    "receives_pkh", "receives_sembako", "receives_bpnt", "receives_pbi",
]


def nik(village: str, born: date, female: bool, serial: int) -> str:
    day = born.day + (40 if female else 0)
    return f"{village[:6]}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def kk(village: str, n: int) -> str:
    return f"{village[:6]}010120{n:04d}"


def _p(hh: str, village: str, decile: int, kk_no: str, name: str, female: bool, born: date, rel: str,
       house: tuple[str, str, str, str, str], **flags: str) -> dict[str, str]:
    floor, wall, roof, water, san = house
    row = {
        "nik": nik(village, born, female, 1 + len(name)), "kk": kk_no, "household_id": hh, "name": name,
        "sex": "P" if female else "L", "birth_date": born.isoformat(), "relationship": rel,
        "village_code": village, "decile": str(decile), "floor": floor, "wall": wall, "roof": roof,
        "water_source": water, "sanitation": san, "disability": "Tidak", "pregnant": "Tidak",
        "receives_pkh": "Tidak", "receives_sembako": "Tidak", "receives_bpnt": "Tidak", "receives_pbi": "Tidak",
    }
    row.update(flags)
    return row


H1_HOUSE = ("Tanah", "Tembok", "Genteng", "Sungai", "Tidak Ada")
H2_HOUSE = ("Semen", "Bambu", "Seng", "Ledeng", "Sendiri")
H3_HOUSE = ("Keramik", "Tembok", "Genteng", "Sumur Terlindung", "Sendiri")
H4_HOUSE = ("Keramik", "Tembok", "Genteng", "Air Kemasan", "Sendiri")

PEOPLE = [
    _p("H1", V1, 1, kk(V1, 1), "Budi", False, date(1984, 3, 10), "Kepala Keluarga", H1_HOUSE, receives_pkh="Ya"),
    _p("H1", V1, 1, kk(V1, 1), "Sari", True, date(1994, 5, 5), "Istri", H1_HOUSE, pregnant="Ya"),
    _p("H1", V1, 1, kk(V1, 1), "Adi", False, date(2023, 5, 1), "Anak", H1_HOUSE),
    _p("H1", V1, 1, kk(V1, 1), "Rina", True, date(2014, 1, 15), "Anak", H1_HOUSE),
    _p("H2", V1, 1, kk(V1, 2), "Minah", True, date(1954, 2, 2), "Kepala Keluarga", H2_HOUSE),
    _p("H3", V2, 3, kk(V2, 3), "Joko", False, date(1989, 1, 1), "Kepala Keluarga", H3_HOUSE, receives_sembako="Ya"),
    _p("H3", V2, 3, kk(V2, 3), "Wati", True, date(1991, 1, 1), "Istri", H3_HOUSE),
    _p("H3", V2, 3, kk(V2, 3), "Dewi", True, date(2020, 1, 1), "Anak", H3_HOUSE),
    _p("H4", V2, 6, kk(V2, 4), "Hadi", False, date(1974, 1, 1), "Kepala Keluarga", H4_HOUSE, receives_pbi="Ya"),
    _p("H4", V2, 6, kk(V2, 4), "Tuti", True, date(1976, 1, 1), "Istri", H4_HOUSE),
    _p("H4", V2, 6, kk(V2, 4), "Eko", False, date(2008, 1, 1), "Anak", H4_HOUSE),
]
BY_NAME = {p["name"]: p for p in PEOPLE}
OUTSIDER_NIK = nik(V1, date(1980, 7, 7), False, 99)  # valid, not in the registry


def write_registry(path: Path) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=HEADERS)
        w.writeheader()
        w.writerows(PEOPLE)
    return path


def write_list(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def write_lists(folder: Path) -> dict[str, Path]:
    """The program lists of the module docstring, in the header spellings seen in the field."""
    b = BY_NAME
    return {
        "PKH": write_list(folder / "pkh.csv", ["NIK_PENERIMA", "NO_KK", "NAMA", "kode wilayah"], [
            [b["Wati"]["nik"], b["Wati"]["kk"], "Wati", V2],
            [b["Hadi"]["nik"], b["Hadi"]["kk"], "Hadi", V2],
            [OUTSIDER_NIK, "", "Orang Luar", V1],
            ["12345", "", "Tanpa NIK", V1],
        ]),
        "SEMBAKO": write_list(folder / "sembako.csv", ["NIK", "nomor_kk", "NAMA", "ID_DTKS"], [
            [b["Budi"]["nik"], b["Budi"]["kk"], "Budi", "D1"],
            [b["Budi"]["nik"], b["Budi"]["kk"], "Budi", "D1"],
        ]),
        "PBI_JKN": write_list(folder / "pbi.csv", ["nik", "nama"], [
            [b["Budi"]["nik"], "Budi"], [b["Sari"]["nik"], "Sari"], [b["Adi"]["nik"], "Adi"],
        ]),
        "BLT_DD": write_list(folder / "blt.csv", ["NO_KK", "NAMA"], [[b["Minah"]["kk"], "Minah"]]),
        "PIP": write_list(folder / "pip.csv", ["NIK", "NAMA"], [[b["Eko"]["nik"], "Eko"]]),
    }


# Hand-computed coverage over all villages (see the module docstring), per program:
# (eligible, covered, gap, inclusion_not_eligible, inclusion_not_in_registry)
EXPECTED = {
    "PKH": (3, 2, 1, 1, 1),  # H1 flag, H3 list; H2 missed; H4 not eligible; one outsider
    "SEMBAKO": (3, 2, 1, 0, 0),  # H1 list, H3 flag; H2 missed
    "PBI_JKN": (8, 3, 5, 1, 0),  # persons: H1 4 (3 listed), H2 1, H3 3; H4 head flagged, decile 6
    "BLT_DD": (1, 1, 0, 0, 0),  # only H2 (H1 has PKH); H2 listed by KK
    "PIP": (1, 0, 1, 1, 0),  # persons: H1 child of 10; H4 child listed, decile 6
    # No list, registry flag or delivery: coverage unknown ("tidak ada data"), never 0 covered.
    "RTLH": (2, None, None, None, None),  # H1 earth floor, H2 bamboo wall
    "AIR_BERSIH": (1, None, None, None, None),  # H1 river water
    "SANITASI": (1, None, None, None, None),  # H1 no toilet
    "STUNTING": (1, None, None, None, None),  # H1: child under two, pregnant woman
}
NO_DATA = ("RTLH", "AIR_BERSIH", "SANITASI", "STUNTING")
# Household–program pairs of the programs with data (PKH, SEMBAKO, PBI_JKN, BLT_DD, PIP):
# H1 4 eligible / 2 covered, H2 4 / 1, H3 3 / 2 → 11 / 5.
EXPECTED_VILLAGES = {"18.04.04.2002": (8, 3), "18.04.04.2006": (3, 2)}
