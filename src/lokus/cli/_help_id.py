"""Bahasa Indonesia for the command-line help, keyed by the English source text (gettext style).

The code keeps its help in English (command docstrings, group ``help=``, option ``help=``).
:func:`lokus.cli.main.run` walks the Click command tree before parsing and puts every help text
through :func:`translate`, so ``lokus --help`` and ``lokus <cmd> --help`` are Bahasa Indonesia by
default and English with ``--lang en``. The entries are registered in the one language layer
(:mod:`lokus.i18n`) under ``help.<English text>``.

A new or changed help text needs an entry in :data:`HELP_ID`; ``tests/cli/test_help_language.py``
fails with the missing English texts as lines ready to paste here. Terms follow the other
catalogues: desa/kecamatan/kabupaten, desil, registri, lokus prioritas, berkas, dinas, lembar,
bawaan (default), mis. (e.g.); "workspace" and "snapshot" stay as product terms. Keep option values
(``village``, ``office``, ``table``) as typed, glossed in Indonesian where it helps.
"""

from __future__ import annotations

import inspect

from lokus.i18n import has, register, t

__all__ = ["HELP_ID", "help_key", "paragraphs", "translate"]

HELP_PREFIX = "help."


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a help text as the catalogue keys them: blank-line separated, each with its
    whitespace collapsed to single spaces (a ``\\b`` no-rewrap paragraph is kept verbatim)."""
    out = []
    for para in inspect.cleandoc(text).split("\n\n"):
        out.append(para if para.startswith("\b") else " ".join(para.split()))
    return [p for p in out if p]


def help_key(paragraph: str) -> str:
    """The :mod:`lokus.i18n` key of one help paragraph (English source text)."""
    return HELP_PREFIX + paragraph


def translate(text: str | None, lang: str) -> str | None:
    """``text`` (an English help text, one or more paragraphs) in ``lang``; a paragraph without a
    catalogue entry stays English. ``None`` stays ``None``."""
    if not text:
        return text
    head, sep, tail = text.partition("\f")  # Click: what follows \\f is never shown
    out = "\n\n".join(t(help_key(p), lang) if has(help_key(p)) else p for p in paragraphs(head))
    return out + sep + tail


def _brace_safe(text: str) -> str:
    # lokus.i18n formats every message; doubled braces come back as written.
    return text.replace("{", "{{").replace("}", "}}")


# English (as written in the code) → Bahasa Indonesia.
HELP_ID: dict[str, str] = {
    "district (Lampung Barat, with the meeting pack), province (synthetic Lampung) or national (synthetic Indonesia, all 83,762 villages).": "district (Lampung Barat, dengan paket rapat), province (Lampung sintetis) atau national (Indonesia sintetis, seluruh 83.762 desa).",
    "People for --scale province|national, e.g. 2.7M (default: 940k for the province, 2.7M = 1% for the country).": "Jumlah penduduk untuk --scale province|national, mis. 2.7M (bawaan: 940k untuk provinsi, 2.7M = 1% untuk nasional).",
    "DuckDB memory limit for --scale province|national, e.g. 3GB (the default; beyond it DuckDB spills to disk).":
        "Batas memori DuckDB untuk --scale province|national, mis. 3GB (bawaan; di atasnya DuckDB menulis ke disk).",
    "DuckDB memory limit, e.g. 3GB (spills to disk beyond; default LOKUS_MEMORY_LIMIT).": "Batas memori DuckDB, mis. 3GB (di atasnya ditulis ke disk; bawaan LOKUS_MEMORY_LIMIT).",
    "Add figures (with their sources) to the workspace; bad rows are quarantined.": "Tambahkan angka (beserta sumbernya) ke workspace; baris yang salah dikarantina.",
    "DuckDB memory limit for the load, e.g. 1GB (spills to disk beyond).": "Batas memori DuckDB untuk pemuatan, mis. 1GB (di atasnya ditulis ke disk).",
    "Parquet compression: none (fastest), snappy (files about 3x smaller), lz4, zstd.": "Kompresi Parquet: none (tercepat), snappy (berkas sekitar 3x lebih kecil), lz4, zstd.",
    # lokus (global options) and Click's own help option
    "lokus: priority loci for extreme poverty and stunting.":
        "lokus: lokus prioritas penanganan kemiskinan ekstrem dan stunting.",
    "Workspace file (DuckDB). Default: ./lokus.duckdb.": "Berkas workspace (DuckDB). Bawaan: ./lokus.duckdb.",
    "Language: id (default) or en.": "Bahasa: id (bawaan) atau en.",
    "Show tracebacks.": "Tampilkan traceback (untuk melaporkan kesalahan).",
    "Show version.": "Tampilkan versi.",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    # shared options
    "table, csv or json.": "table, csv atau json.",
    "csv (default), json or table.": "csv (bawaan), json atau table.",
    'Map a field to a header lokus does not know: FIELD="Header as written" (repeatable), '
    'e.g. --column decile="Desil Kesejahteraan (1-10)".':
        'Petakan sebuah field ke judul kolom yang belum dikenal lokus: FIELD="Judul seperti tertulis" '
        '(boleh diulang), mis. --column decile="Desil Kesejahteraan (1-10)".',
    'TOML file of FIELD = "Header as written" lines (see docs/reference/input-files.md).':
        'Berkas TOML berisi baris FIELD = "Judul seperti tertulis" (lihat docs/reference/input-files.md).',
    "Replace an existing snapshot of the same name that holds a different file.":
        "Ganti snapshot bernama sama yang sudah ada tetapi berisi berkas lain.",
    "Registry snapshot (default: the latest).": "Snapshot registri (bawaan: yang terbaru).",
    "Registry snapshot (default: the policy's, else the latest).":
        "Snapshot registri (bawaan: yang disebut kebijakan; bila tidak disebut, yang terbaru).",
    "Priority loci to use (default 20).": "Jumlah lokus prioritas yang dipakai (bawaan 20).",
    "Priority loci (default 20).": "Jumlah lokus prioritas (bawaan 20).",
    "Region code, or 'national' (also 'all') for every village (default: the priority loci).":
        "Kode wilayah, atau 'national' (juga 'all') untuk semua desa (bawaan: lokus prioritas).",
    "Only this program.": "Hanya program ini.",
    "Workbook sheet.": "Lembar buku kerja.",
    "Reference date yyyy-mm-dd.": "Tanggal acuan yyyy-mm-dd.",
    "Replace NIK, KK and names by keyed HMACs.": "Ganti NIK, KK dan nama dengan HMAC berkunci (pseudonim).",
    "Also write FILE.xlsx, FILE.csv or FILE.json.": "Tulis juga ke BERKAS.xlsx, BERKAS.csv atau BERKAS.json.",
    "Built-in policy name or a .toml file.": "Nama kebijakan bawaan atau berkas .toml.",
    "Built-in policy name or a .toml file (default: lampung-barat-2022).":
        "Nama kebijakan bawaan atau berkas .toml (bawaan: lampung-barat-2022).",
    "Region code, e.g. 18.04.": "Kode wilayah, mis. 18.04.",
    "Login name.": "Nama pengguna.",
    "Read the password from stdin.": "Baca kata sandi dari stdin.",
    "Program catalogue TOML.": "Katalog program (TOML).",
    "Compare with this saved meeting (default: the latest).":
        "Bandingkan dengan rapat tersimpan ini (bawaan: yang terakhir).",
    # anthro
    "Child growth (WHO 2006 standards).": "Pertumbuhan anak (standar WHO 2006).",
    "Draw one child's length/height-for-age chart over the WHO curves (-3, -2, 0, +2, +3 SD).":
        "Gambar grafik panjang/tinggi badan menurut umur (PB/U, TB/U) seorang anak di atas kurva WHO "
        "(-3, -2, 0, +2, +3 SD).",
    "CSV, XLSX or Parquet of measurements with a child id column.":
        "Berkas pengukuran CSV, XLSX atau Parquet dengan kolom id anak.",
    "The child's id (value of the id column).": "Id anak (nilai di kolom id).",
    "Output image: .png or .svg.": "Gambar keluaran: .png atau .svg.",
    "Id column; default child_id, id, id_anak, NIK.": "Kolom id; bawaan child_id, id, id_anak, NIK.",
    "CSV and Parquet are read and written in batches: memory stays bounded whatever the file's size.":
        "CSV dan Parquet dibaca dan ditulis per kelompok baris: memori tetap terbatas berapa pun ukuran berkasnya.",
    "CSV and Parquet are read in batches (bounded memory), except with --cluster or --strata.":
        "CSV dan Parquet dibaca per kelompok baris (memori terbatas), kecuali dengan --cluster atau --strata.",
    "Stunting, wasting, underweight and overweight prevalence with 95% CI, as WHO anthro computes it.":
        "Prevalensi stunting, wasting, underweight dan overweight dengan IK 95%, dihitung seperti WHO anthro.",
    "CSV, XLSX or Parquet of measurements (as for `anthro zscores`).":
        "Berkas pengukuran CSV, XLSX atau Parquet (seperti untuk `anthro zscores`).",
    "Also group by this column (repeatable).": "Kelompokkan juga menurut kolom ini (boleh diulang).",
    "Column of sampling weights.": "Kolom penimbang sampel.",
    "Column of clusters (PSU).": "Kolom klaster (PSU).",
    "Column of strata.": "Kolom strata.",
    "All columns of anthro_prevalence.": "Semua kolom anthro_prevalence.",
    "Add WHO z-scores (zlen, zwei, zwfl, zbmi), flags and reasons to every row of INPUT.":
        "Tambahkan z-skor WHO (zlen, zwei, zwfl, zbmi), penanda dan alasannya ke setiap baris INPUT.",
    "CSV, XLSX or Parquet with sex, age_days (or birth_date + measure_date), weight_kg, lenhei_cm, "
    "measure, oedema.":
        "CSV, XLSX atau Parquet dengan sex, age_days (atau birth_date + measure_date), weight_kg, lenhei_cm, "
        "measure, oedema.",
    "Output file: .csv, .xlsx or .parquet.": "Berkas keluaran: .csv, .xlsx atau .parquet.",
    # audit
    "Audit trail of personal-data views.": "Jejak audit akses data pribadi.",
    "Print the audit chain's head (newest row number and hash) to keep outside the workspace.":
        "Cetak kepala rantai audit (nomor baris terbaru dan hash-nya) untuk disimpan di luar workspace.",
    "Write the head (JSON) to this file.": "Tulis kepala rantai (JSON) ke berkas ini.",
    "Who viewed or exported personal data (NIK, names), when, and how many rows.":
        "Siapa yang melihat atau mengekspor data pribadi (NIK, nama), kapan, dan berapa baris.",
    "Check the audit trail's hash chain; name every edited, inserted or removed row.":
        "Periksa rantai hash jejak audit; sebutkan setiap baris yang diubah, disisipkan atau dihapus.",
    "A chain head saved by `lokus audit head` (file or JSON).":
        "Kepala rantai yang disimpan dengan `lokus audit head` (berkas atau JSON).",
    # demo
    "Run the demo: a synthetic district from registry file to priority villages.":
        "Jalankan demo: kabupaten sintetis, dari berkas registri sampai desa lokus prioritas.",
    "Random seed; the same seed gives the same district.": "Benih acak; benih yang sama menghasilkan kabupaten yang sama.",
    "Where the demo writes its files.": "Folder tempat demo menulis berkasnya.",
    "How many villages to show.": "Jumlah desa yang ditampilkan.",
    # convergence: gaps, worklist, stunting-risk, participants, programs, interventions
    "Coverage gaps (exclusion) and inclusion errors per program, village or office.":
        "Kesenjangan cakupan (galat eksklusi) dan galat inklusi per program, desa atau dinas.",
    "program, village, office or household.":
        "program, village (desa), office (dinas) atau household (rumah tangga).",
    "Reference date yyyy-mm-dd (default: end of the lists' period).":
        "Tanggal acuan yyyy-mm-dd (bawaan: akhir periode daftar penerima).",
    "Save the current gaps as this meeting.": "Simpan kesenjangan saat ini sebagai rapat dengan nama ini.",
    "Also save the current gaps as this meeting.": "Simpan juga kesenjangan saat ini sebagai rapat dengan nama ini.",
    "Households and what they lack, in priority order, for one office or one village.":
        "Rumah tangga dan program yang belum mereka terima, menurut urutan prioritas, untuk satu dinas "
        "atau satu desa.",
    "dinsos, dinkes, pupr, dpmd, bpjs or disdik.": "dinsos, dinkes, pupr, dpmd, bpjs atau disdik.",
    "Village code, e.g. 18.04.04.2002.": "Kode desa, mis. 18.04.04.2002.",
    "Write the worklist to FILE.xlsx or FILE.csv.": "Tulis daftar kerja ke BERKAS.xlsx atau BERKAS.csv.",
    "Families at risk of stunting (decile ≤ 2 with a child under two, a pregnant woman or a stunted child).":
        "Keluarga berisiko stunting (desil ≤ 2 dengan baduta, ibu hamil atau balita stunting).",
    "The meeting's participants: the peratin of each poverty locus, the bidan of each stunting locus.":
        "Peserta rapat: peratin setiap lokus kemiskinan, bidan setiap lokus stunting.",
    "The program catalogue.": "Katalog program.",
    "The programs, their offices, units, eligibility rules and regulations.":
        "Daftar program beserta dinas, satuan sasaran, aturan kelayakan dan dasar hukumnya.",
    "Program catalogue TOML (default: the workspace's).": "Katalog program (TOML) (bawaan: yang ada di workspace).",
    "One program in full: who is eligible in plain words and the exact rule lokus applies.":
        "Satu program selengkapnya: siapa yang berhak dalam kata-kata dan aturan persis yang diterapkan lokus.",
    "Recipients whose NIK and KK are not in the registry (inclusion errors to verify).":
        "Penerima yang NIK dan KK-nya tidak ada di registri (galat inklusi yang perlu diverifikasi).",
    "Deliveries recorded between meetings.": "Intervensi yang sudah diberikan, dicatat di antara rapat.",
    "Record one delivery.": "Catat satu intervensi yang sudah diberikan.",
    "Program code, e.g. PKH.": "Kode program, mis. PKH.",
    "Delivery date yyyy-mm-dd.": "Tanggal pemberian yyyy-mm-dd.",
    "Recipient NIK.": "NIK penerima.",
    "Family card number (when there is no NIK).": "Nomor Kartu Keluarga (KK) bila tidak ada NIK.",
    "A short note.": "Catatan singkat.",
    "Import a file of deliveries; bad rows are quarantined with a reason.":
        "Impor berkas intervensi yang sudah diberikan; baris yang salah dikarantina beserta alasannya.",
    "CSV/XLSX with NIK or NO_KK, program, tanggal (date), keterangan.":
        "CSV/XLSX dengan NIK atau NO_KK, program, tanggal, keterangan.",
    "Recorded deliveries, newest first.": "Intervensi yang tercatat, yang terbaru dahulu.",
    # indicators, targets, poverty
    "Published indicators and comparisons.": "Indikator terbitan dan perbandingan.",
    "CSV with region_code, indicator, year, value, source.": "CSV dengan region_code, indicator, year, value, source.",
    "Chart the trend vs the target path, or the region among its peers.":
        "Grafik tren terhadap lintasan target, atau posisi wilayah di antara wilayah setingkatnya.",
    "e.g. stunting, poverty_rate_p0.": "mis. stunting, poverty_rate_p0.",
    "e.g. poverty_rate_p0, stunting.": "mis. poverty_rate_p0, stunting.",
    "Output file, .png or .svg.": "Berkas keluaran, .png atau .svg.",
    "trend (with target path) or peers.":
        "trend (tren dengan lintasan target) atau peers (wilayah setingkat).",
    "Year for the peers chart (default: latest).": "Tahun untuk grafik wilayah setingkat (bawaan: yang terbaru).",
    "Administrative figures beside survey estimates (SSGI; BPS rate × population).":
        "Angka administratif di samping estimasi survei (SSGI; persentase BPS × jumlah penduduk).",
    "Administrative stunting, percent.": "Stunting administratif, persen.",
    "Registry extreme poor, persons.": "Penduduk miskin ekstrem menurut registri, jiwa.",
    "Registry decile-1 persons.": "Penduduk desil 1 menurut registri, jiwa.",
    "Where the administrative figures come from.": "Sumber angka administratif.",
    "The registered indicators.": "Indikator yang terdaftar.",
    "The region beside its province and the nation, by year, with its rank among peers.":
        "Wilayah di samping provinsi dan nasional, per tahun, beserta peringkatnya di antara wilayah setingkat.",
    "Region code, e.g. 18.04 (Lampung Barat), 18, or ID.": "Kode wilayah, mis. 18.04 (Lampung Barat), 18, atau ID.",
    "Targets and progress.": "Target dan capaian.",
    "Latest figure vs the linear target path, and the annual reduction still needed.":
        "Angka terakhir terhadap lintasan target linear, dan penurunan per tahun yang masih diperlukan.",
    "Region code, e.g. 18.04, or ID.": "Kode wilayah, mis. 18.04, atau ID.",
    "TOML or CSV: indicator, region, value, year, source.": "TOML atau CSV: indicator, region, value, year, source.",
    "FGT poverty measures.": "Ukuran kemiskinan FGT.",
    "FGT P0, P1, P2 and the extreme headcount with design-based SEs and 95% CIs.":
        "FGT P0, P1, P2 dan persentase penduduk miskin ekstrem, dengan galat baku (SE) menurut desain "
        "survei dan IK 95%.",
    "Survey microdata: CSV, XLSX or Parquet.": "Data mikro survei: CSV, XLSX atau Parquet.",
    "Poverty line, rupiah per capita per month (written as in files: 500000, 500.000 or Rp 500.000).":
        "Garis kemiskinan, rupiah per kapita per bulan (ditulis seperti di berkas: 500000, 500.000 atau "
        "Rp 500.000).",
    "Extreme line, rupiah per capita per month (default 10,739 × 30.4375).":
        "Garis kemiskinan ekstrem, rupiah per kapita per bulan (bawaan 10.739 × 30,4375).",
    "Per-capita consumption column.": "Kolom pengeluaran per kapita.",
    "Household weight column.": "Kolom penimbang rumah tangga.",
    "Stratum column.": "Kolom strata.",
    "PSU (cluster) column.": "Kolom PSU (klaster).",
    "Household size column (person-level measures).": "Kolom jumlah anggota rumah tangga (untuk ukuran per orang).",
    "Report by this column too (e.g. village code).": "Laporkan juga menurut kolom ini (mis. kode desa).",
    # ingest
    "Load files into the workspace.": "Muat berkas ke workspace.",
    "Load child measurements, compute WHO z-scores, link children to the registry.":
        "Muat data pengukuran balita, hitung z-skor WHO, tautkan anak ke registri.",
    "e-PPGBM export (CSV, XLSX, XLS/HTML) or a canonical table.": "Ekspor e-PPGBM (CSV, XLSX, XLS/HTML) atau tabel baku.",
    "Snapshot name (default: eppgbm-<file name>).": "Nama snapshot (bawaan: eppgbm-<nama berkas>).",
    "Quarantine children outside this region.": "Karantina anak di luar wilayah ini.",
    "Registry snapshot to link NIKs (default: latest).": "Snapshot registri untuk menautkan NIK (bawaan: yang terbaru).",
    "Write the summary as JSON here.": "Tulis ringkasan sebagai JSON ke sini.",
    "Also write the summary as JSON here.": "Tulis juga ringkasan sebagai JSON ke sini.",
    "Load a program's recipient list, matched to the registry by NIK or KK.":
        "Muat daftar penerima suatu program, dicocokkan ke registri lewat NIK atau KK.",
    "Recipient list: CSV/TSV, XLSX/XLS, HTML-as-XLS or Parquet.":
        "Daftar penerima: CSV/TSV, XLSX/XLS, HTML berformat XLS atau Parquet.",
    "Program code from the catalogue, e.g. PKH.": "Kode program dari katalog, mis. PKH.",
    "Period of the list, YYYY-MM.": "Periode daftar, YYYY-MM.",
    "Snapshot name (default <program>-<period>).": "Nama snapshot (bawaan <program>-<periode>).",
    "Program catalogue TOML (kept in the workspace).": "Katalog program (TOML) (disimpan di workspace).",
    "Registry snapshot to match (default: latest).": "Snapshot registri untuk pencocokan (bawaan: yang terbaru).",
    "Workbook sheet (default: the first non-empty one).": "Lembar buku kerja (bawaan: lembar pertama yang berisi).",
    "Load a DTKS, P3KE or DTSEN export: validate, quarantine bad rows, store a snapshot.":
        "Muat ekspor DTKS, P3KE atau DTSEN: validasi, karantina baris yang salah, simpan sebagai snapshot.",
    "CSV/TSV, XLSX/XLS, HTML-as-XLS or Parquet file.": "Berkas CSV/TSV, XLSX/XLS, HTML berformat XLS atau Parquet.",
    "Snapshot name (default <format>-<year or date>).": "Nama snapshot (bawaan <format>-<tahun atau tanggal>).",
    "Source layout.": "Format berkas sumber (susunan kolomnya).",
    "Workbook sheet (default: the best-matching one).": "Lembar buku kerja (bawaan: lembar yang paling cocok).",
    "Quarantine villages outside this region code.": "Karantina desa di luar kode wilayah ini.",
    "Quarantine villages outside this region.": "Karantina desa di luar wilayah ini.",
    "Load a list of stunting-locus villages (bad or outside codes are quarantined).":
        "Muat daftar desa lokus stunting (kode yang salah atau di luar wilayah dikarantina).",
    "CSV with a village-code column (kode_wilayah / village_code).":
        "CSV dengan kolom kode desa (kode_wilayah / village_code).",
    "Snapshot name, e.g. stunting-2022.": "Nama snapshot, mis. stunting-2022.",
    # loci, policy, map
    "Priority villages, ranked and explained.": "Lokus prioritas: peringkat desa beserta penjelasannya.",
    "Stunting-loci snapshot or CSV file (default: the latest, if any).":
        "Snapshot lokus stunting atau berkas CSV (bawaan: yang terbaru, bila ada).",
    "Region whose units are ranked: a Kemendagri code or 'national' (default: the policy's, else 18.04).":
        "Wilayah yang unit-unitnya diperingkat: kode Kemendagri atau 'national' (bawaan: yang disebut kebijakan; "
        "bila tidak disebut, 18.04).",
    "Show only the first N units.": "Tampilkan hanya N unit teratas.",
    "Also write the full ranking to this .csv, .xlsx or .json file.":
        "Tulis juga seluruh peringkat ke berkas .csv, .xlsx atau .json ini.",
    "Rank stability when weights/thresholds move ±20% (or vs --registry-b).":
        "Kestabilan peringkat bila bobot/ambang bergeser ±20% (atau dibandingkan dengan --registry-b).",
    "With --sensitivity: also compare this snapshot.": "Dengan --sensitivity: bandingkan juga dengan snapshot ini.",
    "With --sensitivity: relative move.": "Dengan --sensitivity: besar pergeseran relatif.",
    "For publication: blank counts of 1-9 and the cells that would reveal them through totals.":
        "Untuk publikasi: kosongkan angka 1–9 dan sel yang dapat membukanya lewat jumlah total.",
    "duckdb (default) or spark (LOKUS_SPARK_MASTER, LOKUS_SPARK_TABLES; see docs/engines.md).":
        "duckdb (bawaan) atau spark (LOKUS_SPARK_MASTER, LOKUS_SPARK_TABLES; lihat docs/engines.md).",
    "Which units enter and leave the priority loci between two policies or two snapshots, and why.":
        "Unit mana yang masuk dan keluar dari lokus prioritas di antara dua kebijakan atau dua snapshot, dan "
        "mengapa.",
    "Priority loci compared: the first N selected units of each ranking (0 = every selected unit).":
        "Lokus prioritas yang dibandingkan: N unit terpilih teratas dari tiap peringkat (0 = semua unit terpilih).",
    "Second policy (default: the same as --policy).": "Kebijakan kedua (bawaan: sama dengan --policy).",
    "Second registry snapshot (default: the same).": "Snapshot registri kedua (bawaan: yang sama).",
    "List every unit, not only those that change.": "Daftarkan semua unit, bukan hanya yang berubah.",
    "Also write the comparison to this .csv, .xlsx or .json file.":
        "Tulis juga perbandingannya ke berkas .csv, .xlsx atau .json ini.",
    "Why a unit is (not) selected, and what would change it.":
        "Mengapa suatu unit terpilih (atau tidak), dan apa yang akan mengubahnya.",
    "Unit code, e.g. 18.04.04.2002 or 1804042002.": "Kode unit, mis. 18.04.04.2002 atau 1804042002.",
    "Priority-locus policies.": "Kebijakan lokus prioritas.",
    "Validate a policy file: one sentence naming the key, line and valid options if it is wrong.":
        "Periksa berkas kebijakan: bila salah, satu kalimat menyebut kunci, baris dan pilihan yang valid.",
    "Policy file (.toml) to validate.": "Berkas kebijakan (.toml) yang diperiksa.",
    "The built-in policies.": "Kebijakan bawaan.",
    "Print a policy file (built-in or yours).": "Cetak isi berkas kebijakan (bawaan atau milik Anda).",
    "A choropleth map of an indicator by village or kecamatan, with the loci hatched and labelled.":
        "Peta tematik (koroplet) suatu indikator per desa atau kecamatan, dengan lokus diarsir dan diberi label.",
    "loci, decile1_share, decile1_households, decile1_people, stunting_prevalence or stunted_children.":
        "loci, decile1_share, decile1_households, decile1_people, stunting_prevalence atau stunted_children.",
    "District 18.04 or one of its kecamatan, e.g. 18.04.04.":
        "Kabupaten 18.04 atau salah satu kecamatannya, mis. 18.04.04.",
    "village or kecamatan.": "village (desa) atau kecamatan.",
    "FILE.png or FILE.svg.": "BERKAS.png atau BERKAS.svg.",
    # measurements, stunting
    "Child measurements.": "Data pengukuran balita.",
    "Rows where the file's own z-scores differ from lokus's WHO computation (> 0.1).":
        "Baris dengan z-skor dari berkas yang berbeda dari hitungan WHO oleh lokus (selisih > 0,1).",
    "Measurement snapshot (default: latest).": "Snapshot pengukuran (bawaan: yang terbaru).",
    "Stunting loci from child data.": "Lokus stunting dari data balita.",
    "Rank villages by stunted children (latest measurement per child) and mark stunting loci.":
        "Peringkat desa menurut jumlah balita stunting (pengukuran terakhir tiap anak) dan tandai lokus stunting.",
    "Region whose villages are ranked (default 18.04).": "Wilayah yang desanya diperingkat (bawaan 18.04).",
    "Write the loci as this stunting-loci snapshot.": "Simpan lokus sebagai snapshot lokus stunting dengan nama ini.",
    "Minimum measured children.": "Jumlah minimum balita terukur.",
    "Minimum prevalence (%) for a locus.": "Prevalensi minimum (%) untuk menjadi lokus.",
    "At most N loci (most stunted children).": "Paling banyak N lokus (balita stunting terbanyak).",
    # nik, person, pseudonym, workspace
    "Check NIKs.": "Periksa NIK.",
    "Check NIKs and show what they encode.": "Periksa NIK dan tampilkan informasi yang terkandung di dalamnya.",
    "One or more NIKs.": "Satu NIK atau lebih.",
    "Data-subject rights: erase, restore, export.": "Hak subjek data: hapus, pulihkan, ekspor.",
    "Confirm: later loads accept this person's rows again.":
        "Konfirmasi: pemuatan berikutnya menerima lagi baris orang ini.",
    "Lift an erasure (a mistaken NIK, or the person asks to be included again): later loads accept their rows.":
        "Cabut penghapusan (NIK keliru, atau orang tersebut minta dimasukkan lagi): pemuatan berikutnya menerima "
        "barisnya.",
    "Erase a person from every snapshot, quarantine, derived table and audit detail; rewrite the file.":
        "Hapus seseorang dari setiap snapshot, karantina, tabel turunan dan rincian audit; tulis ulang berkasnya.",
    "The person's 16-digit NIK.": "NIK orang tersebut (16 digit).",
    "Confirm: erasure cannot be undone.": "Konfirmasi: penghapusan tidak dapat dibatalkan.",
    "Everything held about a person (every table) and the audit rows that touched them.":
        "Semua data yang disimpan tentang seseorang (setiap tabel) dan baris audit yang menyangkut dirinya.",
    "Workbook (.xlsx) or JSON file to write.": "Berkas buku kerja (.xlsx) atau JSON yang ditulis.",
    "Pseudonym key.": "Kunci pseudonim.",
    "Make a new pseudonym key (the old one is kept beside it, renamed); new pseudonyms will differ.":
        "Buat kunci pseudonim baru (kunci lama disimpan di sebelahnya dengan nama lain); pseudonim baru "
        "akan berbeda.",
    "Workspace housekeeping.": "Pemeliharaan workspace.",
    "Rewrite the workspace file, reclaiming what deleted, replaced or interrupted loads left.":
        "Tulis ulang berkas workspace untuk membebaskan ruang sisa data yang dihapus atau diganti dan sisa "
        "pemuatan yang terputus.",
    "Also delete quarantined rows older than this many days (default: $LOKUS_QUARANTINE_RETENTION_DAYS).":
        "Hapus juga baris karantina yang berumur lebih dari sekian hari "
        "(bawaan: $LOKUS_QUARANTINE_RETENTION_DAYS).",
    "Also blank audit identifiers older than this many days (default: $LOKUS_AUDIT_DETAIL_RETENTION_DAYS).":
        "Kosongkan juga identitas di catatan audit yang berumur lebih dari sekian hari "
        "(bawaan: $LOKUS_AUDIT_DETAIL_RETENTION_DAYS).",
    # quarantine
    "Rows rejected at ingest.": "Baris yang ditolak saat ingest.",
    "Export every quarantined row with all its raw cells (CSV: one raw:<header> column each).":
        "Ekspor setiap baris karantina dengan semua sel mentahnya (CSV: satu kolom raw:<judul> per sel).",
    "Only this snapshot (default: every snapshot, of --kind if given).":
        "Hanya snapshot ini (bawaan: semua snapshot, dari jenis --kind bila disebut).",
    "Kind of snapshot: registry, measurements, programs, …": "Jenis snapshot: registry, measurements, programs, …",
    "Write to this file (.csv, .xlsx, .json) instead of standard output.":
        "Tulis ke berkas ini (.csv, .xlsx, .json), bukan ke layar (keluaran standar).",
    "Show the rows rejected at ingest, with their reasons (any kind of snapshot).":
        "Tampilkan baris yang ditolak saat ingest beserta alasannya (snapshot jenis apa pun).",
    "Snapshot of any kind (default: the latest of --kind, else the latest registry snapshot).":
        "Snapshot jenis apa pun (bawaan: yang terbaru dari jenis --kind; tanpa --kind, snapshot registri "
        "terbaru).",
    "Rows to show in the table (0 = all); CSV and JSON give every row.":
        "Jumlah baris yang ditampilkan di tabel (0 = semua); CSV dan JSON memberi semua baris.",
    "Also write all rows (every raw cell) to this CSV, XLSX or JSON file.":
        "Tulis juga semua baris (setiap sel mentah) ke berkas CSV, XLSX atau JSON ini.",
    # regions
    "Kemendagri region codes.": "Kode wilayah Kemendagri.",
    "Find regions by name.": "Cari wilayah menurut nama.",
    "Part of a name, e.g. 'liwa'.": "Sebagian nama, mis. 'liwa'.",
    "Restrict to one level.": "Batasi pada satu tingkat wilayah.",
    "List the regions under CODE (default: its villages).": "Daftar wilayah di bawah KODE (bawaan: desa-desanya).",
    "Region code, e.g. 18.04 or 1804.": "Kode wilayah, mis. 18.04 atau 1804.",
    "province, regency, district or village.":
        "province (provinsi), regency (kabupaten/kota), district (kecamatan) atau village (desa/kelurahan).",
    # report, serve, users
    "Files for the meeting.": "Berkas untuk rapat.",
    "The meeting pack: PDF brief, Excel workbook, maps (PNG, SVG) and manifest.json.":
        "Paket rapat: ringkasan PDF, buku kerja Excel, peta (PNG, SVG) dan manifest.json.",
    "Folder for the pack's files.": "Folder untuk berkas-berkas paket.",
    "Meeting date yyyy-mm-dd (default: today).": "Tanggal rapat yyyy-mm-dd (bawaan: hari ini).",
    "Meeting place, printed on the cover and attendance sheet.": "Tempat rapat, dicetak di sampul dan daftar hadir.",
    "Replace NIK, KK and names by keyed HMACs (copies that leave the district).":
        "Ganti NIK, KK dan nama dengan HMAC berkunci (untuk salinan yang dibawa ke luar kabupaten).",
    "Serve the web app and the REST API (/api/, OpenAPI at /api/openapi.json) over the workspace.":
        "Jalankan aplikasi web dan REST API (/api/, OpenAPI di /api/openapi.json) dengan data workspace.",
    "Address to listen on (0.0.0.0 for the network).": "Alamat tempat server menunggu sambungan (0.0.0.0 untuk jaringan).",
    "Port to listen on.": "Port tempat server menunggu sambungan.",
    "Largest upload accepted (MB).": "Ukuran unggahan terbesar yang diterima (MB).",
    "Folder of meeting packs offered for download (default: rakor/ beside the workspace).":
        "Folder paket rapat yang dapat diunduh (bawaan: rakor/ di sebelah workspace).",
    "Web app accounts.": "Akun aplikasi web.",
    "Create an account. The password is prompted (or read from stdin); there is no default.":
        "Buat akun. Kata sandi ditanyakan (atau dibaca dari stdin); tidak ada kata sandi bawaan.",
    "Login name (letters, digits, . _ - @).": "Nama pengguna (huruf, angka, . _ - @).",
    "province, admin, analyst, office, village_head or midwife.":
        "province (provinsi), admin, analyst (analis), office (dinas), village_head (kepala desa/peratin) "
        "atau midwife (bidan).",
    "Region the account sees: province (18), regency (18.04) or village (18.04.04.2001) code, "
    "as the role requires.":
        "Wilayah yang dapat dilihat akun: kode provinsi (18), kabupaten (18.04) atau desa (18.04.04.2001), "
        "sesuai perannya.",
    "For role office: dinsos, dinkes, pupr, dpmd, bpjs, disdik.":
        "Untuk peran office (dinas): dinsos, dinkes, pupr, dpmd, bpjs, disdik.",
    "Disable an account (it can no longer log in; its open sessions end at the next request).":
        "Nonaktifkan akun (tidak bisa masuk lagi; sesi yang terbuka berakhir pada permintaan berikutnya).",
    "List the accounts (never their passwords).": "Daftar akun (tanpa kata sandinya).",
    "Set a new password for an account.": "Tetapkan kata sandi baru untuk sebuah akun.",
    # snapshots
    "Dataset snapshots in the workspace.": "Snapshot data di workspace.",
    "Who was added, removed or moved decile/village between two registry snapshots, by village.":
        "Siapa yang bertambah, berkurang atau pindah desil/desa di antara dua snapshot registri, per desa.",
    "Older registry snapshot.": "Snapshot registri yang lebih lama.",
    "Newer registry snapshot.": "Snapshot registri yang lebih baru.",
    "List each person added, removed or moved.": "Daftarkan setiap orang yang bertambah, berkurang atau pindah.",
    "List the dataset snapshots in the workspace.": "Daftar snapshot data di workspace.",
    "registry, stunting_loci, measurements, …": "Jenis snapshot: registry, stunting_loci, measurements, …",
    # synth
    "Write a synthetic registry (P3KE columns) for the real villages of a region, as Parquet.":
        "Tulis registri sintetis (kolom P3KE) untuk desa-desa nyata suatu wilayah, dalam format Parquet.",
    "Kemendagri code (18, 18.04, 18.04.04) or 'national'.": "Kode Kemendagri (18, 18.04, 18.04.04) atau 'national'.",
    "How many people, e.g. 314000, 2.7M, 270M.": "Jumlah penduduk, mis. 314000, 2.7M, 270M.",
    "Folder for people/households/measurements/recipients.parquet.":
        "Folder untuk people/households/measurements/recipients.parquet.",
    "Random seed; the same arguments give the same files.": "Benih acak; argumen yang sama menghasilkan berkas yang sama.",
    "People per chunk (row group).": "Jumlah orang per potongan (row group).",
    "Chunks generated in parallel.": "Jumlah potongan yang dibuat bersamaan.",
}

register({help_key(en): {"id": _brace_safe(idn), "en": _brace_safe(en)} for en, idn in HELP_ID.items()})

register({
    # Click's usage line (lokus.cli.main puts these into each command's formatter and usage pieces)
    "cli.help.usage": {"id": "Penggunaan: ", "en": "Usage: "},
    "cli.help.options_metavar": {"id": "[OPSI]", "en": "[OPTIONS]"},
    "cli.help.subcommand_metavar": {"id": "PERINTAH [ARGUMEN]...", "en": "COMMAND [ARGS]..."},
    # argument names in the usage line and the argument table (lokus.cli.main._localise_commands)
    "cli.help.arg.file": {"id": "berkas", "en": "file"},
    "cli.help.arg.input": {"id": "berkas", "en": "input"},
    "cli.help.arg.code": {"id": "kode", "en": "code"},
    "cli.help.arg.indicator": {"id": "indikator", "en": "indicator"},
    "cli.help.arg.query": {"id": "nama", "en": "query"},
    "cli.help.arg.username": {"id": "nama_pengguna", "en": "username"},
    "cli.help.arg.name": {"id": "nama", "en": "name"},
    "cli.help.arg.nik": {"id": "nik", "en": "nik"},
    "cli.help.arg.niks": {"id": "nik", "en": "niks"},
    "cli.help.arg.a": {"id": "snapshot_lama", "en": "older_snapshot"},
    "cli.help.arg.b": {"id": "snapshot_baru", "en": "newer_snapshot"},
    # the type column of the option table (lokus.cli.main._type_label)
    "cli.help.type.str": {"id": "teks", "en": "str"},
    "cli.help.type.str_list": {"id": "teks", "en": "list[str]"},
    "cli.help.type.int": {"id": "bulat", "en": "int"},
    "cli.help.type.int_range": {"id": "bulat", "en": "int range"},
    "cli.help.type.float": {"id": "angka", "en": "float"},
    "cli.help.type.float_range": {"id": "angka", "en": "float range"},
    "cli.help.type.path": {"id": "jalur", "en": "path"},
    "cli.help.type.file": {"id": "berkas", "en": "file"},
    "cli.help.type.folder": {"id": "folder", "en": "directory"},
    "cli.help.type.date": {"id": "tanggal", "en": "datetime"},
})
