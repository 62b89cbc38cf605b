"""Messages of the convergence capability (Bahasa Indonesia and English) and its row reason codes."""

from __future__ import annotations

from lokus.i18n import register
from lokus.quarantine import ROW_MALFORMED

__all__ = ["KK_WARNINGS", "ROW_REASONS", "ROW_WARNINGS"]

ROW_REASONS: dict[str, dict[str, str]] = {
    "id_missing": {
        "id": "NIK dan No KK kosong atau tidak terbaca; penerima tidak bisa dikaitkan ke siapa pun",
        "en": "NIK and KK number are empty or unreadable; the recipient cannot be tied to anyone",
    },
    "recipient_duplicate": {
        "id": "penerima yang sama (NIK atau KK) sudah ada di baris sebelumnya dalam daftar ini",
        "en": "the same recipient (NIK or KK) is on an earlier row of this list",
    },
    "program_other": {
        "id": "baris untuk program lain (kolom program tidak menyebut program yang dimuat)",
        "en": "a row of another program (its program column does not name the program being loaded)",
    },
    "program_unknown": {
        "id": "kode program tidak ada dalam katalog program",
        "en": "the program code is not in the program catalogue",
    },
    "date_invalid": {
        "id": "tanggal tidak terbaca atau kosong (gunakan dd-mm-yyyy atau yyyy-mm-dd; dd/mm/yyyy dibaca hari dulu "
        "kecuali kolomnya terbukti bulan dulu)",
        "en": "the date is empty or cannot be read (use dd-mm-yyyy or yyyy-mm-dd; dd/mm/yyyy is read day first "
        "unless the column proves it month first)",
    },
    "date_two_digit_year": {
        "id": "tahun pada tanggal ditulis dua digit (3 Apr 24: 1924 atau 2024?); tulis tahun empat digit",
        "en": "the year of the date has two digits (3 Apr 24: 1924 or 2024?); write the year with four digits",
    },
    "date_future": {"id": "tanggal di masa depan", "en": "the date is in the future"},
    **ROW_MALFORMED,
}

ROW_WARNINGS: dict[str, dict[str, str]] = {
    "nik_invalid_kk_used": {
        "id": "NIK tidak valid; penerima dicocokkan lewat No KK",
        "en": "the NIK is not valid; the recipient is matched by KK number",
    },
    "village_unknown": {
        "id": "kode wilayah tidak dikenal; diabaikan",
        "en": "the region code is not known; ignored",
    },
}
# KK numbers that name nobody: kept as a warning, never used to match or deduplicate recipients.
KK_WARNINGS: dict[str, dict[str, str]] = {
    "kk_placeholder": {
        "id": "No KK pengganti (0, semua nol atau semua sembilan); tidak dipakai untuk mencocokkan",
        "en": "placeholder KK number (0, all zeros or all nines); not used for matching",
    },
    "kk_scientific": {
        "id": "No KK rusak oleh Excel (notasi ilmiah, digit hilang); tidak dipakai untuk mencocokkan",
        "en": "KK number mangled by Excel (scientific notation, digits lost); not used for matching",
    },
    "kk_serial": {
        "id": "nomor urut No KK 0000 (sering karena Excel membulatkan); tidak dipakai untuk mencocokkan",
        "en": "KK serial number is 0000 (often Excel rounding); not used for matching",
    },
    "kk_invalid": {
        "id": "No KK bukan 16 digit; tidak dipakai untuk mencocokkan",
        "en": "KK number is not 16 digits; not used for matching",
    },
}

# Under the kinds' own keys (read through lokus.quarantine.reason_message): a bare ``reason.<code>`` would
# replace the registry's sentence for the same code (``village_unknown`` is quarantined there, ignored here).
register({f"{kind}.reason.{code}": texts for code, texts in {**ROW_REASONS, **ROW_WARNINGS}.items()
          for kind in ("programs", "interventions")})
register({f"{kind}.reason.{code}": texts for code, texts in KK_WARNINGS.items() for kind in ("programs", "interventions")})

register(
    {
        # a program without a recipient list, registry flag or recorded delivery: coverage unknown, not 0
        "convergence.no_data": {"id": "tidak ada data", "en": "no data"},
        "convergence.rule.invalid": {
            "id": "Aturan kelayakan {where} tidak valid ({detail}): {rule}",
            "en": "Eligibility rule {where} is not valid ({detail}): {rule}",
        },
        "convergence.catalogue.toml": {
            "id": "Katalog program {path} bukan TOML yang valid ({detail}); perbaiki berkasnya.",
            "en": "Program catalogue {path} is not valid TOML ({detail}); fix the file.",
        },
        "convergence.catalogue.field": {
            "id": "Katalog program {where}: isian '{field}' kosong atau salah jenis; lihat programs.toml bawaan.",
            "en": "Program catalogue {where}: entry '{field}' is empty or of the wrong kind; see the built-in programs.toml.",
        },
        "convergence.catalogue.cycle": {
            "id": "Aturan program {program} bergantung pada dirinya sendiri lewat receives(); putuskan lingkarannya.",
            "en": "The rule of program {program} depends on itself through receives(); break the cycle.",
        },
        "convergence.period.invalid": {
            "id": "Periode '{value}' tidak valid; tulis seperti 2024-03 (tahun-bulan).",
            "en": "Period '{value}' is not valid; write it like 2024-03 (year-month).",
        },
        "convergence.no_registry": {
            "id": "Belum ada snapshot registri di workspace {path}; muat dulu dengan `lokus ingest registry`.",
            "en": "Workspace {path} has no registry snapshot yet; load one with `lokus ingest registry` first.",
        },
        "convergence.engine.workspace_only": {
            "id": "{option} memerlukan workspace DuckDB (rapat tersimpan dan daftar rumah tangga yang diaudit ada di sana); jalankan dengan --engine duckdb.",
            "en": "{option} needs the DuckDB workspace (saved meetings and audited household lists live there); run it with --engine duckdb.",
        },
        "convergence.no_id_column": {
            "id": "Berkas {path} tidak memiliki kolom NIK maupun No KK; kolom yang ada: {present}.",
            "en": "File {path} has neither a NIK nor a KK column; columns present: {present}.",
        },
        "convergence.region.empty": {
            "id": "Wilayah {region} tidak memiliki desa dalam registri '{snapshot}'; periksa kode wilayahnya.",
            "en": "Region {region} has no villages in registry '{snapshot}'; check the region code.",
        },
        "convergence.meeting.missing": {
            "id": "Rapat '{name}' tidak ada; rapat yang tersimpan: {available}.",
            "en": "Meeting '{name}' does not exist; saved meetings: {available}.",
        },
        "convergence.pseudonym.key": {
            "id": "Kunci penyamaran {path} tidak bisa dibaca atau terlalu pendek (minimal 16 karakter); "
            "atur LOKUS_PSEUDONYM_KEY atau hapus berkasnya agar dibuat ulang.",
            "en": "Pseudonym key {path} cannot be read or is too short (16 characters at least); "
            "set LOKUS_PSEUDONYM_KEY or delete the file to have it created again.",
        },
        "convergence.out.suffix": {
            "id": "Berkas keluaran {path} harus berakhiran .xlsx atau .csv.",
            "en": "Output file {path} must end in .xlsx or .csv.",
        },
        "convergence.intervention.date_valid": {
            "id": "tanggal pada atau sebelum {today}",
            "en": "a date on or before {today}",
        },
        "convergence.intervention.nik_valid": {
            "id": "16 angka NIK yang sah, mis. 1804045607900001",
            "en": "16 digits of a valid NIK, e.g. 1804045607900001",
        },
        "convergence.intervention.kk_valid": {
            "id": "16 angka nomor KK yang nyata (bukan 0, bukan semua nol atau sembilan)",
            "en": "the 16 digits of a real family card (not 0, all zeros or nines)",
        },
        "convergence.intervention.id_required": {
            "id": "--nik atau --kk harus diisi",
            "en": "--nik or --kk is required",
        },
        "convergence.intervention.invalid": {
            "id": "Intervensi tidak dicatat: {detail}.",
            "en": "Intervention not recorded: {detail}.",
        },
        "convergence.ingest.summary": {
            "id": "Daftar {program} → snapshot '{snapshot}': {rows_read} baris dibaca, {accepted} diterima "
            "({matched_nik} cocok NIK, {matched_kk} cocok KK, {not_in_registry} tidak ada di registri), "
            "{quarantined} dikarantina.",
            "en": "List {program} → snapshot '{snapshot}': {rows_read} rows read, {accepted} accepted "
            "({matched_nik} matched by NIK, {matched_kk} by KK, {not_in_registry} not in the registry), "
            "{quarantined} quarantined.",
        },
        "convergence.ingest.summary_no_registry": {
            "id": "Daftar {program} → snapshot '{snapshot}': {rows_read} baris dibaca, {accepted} diterima, "
            "{quarantined} dikarantina. Belum ada registri di workspace ini: daftar ini dicocokkan (NIK, lalu KK) "
            "saat registri dimuat (lokus ingest registry).",
            "en": "List {program} → snapshot '{snapshot}': {rows_read} rows read, {accepted} accepted, "
            "{quarantined} quarantined. This workspace holds no registry yet: the list is matched (NIK, then KK) "
            "when a registry is loaded (lokus ingest registry).",
        },
        "convergence.ingest.unchanged": {
            "id": "Berkas yang sama sudah dimuat ke snapshot '{snapshot}'; tidak ada yang berubah.",
            "en": "The same file is already loaded as snapshot '{snapshot}'; nothing changed.",
        },
        "convergence.ingest.unmatched": {
            "id": "NIK tidak ada di registri '{registry}' (galat inklusi, tetap disimpan): {niks}{more}",
            "en": "NIKs not in registry '{registry}' (inclusion errors, kept): {niks}{more}",
        },
        "convergence.closed": {
            "id": "Sejak rapat '{meeting}': {closed} kesenjangan tertutup, {opened} baru; skor konvergensi "
            "{before} → {after}.",
            "en": "Since meeting '{meeting}': {closed} gaps closed, {opened} new; convergence score "
            "{before} → {after}.",
        },
        "convergence.meeting.saved": {
            "id": "Rapat '{name}' disimpan: {gaps} kesenjangan di {villages} desa.",
            "en": "Meeting '{name}' saved: {gaps} gaps in {villages} villages.",
        },
        "convergence.worklist.title": {
            "id": "Daftar kerja {name} — per {as_of}",
            "en": "Worklist {name} — as of {as_of}",
        },
        "convergence.worklist.sheet": {"id": "Daftar kerja", "en": "Worklist"},
        # The offices of the program catalogue (``office = "dinsos"``), as people read them; files for
        # machines (CSV, JSON) and the catalogue keep the codes.
        "convergence.programs.rule_hint": {
            "id": "Syarat di atas dalam kata-kata; aturan persis yang diterapkan lokus: `lokus programs show KODE` atau "
                  "--format csv/json.",
            "en": "Eligibility above in plain words; the exact rule lokus applies: `lokus programs show CODE` or "
                  "--format csv/json.",
        },
        "office.dinsos": {"id": "Dinas Sosial", "en": "Social Affairs Office"},
        "office.dinkes": {"id": "Dinas Kesehatan", "en": "Health Office"},
        "office.pupr": {"id": "Dinas Pekerjaan Umum dan Perumahan Rakyat",
                        "en": "Public Works and Housing Office"},
        "office.dpmd": {"id": "Dinas Pemberdayaan Masyarakat dan Desa",
                        "en": "Community and Village Empowerment Office"},
        "office.bpjs": {"id": "BPJS Kesehatan", "en": "BPJS Kesehatan (health insurance)"},
        "office.disdik": {"id": "Dinas Pendidikan", "en": "Education Office"},
        # The sectors of the built-in catalogue (``sector = "housing"``), as people read them; a catalogue's own
        # sector text is shown as written.
        "sector.social_assistance": {"id": "bantuan sosial", "en": "social assistance"},
        "sector.health_insurance": {"id": "jaminan kesehatan", "en": "health insurance"},
        "sector.village_funds": {"id": "dana desa", "en": "village funds"},
        "sector.education": {"id": "pendidikan", "en": "education"},
        "sector.housing": {"id": "perumahan", "en": "housing"},
        "sector.drinking_water": {"id": "air minum", "en": "drinking water"},
        "sector.sanitation": {"id": "sanitasi", "en": "sanitation"},
        "sector.stunting": {"id": "stunting", "en": "stunting"},
        "convergence.blt.title": {
            "id": "Calon penerima BLT Dana Desa — {village}",
            "en": "BLT Dana Desa candidates — {village}",
        },
        "convergence.risk.sheet": {"id": "Keluarga berisiko stunting", "en": "Families at risk of stunting"},
        "convergence.participants.sheet": {"id": "Peserta", "en": "Participants"},
        "convergence.worklist.written": {
            "id": "Daftar kerja ditulis ke {path} ({rows}).",
            "en": "Worklist written to {path} ({rows}).",
        },
    }
)

register({
    "convergence.participants.peratin": {"id": "peratin", "en": "village head (peratin)"},
    "convergence.participants.bidan": {"id": "bidan pekon", "en": "village midwife (bidan pekon)"},
    "convergence.participants.poverty_locus": {"id": "lokus kemiskinan #{rank}", "en": "poverty locus #{rank}"},
    "convergence.participants.stunting_locus": {"id": "lokus stunting", "en": "stunting locus"},
    # the region of a coverage computed over the priority loci or every village (not a Kemendagri code)
    "convergence.region.loci": {"id": "lokus prioritas", "en": "priority loci"},
    "convergence.region.all": {"id": "semua desa", "en": "every village"},
})
