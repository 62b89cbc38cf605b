"""Messages of the synthetic-registry generator (Bahasa Indonesia and English)."""

from __future__ import annotations

from lokus.i18n import register

register({
    "error.synth.region": {
        "id": "Wilayah {region} tidak dikenal; beri kode Kemendagri (mis. 18.04) atau 'national'.",
        "en": "Region {region} is unknown; give a Kemendagri code (e.g. 18.04) or 'national'.",
    },
    "error.synth.people": {
        "id": "Jumlah {people} tidak sah; beri bilangan bulat positif, mis. 314000, 2.7M atau 500k.",
        "en": "The number {people} is not valid; give a positive whole number, e.g. 314000, 2.7M or 500k.",
    },
    "error.synth.too_many": {
        "id": "{people} orang terlalu banyak untuk {villages} desa/kelurahan wilayah {region} (satu desa menampung "
              "paling banyak 999.999 orang); beri --people paling banyak sekitar {most} atau wilayah yang lebih besar.",
        "en": "{people} people are too many for the {villages} villages of region {region} (one village holds "
              "at most 999,999 people); give --people at most about {most} or a larger region.",
    },
    "error.synth.out_file": {
        "id": "{path} adalah berkas, bukan folder; beri --out sebuah folder baru atau kosong.",
        "en": "{path} is a file, not a folder; give --out a new or empty folder.",
    },
    "error.synth.out_busy": {
        "id": "Folder {path} sudah berisi berkas lain ({names}); beri --out folder baru atau kosong "
              "(hanya berkas sintetis dari proses sebelumnya yang boleh ditimpa).",
        "en": "The folder {path} already holds other files ({names}); give --out a new or empty folder "
              "(only the synthetic files of an earlier run may be replaced).",
    },
    "error.synth.disk": {
        "id": "Berkas sintetis memerlukan sekitar {need} di {path}, tetapi hanya {free} yang kosong; "
              "pilih folder di disk lain, kurangi --people, atau gunakan --compression zstd (sekitar 4x lebih kecil).",
        "en": "The synthetic files need about {need} under {path} but only {free} are free; choose a "
              "folder on another disk, fewer --people, or --compression zstd (about 4x smaller).",
    },
    "synth.replaced": {
        "id": "Berkas sintetis sebelumnya di {out} telah diganti.",
        "en": "The earlier synthetic files in {out} were replaced.",
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
              "program recipients in {villages} villages (chunks: {chunks}) in {seconds} s "
              "({rate} people/s) → {out}",
    },
    "demo.scale.step.synth": {
        "id": "Membuat registri sintetis ({scale}, {people} orang) …",
        "en": "Generating the synthetic registry ({scale}, {people} people) …",
    },
    "demo.scale.step.ingest": {
        "id": "Memuat berkas people.parquet lewat jalur impor biasa …",
        "en": "Loading people.parquet through the normal ingest path …",
    },
    "demo.scale.step.measurements": {
        "id": "Memuat pengukuran balita dan menghitung z-skor WHO …",
        "en": "Loading the children's measurements and computing WHO z-scores …",
    },
    "demo.scale.step.stunting": {
        "id": "Menentukan lokus stunting dari data balita …", "en": "Deriving the stunting loci from the children's data …",
    },
    "demo.scale.step.rank": {
        "id": "Menerapkan aturan lokus prioritas untuk semua desa …", "en": "Applying the priority rule to every village …",
    },
    "demo.scale.step.programs": {
        "id": "Memuat daftar penerima program dan menghitung kesenjangan …",
        "en": "Loading program recipient lists and computing the gaps …",
    },
    "demo.scale.summary": {
        "id": "{people} orang di {villages} desa/kelurahan; registri: {accepted} diterima + {quarantined} dikarantina; "
              "{measured} pengukuran balita; {loci} lokus stunting; {ranked} desa diperingkat.",
        "en": "{people} people in {villages} villages; registry: {accepted} accepted + {quarantined} quarantined; "
              "{measured} child measurements; {loci} stunting loci; {ranked} villages ranked.",
    },
    "demo.scale.ranking_title": {
        "id": "Desa prioritas, aturan pendiri (teratas {top} dari {total})",
        "en": "Priority villages, the founding rule (top {top} of {total})",
    },
    "demo.scale.lap": {"id": "{step} {seconds} dtk", "en": "{step} {seconds} s"},
    "demo.scale.lap.synth": {"id": "pembuatan data", "en": "synth"},
    "demo.scale.lap.ingest": {"id": "impor registri", "en": "ingest"},
    "demo.scale.lap.measurements": {"id": "pengukuran", "en": "measurements"},
    "demo.scale.lap.stunting": {"id": "lokus stunting", "en": "stunting"},
    "demo.scale.lap.rank": {"id": "peringkat", "en": "rank"},
    "demo.scale.lap.programs": {"id": "program dan kesenjangan", "en": "programs + gaps"},
    "demo.scale.gaps_title": {
        "id": "Kesenjangan cakupan program di seluruh desa wilayah {region}",
        "en": "Program coverage gaps in every village of region {region}",
    },
    "demo.scale.timing": {"id": "Waktu per langkah: {steps}", "en": "Time per step: {steps}"},
    "demo.scale.files": {
        "id": "Berkas sintetis: {synth}\nPeringkat: {ranking}\nWorkspace: {workspace}",
        "en": "Synthetic files: {synth}\nRanking: {ranking}\nWorkspace: {workspace}",
    },
    "error.demo.scale": {
        "id": "Skala {scale} tidak dikenal; pilih district, province atau national.",
        "en": "Scale {scale} is unknown; choose district, province or national.",
    },
})
