"""Messages for files that cannot be read as tables (one sentence each, two languages)."""

from __future__ import annotations

from lokus.i18n import register

register(
    {
        "ingest.file.encrypted": {
            "id": "Berkas {path} terkunci kata sandi (workbook terenkripsi); "
            "buka di Excel, hapus kata sandinya "
            "(File › Info › Protect Workbook), simpan lalu muat lagi.",
            "en": "File {path} is password-protected (an encrypted workbook); open it in Excel, remove the "
            "password (File › Info › Protect Workbook), save and load it again.",
        },
        "ingest.file.pdf": {
            "id": "Berkas {path} adalah PDF, bukan tabel; minta ekspor Excel atau CSV dari aplikasi sumber.",
            "en": "File {path} is a PDF, not a table; ask for an Excel or CSV export "
            "from the source application.",
        },
        "ingest.file.binary": {
            "id": "Berkas {path} berisi data biner yang bukan tabel; gunakan CSV, XLSX, XLS atau Parquet.",
            "en": "File {path} holds binary data that is not a table; use CSV, XLSX, XLS or Parquet.",
        },
        "ingest.file.header_only": {
            "id": "Berkas {path} hanya berisi baris judul kolom tanpa data; ekspor ulang beserta datanya.",
            "en": "File {path} has a header row but no data rows; export it again with the data.",
        },
        "ingest.file.one_column": {
            "id": "Berkas {path} hanya punya satu kolom ('{column}'); periksa pemisah kolom "
            "(koma, titik koma, "
            "tab atau |) atau pilih lembar yang benar dengan --sheet.",
            "en": "File {path} has only one column ('{column}'); check the delimiter (comma, semicolon, tab "
            "or |) or pick the right sheet with --sheet.",
        },
        "ingest.file.sheet_missing": {
            "id": "Lembar '{sheet}' tidak ada di {path}; lembar yang ada: {available}.",
            "en": "Sheet '{sheet}' is not in {path}; available sheets: {available}.",
        },
        "ingest.file.sheet_not_workbook": {
            "id": "Berkas {path} adalah {kind}, bukan workbook, jadi tidak punya lembar; hapus --sheet '{sheet}' "
            "atau pilih berkas Excel yang dimaksud.",
            "en": "File {path} is {kind}, not a workbook, so it has no sheets; drop --sheet '{sheet}' or give the "
            "Excel file you meant.",
        },
        "tables.value.money_mixed": {
            "id": "Kolom uang '{column}' di {path} ditulis dengan dua cara ({id_example} dan {en_example}), "
            "sehingga nilai seperti 525.000 bisa berarti 525 atau 525000; samakan penulisannya "
            "(titik untuk ribuan, koma untuk desimal) lalu muat lagi.",
            "en": "Money column '{column}' in {path} is written two ways ({id_example} and {en_example}), so a "
            "value like 525.000 could mean 525 or 525000; write it one way (dot for thousands, comma for "
            "decimals) and load it again.",
        },
        "tables.value.date_order_mixed": {
            "id": "Kolom tanggal '{column}' di {path} ditulis dengan dua urutan ({dmy_example} hari dulu, "
            "{mdy_example} bulan dulu), sehingga tanggal seperti 03/04/2020 bisa 3 April atau 4 Maret; samakan "
            "urutannya (dd/mm/yyyy) lalu muat lagi.",
            "en": "Date column '{column}' in {path} is written in two orders ({dmy_example} day first, "
            "{mdy_example} month first), so a date like 03/04/2020 could be 3 April or 4 March; write it one way "
            "(dd/mm/yyyy) and load it again.",
        },
        "tables.value.decimal_mixed": {
            "id": "Kolom angka '{column}' di {path} ditulis dengan dua cara ({id_example} dan {en_example}); "
            "samakan pemisah ribuan dan desimalnya lalu muat lagi.",
            "en": "Number column '{column}' in {path} is written two ways ({id_example} and {en_example}); "
            "use one thousands and decimal mark and load it again.",
        },
        "tables.file.bad_lines": {
            "id": "Berkas {path}: {count} baris tidak bisa dipisah menjadi kolom (baris {lines}: {detail}); "
            "perbaiki baris itu lalu coba lagi.",
            "en": "File {path}: {count} lines cannot be split into the header's columns (line {lines}: "
            "{detail}); fix them and try again.",
        },
        "tables.file.bad_lines.one": {
            "id": "Berkas {path}: {count} baris tidak bisa dipisah menjadi kolom (baris {lines}: {detail}); "
            "perbaiki baris itu lalu coba lagi.",
            "en": "File {path}: {count} line cannot be split into the header's columns (line {lines}: "
            "{detail}); fix it and try again.",
        },
        "tables.columns.bad_file": {
            "id": "Berkas pemetaan kolom {path} tidak bisa dibaca ({detail}); tulis baris seperti "
            'decile = "Desil Kesejahteraan (1-10)".',
            "en": "Column mapping file {path} cannot be read ({detail}); write lines such as "
            'decile = "Desil Kesejahteraan (1-10)".',
        },
        "tables.columns.not_pairs": {
            "id": 'yang diharapkan pasangan field = "Judul kolom seperti tertulis"',
            "en": 'expected field = "Header as written" pairs',
        },
        "tables.file.bad_fields": {"id": "{found} kolom, seharusnya {expected}", "en": "{found} fields, expected {expected}"},
        "tables.columns.duplicate_disagree": {
            "id": "Berkas {path} punya dua kolom untuk {field} ({first} dan {second}) yang isinya berbeda di "
            "{count} baris (baris {line}: {first_value} lawan {second_value}); hapus salah satunya, atau pilih "
            "dengan --column {field}=\"Judul kolom\", lalu muat lagi.",
            "en": "File {path} has two columns for {field} ({first} and {second}) that differ on {count} rows "
            "(line {line}: {first_value} against {second_value}); remove one of them, or pick one with "
            "--column {field}=\"Header\", and load it again.",
        },
        "tables.columns.duplicate_disagree.one": {
            "id": "Berkas {path} punya dua kolom untuk {field} ({first} dan {second}) yang isinya berbeda di "
            "{count} baris (baris {line}: {first_value} lawan {second_value}); hapus salah satunya, atau pilih "
            "dengan --column {field}=\"Judul kolom\", lalu muat lagi.",
            "en": "File {path} has two columns for {field} ({first} and {second}) that differ on {count} row "
            "(line {line}: {first_value} against {second_value}); remove one of them, or pick one with "
            "--column {field}=\"Header\", and load it again.",
        },
        "tables.columns.not_found": {
            "id": "Kolom '{header}' (untuk {field}) tidak ada di berkas; kolom yang ada: {present}.",
            "en": "Column '{header}' (given for {field}) is not in the file; headers present: {present}.",
        },
    }
)
