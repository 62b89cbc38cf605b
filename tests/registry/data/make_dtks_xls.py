"""Write tests/registry/data/dtks_2023.xls (BIFF8) with xlwt; run once, output committed."""

import datetime

import xlwt

wb = xlwt.Workbook()
info = wb.add_sheet("Keterangan")
info.write(0, 0, "Data DTKS Kabupaten Lampung Barat")
ws = wb.add_sheet("DATA")
headers = [
    "IDDTKS",
    "PROVINSI",
    "KABUPATEN_KOTA",
    "KECAMATAN",
    "DESA_KELURAHAN",
    "KODE_WILAYAH",
    "ALAMAT",
    "NOMOR_KK",
    "NOMOR_NIK",
    "NAMA",
    "TANGGAL_LAHIR",
    "JENIS_KELAMIN",
    "HUBUNGAN_KELUARGA",
    "DESIL",
]
for j, h in enumerate(headers):
    ws.write(0, j, h)
datefmt = xlwt.easyxf(num_format_str="DD-MM-YYYY")
rows = [
    [
        "DTKS-001",
        "LAMPUNG",
        "LAMPUNG BARAT",
        "BALIK BUKIT",
        "KUBU PERAHU",
        "18.04.04.2002",
        "Jl. A",
        "1804040101090001",
        "1804040101800001",
        "Ahmad",
        datetime.date(1980, 1, 1),
        "L",
        "Kepala Keluarga",
        1,
    ],
    [
        "DTKS-001",
        "LAMPUNG",
        "LAMPUNG BARAT",
        "BALIK BUKIT",
        "KUBU PERAHU",
        "18.04.04.2002",
        "Jl. A",
        "1804040101090001",
        "1804044202820002",
        "Siti",
        datetime.date(1982, 2, 2),
        "P",
        "Istri",
        1,
    ],
    [
        "DTKS-002",
        "LAMPUNG",
        "LAMPUNG BARAT",
        "BALIK BUKIT",
        "WAY EMPULAU ULU",
        "18.04.04.2006",
        "Jl. B",
        1804040101090002.0,
        1804040303750003.0,
        "Budi",
        datetime.date(1975, 3, 3),
        "L",
        "Kepala Keluarga",
        "Desil 2",
    ],
    [
        "DTKS-003",
        "LAMPUNG",
        "LAMPUNG BARAT",
        "BALIK BUKIT",
        "X",
        "18.04.99.9999",
        "Jl. C",
        "1804040101090003",
        "1804040404760004",
        "Wati",
        datetime.date(1976, 4, 4),
        "P",
        "Kepala Keluarga",
        3,
    ],
]
for i, row in enumerate(rows, start=1):
    for j, v in enumerate(row):
        if isinstance(v, datetime.date):
            ws.write(i, j, v, datefmt)
        else:
            ws.write(i, j, v)
wb.save("/work/wt-ingest/tests/registry/data/dtks_2023.xls")
