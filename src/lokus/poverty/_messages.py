"""User-facing messages of the poverty (FGT) capability."""

from __future__ import annotations

from lokus.i18n import register

MESSAGES: dict[str, dict[str, str]] = {
    "error.poverty.consumption": {
        "id": "{count} baris punya konsumsi per kapita nol, negatif atau kosong di kolom '{column}' "
        "(pertama di baris {row}); perbaiki atau keluarkan baris itu sebelum menghitung FGT.",
        "en": "{count} rows have a zero, negative or missing per-capita consumption in column '{column}' "
        "(first at row {row}); fix or remove them before computing FGT.",
    },
    "error.poverty.weight": {
        "id": "{count} baris punya {column} yang kosong atau negatif (pertama di baris {row}); "
        "setiap baris survei perlu bobot nol atau lebih.",
        "en": "{count} rows have a missing or negative {column} (first at row {row}); every survey "
        "row needs a weight of zero or more.",
    },
    "error.poverty.design": {
        "id": "Kolom desain '{column}' kosong di {count} baris (pertama di baris {row}); isi strata/PSU "
        "untuk setiap baris.",
        "en": "Design column '{column}' is empty on {count} rows (first at row {row}); fill strata/PSU on "
        "every row.",
    },
    "error.poverty.line": {
        "id": "Garis kemiskinan harus angka positif dalam rupiah per kapita per bulan, bukan '{value}'.",
        "en": "The poverty line must be a positive number in rupiah per capita per month, not '{value}'.",
    },
    "error.poverty.no_rows": {
        "id": "Data survei tidak punya baris; tidak ada yang bisa dihitung.",
        "en": "The survey data has no rows; there is nothing to compute.",
    },
    "error.poverty.size": {
        "id": "{count} baris punya ukuran rumah tangga ('{column}') yang kosong, nol atau negatif "
        "(pertama di baris {row}); setiap rumah tangga beranggota minimal satu orang.",
        "en": "{count} rows have a missing, zero or negative household size ('{column}') (first at row "
        "{row}); every household has at least one member.",
    },
    "error.poverty.column": {
        "id": "Kolom '{column}' tidak ada di data survei; kolom yang ada: {present}.",
        "en": "Column '{column}' is not in the survey data; columns present: {present}.",
    },
    # one row: the sentence in the singular (lokus.i18n.t_n; the Indonesian says it the same way)
    "error.poverty.consumption.one": {
        "id": "{count} baris punya konsumsi per kapita nol, negatif atau kosong di kolom '{column}' "
        "(baris {row}); perbaiki atau keluarkan baris itu sebelum menghitung FGT.",
        "en": "{count} row has a zero, negative or missing per-capita consumption in column '{column}' "
        "(row {row}); fix or remove it before computing FGT.",
    },
    "error.poverty.weight.one": {
        "id": "{count} baris punya {column} yang kosong atau negatif (baris {row}); "
        "setiap baris survei perlu bobot nol atau lebih.",
        "en": "{count} row has a missing or negative {column} (row {row}); every survey "
        "row needs a weight of zero or more.",
    },
    "error.poverty.design.one": {
        "id": "Kolom desain '{column}' kosong di {count} baris (baris {row}); isi strata/PSU "
        "untuk setiap baris.",
        "en": "Design column '{column}' is empty on {count} row (row {row}); fill strata/PSU on "
        "every row.",
    },
    "error.poverty.size.one": {
        "id": "{count} baris punya ukuran rumah tangga ('{column}') yang kosong, nol atau negatif "
        "(baris {row}); setiap rumah tangga beranggota minimal satu orang.",
        "en": "{count} row has a missing, zero or negative household size ('{column}') (row "
        "{row}); every household has at least one member.",
    },
}

register(MESSAGES)
