"""Messages of the synthetic-registry generator (Bahasa Indonesia and English)."""

from __future__ import annotations

from lokus.i18n import register

register({
    "error.synth.region": {
        "id": "Wilayah {region} tidak dikenal; beri kode Kemendagri (mis. 18.04) atau 'national'.",
        "en": "Region {region} is unknown; give a Kemendagri code (e.g. 18.04) or 'national'.",
    },
    "error.synth.people": {
        "id": "Jumlah {people} tidak sah; beri bilangan bulat positif.",
        "en": "The number {people} is not valid; give a positive whole number.",
    },
    "error.synth.out": {
        "id": "Folder {path} tidak bisa dibuat: {detail}.",
        "en": "Folder {path} cannot be created: {detail}.",
    },
    "error.synth.compression": {
        "id": "Kompresi {value} tidak dikenal; pilih salah satu: {allowed}.",
        "en": "Compression {value} is unknown; choose one of: {allowed}.",
    },
    "synth.progress": {"id": "Membuat penduduk sintetis", "en": "Generating synthetic people"},
    "synth.done": {
        "id": "{people} orang, {households} keluarga, {measurements} pengukuran balita, {recipients} penerima "
              "program di {villages} desa/kelurahan ({chunks} bagian) dalam {seconds} dtk "
              "({rate} orang/dtk) → {out}",
        "en": "{people} people, {households} households, {measurements} child measurements, {recipients} "
              "program recipients in {villages} villages ({chunks} chunks) in {seconds} s "
              "({rate} people/s) → {out}",
    },
})
