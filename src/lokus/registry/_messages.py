"""Messages of the registry ingest, quarantine and snapshot diff (Bahasa Indonesia and English)."""

from __future__ import annotations

from lokus.i18n import register

register(
    {
        "ingest.summary.loaded": {
            "id": "Snapshot '{snapshot}' ({format}): {rows_read} baris dibaca = {accepted} diterima + "
            "{quarantined} dikarantina.",
            "en": "Snapshot '{snapshot}' ({format}): {rows_read} rows read = {accepted} accepted + "
            "{quarantined} quarantined.",
        },
        "ingest.summary.unchanged": {
            "id": "Berkas yang sama (sha256 {sha}) sudah ada di snapshot '{snapshot}'; "
            "tidak ada yang berubah.",
            "en": "The same file (sha256 {sha}) is already in snapshot '{snapshot}'; nothing changed.",
        },
        "ingest.summary.replaced": {
            "id": "Snapshot '{snapshot}' sudah ada dan telah diganti seluruhnya dengan isi berkas ini.",
            "en": "Snapshot '{snapshot}' existed and has been replaced entirely by this file.",
        },
        "ingest.lists_matched_again": {
            "id": "{n} baris daftar penerima kini punya hasil pencocokan baru dengan registri {snapshot} (cocok "
                  "NIK, cocok KK atau tidak ada di registri): lihat lokus programs unmatched dan lokus gaps",
            "en": "{n} recipient-list rows now have a new match against registry {snapshot} (by NIK, by KK or "
                  "not in the registry): see lokus programs unmatched and lokus gaps",
        },
        "ingest.measurements_linked_again": {
            "id": "{n} baris pengukuran balita kini terhubung ulang dengan registri {snapshot} (ada di registri "
                  "atau tidak, rumah tangga, desil, desa dari registri; baris karantina yang kini dapat "
                  "ditempatkan registri diterima).",
            "en": "{n} child-measurement rows are now linked again to registry {snapshot} (in the registry or "
                  "not, household, decile, village from the registry; quarantined rows the registry now places "
                  "are accepted).",
        },
        "ingest.summary.quarantine_hint": {
            "id": "Lihat baris yang ditolak: lokus quarantine list --snapshot {snapshot}",
            "en": "See the rejected rows: lokus quarantine list --snapshot {snapshot}",
        },
        "ingest.progress.read": {"id": "Membaca dan memeriksa berkas", "en": "Reading and checking the file"},
        "ingest.progress.validate": {"id": "Memeriksa duplikat", "en": "Checking duplicates"},
        "ingest.progress.write": {"id": "Menyimpan ke workspace", "en": "Writing to the workspace"},
        "ingest.progress.done": {"id": "Selesai", "en": "Done"},
        "diff.summary": {
            "id": "Dari '{a}' ke '{b}': {added} orang ditambahkan, {removed} dihapus, "
            "{moved_decile} pindah desil, "
            "{moved_village} pindah desa.",
            "en": "From '{a}' to '{b}': {added} people added, {removed} removed, "
            "{moved_decile} changed decile, "
            "{moved_village} changed village.",
        },
    }
)
