"""Messages of the output layer (Bahasa Indonesia and English)."""

from __future__ import annotations

from lokus.i18n import register

register({
    "error.output.suffix": {
        "id": "Berkas keluaran {path}: akhiran '{suffix}' tidak dikenal; gunakan {valid}.",
        "en": "Output file {path}: the extension '{suffix}' is not known; use {valid}.",
    },
    "error.output.mismatch": {
        "id": "Berkas keluaran {path} berakhiran '{suffix}' tetapi formatnya {fmt}; samakan akhiran dan --format.",
        "en": "Output file {path} ends in '{suffix}' but the format is {fmt}; make the extension and --format agree.",
    },
    "error.output.folder": {
        "id": "Folder {folder} untuk berkas keluaran {path} tidak ada; buat foldernya dulu atau pilih folder lain.",
        "en": "The folder {folder} for the output file {path} does not exist; create it first or choose another.",
    },
    "error.output.make_folder": {
        "id": "Folder {path} tidak bisa dibuat: {detail}.",
        "en": "Folder {path} cannot be created: {detail}.",
    },
    "error.output.folder_file": {
        "id": "Folder {path} tidak bisa dibuat karena {file} adalah berkas, bukan folder; pilih folder lain.",
        "en": "The folder {path} cannot be made because {file} is a file, not a folder; choose another folder.",
    },
    "error.output.xlsx_rows": {
        "id": "Berkas keluaran {path}: {rows} baris tidak muat di lembar Excel (paling banyak {limit} baris); "
              "tulis ke .csv atau .parquet.",
        "en": "Output file {path}: {rows} rows do not fit in an Excel sheet (at most {limit} rows); write .csv or "
              ".parquet instead.",
    },
    "error.output.write": {
        "id": "Berkas keluaran {path} tidak dapat ditulis ({detail}); periksa izin tulis folder dan ruang disk.",
        "en": "The output file {path} cannot be written ({detail}); check the folder's write permission and "
              "disk space.",
    },
    "reports.sources": {
        "id": "Data: {sources}",
        "en": "Data: {sources}",
    },
    "reports.source.registry": {"id": "registri {name}", "en": "registry {name}"},
    "reports.source.policy": {"id": "kebijakan {name}", "en": "policy {name}"},
    "reports.source.stunting_loci": {"id": "lokus stunting {name}", "en": "stunting loci {name}"},
    "reports.source.measurements": {"id": "pengukuran {name}", "en": "measurements {name}"},
    "reports.source.lists": {"id": "daftar program {name}", "en": "program lists {name}"},
    "reports.source.meeting": {"id": "rapat {name}", "en": "meeting {name}"},
    "reports.source.snapshot": {"id": "snapshot {name}", "en": "snapshot {name}"},
    "reports.source.as_of": {"id": "per {name}", "en": "as of {name}"},
    "reports.source.region": {"id": "wilayah {name}", "en": "region {name}"},
    "reports.source.none": {"id": "(belum ada)", "en": "(none yet)"},
    "reports.written": {
        "id": "Ditulis: {path} ({rows}).",
        "en": "Written: {path} ({rows}).",
    },
})
