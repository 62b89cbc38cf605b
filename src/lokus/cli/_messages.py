"""Messages of the command-line shell (tables, usage errors, command summaries), id and en."""

from __future__ import annotations

from lokus.i18n import register

MESSAGES: dict[str, dict[str, str]] = {
    # tables
    "cli.table.hidden": {
        "id": "Kolom yang tidak muat di layar: {columns}. Semua kolom: --format csv atau json.",
        "en": "Columns that did not fit the screen: {columns}. Every column: --format csv or json.",
    },
    "cli.table.more_rows": {
        "id": "… dan {n} baris lagi (--limit N untuk mengubah, --limit 0 untuk semua; --format csv atau json "
              "memberi semua baris).",
        "en": "… and {n} more rows (--limit N to change, --limit 0 for all; --format csv or json gives every row).",
    },
    "cli.table.more_rows.one": {
        "id": "… dan {n} baris lagi (--limit N untuk mengubah, --limit 0 untuk semua; --format csv atau json "
              "memberi semua baris).",
        "en": "… and {n} more row (--limit N to change, --limit 0 for all; --format csv or json gives every row).",
    },
    "cli.table.empty": {"id": "Tidak ada baris.", "en": "No rows."},
    # snapshots list
    "cli.snapshots.erased_note": {
        "id": "Baris dan Dikarantina: saat dimuat. Dihapus: baris yang kemudian dihapus atas permintaan pemilik "
              "data (`lokus person erase`); yang tersimpan kini = Baris + Dikarantina − Dihapus.",
        "en": "Rows and Quarantined: as loaded. Erased: rows removed since at the data subject's request "
              "(`lokus person erase`); held now = Rows + Quarantined − Erased.",
    },
}

register(MESSAGES)

register({
    # usage errors (Click/Typer's sentences, translated in lokus.cli.main)
    "cli.usage.see_help": {"id": "Lihat `{command} --help`.", "en": "See `{command} --help`."},
    "cli.usage.did_you_mean": {"id": "Maksud Anda: {suggestion}?", "en": "Did you mean: {suggestion}?"},
    "cli.usage.no_such_option": {"id": "Opsi {option} tidak ada.", "en": "There is no option {option}."},
    "cli.usage.no_such_command": {"id": "Perintah '{name}' tidak ada.", "en": "There is no command '{name}'."},
    "cli.usage.missing_command": {"id": "Perintah belum disebut.", "en": "No command given."},
    "cli.usage.missing_argument": {"id": "Argumen {name} wajib diisi.", "en": "The argument {name} is required."},
    "cli.usage.missing_option": {"id": "Opsi {name} wajib diisi.", "en": "The option {name} is required."},
    "cli.usage.extra_args": {
        "id": "Argumen berlebih yang tidak dikenal: {args}.",
        "en": "Unexpected extra arguments: {args}.",
    },
    "cli.usage.needs_value": {"id": "Opsi {name} memerlukan nilai.", "en": "The option {name} needs a value."},
    "cli.usage.takes_no_value": {
        "id": "Opsi {name} tidak menerima nilai.", "en": "The option {name} does not take a value.",
    },
    "cli.usage.bad_value": {"id": "Nilai tidak valid untuk {name}: {detail}.",
                            "en": "Invalid value for {name}: {detail}."},
    "cli.usage.value.integer": {"id": "harus bilangan bulat", "en": "it must be a whole number"},
    "cli.usage.value.number": {"id": "harus angka", "en": "it must be a number"},
    "cli.usage.value.boolean": {"id": "harus ya/tidak (true/false)", "en": "it must be true or false"},
    "cli.usage.value.min": {"id": "minimal {limit}", "en": "it must be at least {limit}"},
    "cli.usage.value.above": {"id": "harus lebih dari {limit}", "en": "it must be more than {limit}"},
    "cli.usage.value.max": {"id": "maksimal {limit}", "en": "it must be at most {limit}"},
    "cli.usage.value.below": {"id": "harus kurang dari {limit}", "en": "it must be less than {limit}"},
    "cli.usage.value.choice": {"id": "'{value}' bukan salah satu dari {choices}",
                               "en": "'{value}' is not one of {choices}"},
})

register({
    "cli.regions.summary": {
        "id": "{districts} kecamatan, {villages} desa/kelurahan ({kinds})",
        "en": "{districts} subdistricts (kecamatan), {villages} villages ({kinds})",
    },
    "level.province": {"id": "provinsi", "en": "province"},
    "level.regency": {"id": "kabupaten/kota", "en": "regency/city"},
    "level.district": {"id": "kecamatan", "en": "subdistrict (kecamatan)"},
    "level.village": {"id": "desa/kelurahan", "en": "village"},
})

register({
    "row_kind.quarantine": {"id": "karantina", "en": "quarantine"},
    "row_kind.warning": {"id": "peringatan", "en": "warning"},
})

register({
    "cli.loci.suppressed_note": {"id": "(disamarkan: sel < 5)", "en": "(suppressed: cell < 5)"},
    "cli.loci.diff_summary": {"id": "{entered} masuk, {left} keluar.", "en": "{entered} enter, {left} leave."},
    "cli.loci.diff_compares": {
        "id": "Yang dibandingkan: lokus prioritas — unit yang dipilih tiap kebijakan menurut peringkat, paling "
              "banyak {top} (--top), seperti di paket rapat, peta, gaps dan aplikasi web.",
        "en": "Compared: the priority loci — the units each policy selects, in rank order, at most {top} (--top), "
              "as in the meeting pack, the maps, gaps and the web app.",
    },
    "cli.loci.diff_compares_all": {
        "id": "Yang dibandingkan: semua unit yang dipilih tiap kebijakan (--top 0).",
        "en": "Compared: every unit each policy selects (--top 0).",
    },
    "cli.loci.variants": {"id": "{n} varian (±{delta})", "en": "{n} variants (±{delta})"},
    "cli.loci.ingested": {"id": "{snapshot}: {n} desa lokus stunting", "en": "{snapshot}: {n} stunting-locus villages"},
    "cli.policy.ok": {
        "id": "OK: {name} ({unit}, {n} kriteria, seleksi {selection})",
        "en": "OK: {name} ({unit}, {n} criteria, selection {selection})",
    },
    "policy_unit.village": {"id": "desa/kelurahan", "en": "village"},
    "policy_unit.district": {"id": "kecamatan", "en": "subdistrict (kecamatan)"},
    "policy_unit.regency": {"id": "kabupaten/kota", "en": "regency"},
    "policy_unit.household": {"id": "rumah tangga", "en": "household"},
    "selection.all": {"id": "semua", "en": "all"},
    "selection.top": {"id": "teratas", "en": "top"},
    "selection.threshold": {"id": "ambang", "en": "threshold"},
    "selection.coverage": {"id": "cakupan", "en": "coverage"},
    "selection.quota": {"id": "kuota", "en": "quota"},
})

register({
    "cli.measurements.unchanged": {
        "id": "{snapshot}: berkas yang sama sudah dimuat; tidak ada perubahan.",
        "en": "{snapshot}: the same file is already loaded; nothing changed.",
    },
    "cli.measurements.summary": {
        "id": "{snapshot}: {rows_read} baris dibaca = {accepted} diterima + {quarantined} dikarantina ({reasons}); "
              "{linked} tertaut ke registri; {disagreements} beda z-skor dengan berkas "
              "(lihat `lokus measurements disagreements`).",
        "en": "{snapshot}: {rows_read} rows read = {accepted} accepted + {quarantined} quarantined ({reasons}); "
              "{linked} linked to the registry; {disagreements} z-score disagreements with the file "
              "(see `lokus measurements disagreements`).",
    },
    "cli.measurements.no_registry": {
        "id": "Belum ada registri di workspace ini: anak-anak ditautkan (NIK) saat registri dimuat "
              "(lokus ingest registry).",
        "en": "This workspace holds no registry yet: the children are linked (by NIK) when a registry is loaded "
              "(lokus ingest registry).",
    },
    "cli.stunting.line": {
        "id": "{district}: {stunted} dari {children} balita terukur pendek = {prevalence} (administratif, e-PPGBM)",
        "en": "{district}: {stunted} of {children} measured children stunted = {prevalence} "
              "(administrative, e-PPGBM)",
    },
    "cli.stunting.rank_header": {"id": "Peringkat", "en": "Rank"},
    "cli.stunting.rank_caption": {
        "id": "Peringkat: menurut jumlah balita pendek (terbanyak = 1) di antara desa dengan sedikitnya {minimum} "
              "balita terukur; lokus: prevalensi ≥ {threshold}. {n} lokus.",
        "en": "Rank: by number of stunted children (most = 1) among villages with at least {minimum} measured "
              "children; locus: prevalence ≥ {threshold}. {n} loci.",
    },
    "cli.stunting.rank_caption_top": {
        "id": "--top {top}: hanya peringkat 1–{top} yang dapat menjadi lokus.",
        "en": "--top {top}: only ranks 1–{top} can be loci.",
    },
    "cli.stunting.loci": {
        "id": "{n} lokus stunting → snapshot '{snapshot}'",
        "en": "{n} stunting loci → snapshot '{snapshot}'",
    },
})

register({
    "col.peer_rank": {"id": "Peringkat", "en": "Rank"},
    "fgt_measure.p0": {"id": "P0 (persentase miskin)", "en": "P0 (headcount)"},
    "fgt_measure.p1": {"id": "P1 (kedalaman)", "en": "P1 (poverty gap)"},
    "fgt_measure.p2": {"id": "P2 (keparahan)", "en": "P2 (severity)"},
    "fgt_measure.p0_extreme": {"id": "P0 ekstrem", "en": "P0 extreme"},
})

register({
    "cli.peers.provinces": {"id": "provinsi", "en": "provinces"},
    "cli.peers.regencies": {"id": "kabupaten/kota di {name}", "en": "regencies of {name}"},
    "cli.peers.districts": {"id": "kecamatan di {name}", "en": "subdistricts (kecamatan) of {name}"},
    "cli.peers.villages": {"id": "desa/kelurahan di {name}", "en": "villages of {name}"},
})

register({
    "cli.gaps.title": {
        "id": "Kesenjangan konvergensi ({region}, per {as_of})",
        "en": "Convergence gaps ({region}, as of {as_of})",
    },
    "cli.worklist.title": {"id": "Daftar kerja {name} — per {as_of}", "en": "Worklist {name} — as of {as_of}"},
    "cli.worklist.sheet": {"id": "Daftar kerja", "en": "Worklist"},
    "cli.worklist.blt_title": {"id": "Calon penerima BLT Dana Desa", "en": "BLT Dana Desa candidates"},
    "cli.risk.sheet": {"id": "Keluarga berisiko stunting", "en": "Families at risk of stunting"},
    "cli.participants.sheet": {"id": "Peserta", "en": "Participants"},
    "cli.interventions.recorded": {"id": "{program} {who} {date}: tercatat.", "en": "{program} {who} {date}: recorded."},
    "cli.interventions.unchanged": {
        "id": "Sudah pernah dimuat; tidak ada yang berubah.", "en": "Already imported; nothing changed.",
    },
    "cli.interventions.summary": {
        "id": "{rows_read} baris dibaca: {accepted} dicatat, {quarantined} dikarantina.",
        "en": "{rows_read} rows read: {accepted} recorded, {quarantined} quarantined.",
    },
    "program_unit.household": {"id": "rumah tangga", "en": "household"},
    "program_unit.person": {"id": "orang", "en": "person"},
})

register({
    "cli.gaps.region.loci": {"id": "lokus prioritas", "en": "priority loci"},
    "cli.gaps.region.all": {"id": "semua desa", "en": "all villages"},
    "cli.demo.step.generate": {
        "id": "Membuat registri sintetis Lampung Barat …", "en": "Generating the synthetic Lampung Barat registry …",
    },
    "cli.demo.step.ingest": {
        "id": "Memuat berkas P3KE lewat jalur impor biasa …",
        "en": "Loading the P3KE file through the normal ingest path …",
    },
    "cli.demo.step.measurements": {
        "id": "Memuat hasil penimbangan posyandu (e-PPGBM, Agustus 2022) dan menghitung z-skor WHO …",
        "en": "Loading posyandu measurements (e-PPGBM, August 2022) and computing WHO z-scores …",
    },
    "cli.demo.step.stunting": {
        "id": "Menentukan lokus stunting 2022 dari data balita …",
        "en": "Deriving the 2022 stunting loci from the children's data …",
    },
    "cli.demo.step.rank": {
        "id": "Menerapkan aturan lokus prioritas Lampung Barat 2022 …",
        "en": "Applying the Lampung Barat 2022 priority rule …",
    },
    "cli.demo.step.programs": {
        "id": "Memuat daftar penerima program dan menghitung kesenjangan di lokus …",
        "en": "Loading program recipient lists and computing the gaps in the loci …",
    },
    "cli.demo.step.pack": {
        "id": "Menyusun paket rapat (PDF, Excel, peta) …",
        "en": "Building the meeting pack (PDF, Excel, maps) …",
    },
    "cli.demo.registry": {
        "id": "  {rows_read} baris dibaca: {accepted} diterima, {quarantined} dikarantina ({reasons}).",
        "en": "  {rows_read} rows read: {accepted} accepted, {quarantined} quarantined ({reasons}).",
    },
    "cli.demo.measurements": {
        "id": "  {rows_read} pengukuran: {accepted} diterima, {quarantined} dikarantina; {linked} balita tertaut ke "
              "registri lewat NIK; {disagreements} baris z-skor berkas berbeda dari WHO (disimpan, didaftar).",
        "en": "  {rows_read} measurements: {accepted} accepted, {quarantined} quarantined; {linked} children linked "
              "to the registry by NIK; {disagreements} rows where the file's z-score differs from WHO (kept, listed).",
    },
    "cli.demo.stunting": {
        "id": "  Stunting (TB/U < -2 SD): {stunted} dari {children} balita = {prevalence} (SSGI 2022: {ssgi}); "
              "{loci} desa lokus stunting.",
        "en": "  Stunting (height-for-age < -2 SD): {stunted} of {children} children = {prevalence} "
              "(SSGI 2022: {ssgi}); {loci} stunting-locus villages.",
    },
    "cli.demo.ranking_title": {
        "id": "Lokus prioritas Lampung Barat 2022 ({top} teratas dari {total} pekon/kelurahan)",
        "en": "Priority villages, Lampung Barat 2022 (top {top} of {total})",
    },
    "cli.demo.gaps_title": {
        "id": "Kesenjangan cakupan program di 20 lokus prioritas",
        "en": "Coverage gaps in the 20 priority villages",
    },
    "cli.demo.ranking_file": {"id": "Peringkat", "en": "Ranking"},
    "cli.demo.done": {
        "id": "Selesai dalam {seconds} dtk. Selanjutnya: {next}.",
        "en": "Done in {seconds} s. Next: {next}.",
    },
    "cli.loci.priority_caption": {
        "id": "Lokus prioritas = ya: {top} unit terpilih teratas menurut peringkat, sama dengan paket rapat, "
        "peta, `lokus gaps`, `lokus loci diff` dan aplikasi web.",
        "en": "Priority locus = yes: the top {top} selected units by rank, the same as the meeting pack, the "
        "maps, `lokus gaps`, `lokus loci diff` and the web app.",
    },
    "cli.loci.written": {"id": "Ditulis ke {path} ({rows}).", "en": "Written to {path} ({rows})."},
    "error.demo.district_option": {
        "id": "{option} hanya berlaku untuk --scale province atau national; demo kabupaten selalu memakai "
              "Lampung Barat sintetis (sekitar 314.000 orang) dengan batas memori bawaan.",
        "en": "{option} applies only to --scale province or national; the district demo always uses the "
              "synthetic Lampung Barat (about 314,000 people) with the default memory limit.",
    },
})

register({
    "cli.help.arguments": {"id": "Argumen", "en": "Arguments"},
    "cli.help.options": {"id": "Opsi", "en": "Options"},
    "cli.help.commands": {"id": "Perintah", "en": "Commands"},
    "cli.help.default": {"id": "[bawaan: {}]", "en": "[default: {}]"},
    "cli.help.envvar": {"id": "[variabel lingkungan: {}]", "en": "[env var: {}]"},
    "cli.help.required": {"id": "[wajib]", "en": "[required]"},
})
