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
        "quarantine.title": {
            "id": "{snapshot} ({kind}): {total} baris dikarantina",
            "en": "{snapshot} ({kind}): {total} quarantined rows",
        },
        "quarantine.title.one": {
            "id": "{snapshot} ({kind}): {total} baris dikarantina",
            "en": "{snapshot} ({kind}): {total} quarantined row",
        },
        "quarantine.written": {
            "id": "{rows} baris dikarantina ditulis ke {path}.",
            "en": "{rows} quarantined rows written to {path}.",
        },
        "quarantine.written.one": {
            "id": "{rows} baris dikarantina ditulis ke {path}.",
            "en": "{rows} quarantined row written to {path}.",
        },
        "ingest.own_household": {
            "id": "{n} orang dengan No KK atau ID keluarga pengganti (0, semua nol/sembilan) atau mustahil "
            "dihitung masing-masing sebagai keluarga tersendiri, tidak digabung.",
            "en": "{n} people with a placeholder (0, all zeros/nines) or impossible KK or household ID are "
            "each counted as a household of their own, never merged.",
        },
        "ingest.heads_only": {
            "id": "Berkas ini berisi satu baris per keluarga (kolom NIK kepala keluarga): hanya kepala keluarga yang "
            "dimuat, sehingga jumlah warga (mis. warga desil 1) sama dengan jumlah keluarga; muat berkas per "
            "orang (P3KE Individu, people.parquet dari lokus synth) untuk jumlah warga.",
            "en": "This file has one row per family (a head-of-family NIK column): only the heads are loaded, so "
            "people counts (e.g. decile-1 residents) equal family counts; load the per-person file (P3KE "
            "Individu, lokus synth's people.parquet) to count residents.",
        },
    }
)
