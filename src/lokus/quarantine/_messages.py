"""Messages of ``lokus quarantine`` (Bahasa Indonesia and English)."""

from __future__ import annotations

from lokus.i18n import register

register(
    {
        "quarantine.none": {
            "id": "Tidak ada baris dikarantina untuk snapshot '{snapshot}'.",
            "en": "No quarantined rows for snapshot '{snapshot}'.",
        },
        "quarantine.sheet": {"id": "Karantina", "en": "Quarantine"},
        "quarantine.written": {
            "id": "{rows} baris dikarantina ditulis ke {path}.",
            "en": "{rows} quarantined rows written to {path}.",
        },
        "ingest.own_household": {
            "id": "{n} orang dengan No KK atau ID keluarga pengganti (0, semua nol/sembilan) atau mustahil "
            "dihitung masing-masing sebagai keluarga tersendiri, tidak digabung.",
            "en": "{n} people with a placeholder (0, all zeros/nines) or impossible KK or household ID are "
            "each counted as a household of their own, never merged.",
        },
    }
)
