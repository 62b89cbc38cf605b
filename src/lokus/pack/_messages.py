"""Messages of the meeting pack (Bahasa Indonesia and English)."""

from lokus.i18n import has, register

MESSAGES: dict[str, dict[str, str]] = {
    # File names of the pack, in the pack's language: <stem>-<district>-<date>[-<part>].<ext>. The web app's
    # downloads page recognises every language's names (lokus.web._packs).
    "pack.file.stem": {"id": "rakor", "en": "meeting"},
    "pack.village.legend": {"id": "Program: {legend}.", "en": "Programs: {legend}."},
    "pack.file.part.loci": {"id": "peta-loci", "en": "map-loci"},
    "pack.file.part.desil1": {"id": "peta-desil1", "en": "map-decile1"},
    "pack.file.part.stunting": {"id": "peta-stunting", "en": "map-stunting"},
    "pack.file.part.trend": {"id": "grafik-tren", "en": "trend-chart"},
    "pack.title": {"id": "Bahan Rapat Koordinasi TKPK", "en": "TKPK Coordination Meeting Brief"},
    "pack.subtitle": {"id": "Lokus prioritas kemiskinan ekstrem dan stunting",
                      "en": "Priority loci for extreme poverty and stunting"},
    "pack.cover.district": {"id": "Kabupaten", "en": "District"},
    "pack.cover.date": {"id": "Tanggal", "en": "Date"},
    "pack.cover.place": {"id": "Tempat", "en": "Place"},
    "pack.cover.policy": {"id": "Aturan lokus", "en": "Locus policy"},
    "pack.cover.registry": {"id": "Data registri", "en": "Registry data"},
    "pack.cover.version": {"id": "Dibuat dengan lokus {version}", "en": "Made with lokus {version}"},
    "pack.cover.confidential": {
        "id": "Berisi data pribadi (UU PDP 27/2022): hanya untuk peserta rapat; lembar desa untuk pemerintah "
              "desa yang bersangkutan.",
        "en": "Contains personal data (UU PDP 27/2022): for meeting participants only; each village sheet is for "
              "that village's government.",
    },
    "pack.cover.pseudonymised": {
        "id": "Salinan tersamar: NIK, KK dan nama diganti kode (HMAC); boleh dibawa keluar kabupaten.",
        "en": "Pseudonymised copy: NIK, KK and names replaced by keyed codes (HMAC); may leave the district.",
    },
    "pack.summary": {"id": "Ringkasan", "en": "Summary"},
    "pack.summary.text": {
        "id": "{poverty} desa lokus kemiskinan ekstrem dan {stunting} desa lokus stunting ({both} keduanya). "
              "Di kabupaten ada {households} keluarga desil 1; balita pendek menurut data administrasi "
              "{stunted} dari {children} ({prevalence}).",
        "en": "{poverty} extreme-poverty locus villages and {stunting} stunting locus villages ({both} both). "
              "The district has {households} decile-1 households; stunted children in the administrative data: "
              "{stunted} of {children} ({prevalence}).",
    },
    "pack.key.title": {"id": "Angka kunci dan target", "en": "Key figures and targets"},
    "pack.key.scope.region": {"id": "Kabupaten", "en": "District"},
    "pack.key.scope.province": {"id": "Provinsi", "en": "Province"},
    "pack.key.scope.nation": {"id": "Nasional", "en": "National"},
    "pack.key.admin_stunting": {"id": "Stunting, data administrasi (e-PPGBM)",
                                "en": "Stunting, administrative data (e-PPGBM)"},
    "pack.key.relay": {"id": "lewat perantara", "en": "via a relay"},
    "pack.key.target": {"id": "Target {year}: {value} ({name}); status: {status}",
                        "en": "Target {year}: {value} ({name}); status: {status}"},
    "pack.targets.title": {"id": "Capaian terhadap target", "en": "Progress against targets"},
    "pack.map.title": {"id": "Peta lokus", "en": "Map of the loci"},
    "pack.map.caption": {
        "id": "Arsiran membedakan jenis lokus (terbaca juga pada cetakan hitam-putih). Peta lain dalam folder: {files}.",
        "en": "Hatching tells the kinds of locus apart (readable in black-and-white print too). Other maps in the "
              "folder: {files}.",
    },
    "pack.loci.title": {"id": "Lokus prioritas, berurutan, dengan alasannya", "en": "Priority loci, ranked, with reasons"},
    "pack.gaps.title": {"id": "Kesenjangan cakupan per dinas", "en": "Coverage gaps per office"},
    "pack.gaps.no_data": {"id": "tidak ada data", "en": "no data"},
    "pack.gaps.note": {
        "id": "\"tidak ada data\": belum ada daftar penerima, tanda di registri, atau catatan penyaluran "
              "program ini di workspace, jadi cakupannya tidak diketahui (bukan 0%).",
        "en": "\"no data\": no recipient list, registry flag or recorded delivery of this program is in the "
              "workspace, so its coverage is unknown (not 0%).",
    },
    "pack.attendance.title": {"id": "Daftar hadir", "en": "Attendance sheet"},
    "pack.attendance.meeting": {"id": "Rapat koordinasi TKPK {district}", "en": "TKPK coordination meeting {district}"},
    "pack.changes.title": {"id": "Yang berubah sejak rapat lalu", "en": "What changed since the last meeting"},
    "pack.changes.none": {
        "id": "Belum ada rapat tersimpan untuk dibandingkan. Simpan keadaan rapat ini dengan "
              "`lokus report pack --save-meeting NAMA` (atau `lokus gaps --save-meeting NAMA`); paket berikutnya "
              "menunjukkan perubahannya.",
        "en": "No saved meeting to compare with. Save this meeting's state with "
              "`lokus report pack --save-meeting NAME` (or `lokus gaps --save-meeting NAME`); the next pack shows "
              "what changed.",
    },
    "pack.changes.since": {"id": "Dibandingkan dengan rapat \"{meeting}\".", "en": "Compared with meeting \"{meeting}\"."},
    "pack.changes.loci_in": {"id": "Lokus baru", "en": "Loci in"},
    "pack.changes.loci_out": {"id": "Lokus keluar", "en": "Loci out"},
    "pack.changes.none_list": {"id": "tidak ada", "en": "none"},
    "pack.changes.kind.delivered": {"id": "ditutup oleh penyaluran tercatat", "en": "closed by recorded deliveries"},
    "pack.changes.kind.not_eligible": {
        "id": "tidak lagi layak (mis. anak melewati batas umur, pindah)",
        "en": "no longer eligible (e.g. a child aged out, moved)",
    },
    "pack.changes.kind.left": {"id": "rumah tangga tidak lagi di wilayah", "en": "household no longer in the area"},
    "pack.changes.kind.new": {"id": "kesenjangan baru", "en": "new gaps"},
    "pack.changes.score": {"id": "Skor konvergensi: {before} → {after}.", "en": "Convergence score: {before} → {after}."},
    "pack.method.title": {"id": "Metode dan sumber", "en": "Method and sources"},
    "pack.method.rules": {
        "id": "Lokus kemiskinan: desa yang dipilih aturan \"{policy}\" ({title}), paling banyak {top}. Lokus "
              "stunting: desa dengan prevalensi TB/U < -2 SD (WHO 2006, pengukuran terakhir tiap balita) di atas "
              "ambang snapshot {stunting}. Kesenjangan: rumah tangga layak menurut katalog program yang tidak ada "
              "di daftar penerima.",
        "en": "Poverty loci: the villages selected by policy \"{policy}\" ({title}), at most {top}. Stunting loci: "
              "villages whose height-for-age < -2 SD prevalence (WHO 2006, each child's latest measurement) is "
              "above the threshold of snapshot {stunting}. Gaps: households eligible under the program catalogue "
              "that are not on the recipient list.",
    },
    "pack.method.snapshots": {"id": "Snapshot data", "en": "Data snapshots"},
    "pack.method.snapshot": {"id": "Snapshot {name} ({kind})", "en": "Snapshot {name} ({kind})"},
    "pack.method.policy_sha": {"id": "SHA-256 berkas aturan", "en": "Policy file SHA-256"},
    "pack.method.lokus_version": {"id": "Versi lokus", "en": "lokus version"},
    "pack.method.policy": {"id": "Berkas aturan: {name}, sha256 {sha}", "en": "Policy file: {name}, sha256 {sha}"},
    "pack.method.version": {"id": "Versi lokus: {version}. Dibuat: {created}.",
                            "en": "lokus version: {version}. Made: {created}."},
    "pack.method.relay": {
        "id": "Angka yang diketahui lewat perantara (berita, repositori), bukan langsung dari terbitan resmi:",
        "en": "Figures known through a relay (a news page, a repository), not from the official publication itself:",
    },
    "pack.method.manifest": {
        "id": "Setiap angka di dokumen ini tercantum di manifest.json beserta snapshot, aturan, dan perintah "
              "`lokus` yang mencetaknya kembali.",
        "en": "Every figure in this document is listed in manifest.json with its snapshot, policy and the `lokus` "
              "command that prints it again.",
    },
    "pack.village.title": {"id": "Lembar desa: {name} ({code})", "en": "Village sheet: {name} ({code})"},
    "pack.village.intro": {
        "id": "Kecamatan {kecamatan}. {why}. Untuk peratin dan bidan desa ini: periksa setiap baris dan isi "
              "kolom verifikasi.",
        "en": "Kecamatan {kecamatan}. {why}. For this village's peratin and bidan: check every row and fill in "
              "the verification column.",
    },
    "pack.village.households": {"id": "Keluarga desil 1 dan yang belum diterima ({n})",
                                "en": "Decile-1 households and what each lacks ({n})"},
    "pack.village.households.none": {"id": "Tidak ada keluarga desil 1 yang kekurangan program.",
                                     "en": "No decile-1 household lacks a program."},
    "pack.village.children": {"id": "Balita pendek, pengukuran terakhir ({n})",
                              "en": "Stunted children, last measurement ({n})"},
    "pack.village.children.none": {"id": "Tidak ada balita pendek pada pengukuran terakhir.",
                                   "en": "No stunted child at the last measurement."},
    "pack.village.blt": {"id": "Calon BLT Dana Desa ({n})", "en": "BLT Dana Desa candidates ({n})"},
    "pack.village.blt.rule": {"id": "Yang menjadi calon: {rule}.", "en": "Who is a candidate: {rule}."},
    "pack.village.blt.none": {
        "id": "Tidak ada calon: tidak ada keluarga desil 1 di desa ini yang belum menerima PKH maupun Sembako.",
        "en": "No candidates: every decile-1 household of this village already receives PKH or Sembako.",
    },
    "pack.village.why.poverty": {"id": "Lokus kemiskinan ekstrem #{rank}", "en": "Extreme-poverty locus #{rank}"},
    "pack.village.why.stunting": {"id": "lokus stunting", "en": "stunting locus"},
    "pack.source": {"id": "Sumber: {text}", "en": "Source: {text}"},
    "pack.progress.collect": {"id": "Menghitung lokus, cakupan, dan perubahan", "en": "Computing loci, coverage and changes"},
    "pack.progress.maps": {"id": "Menggambar peta", "en": "Drawing maps"},
    "pack.progress.pdf": {"id": "Menyusun PDF", "en": "Typesetting the PDF"},
    "pack.progress.xlsx": {"id": "Menulis buku kerja Excel", "en": "Writing the Excel workbook"},
    "pack.progress.manifest": {"id": "Menulis manifest", "en": "Writing the manifest"},
    "pack.written": {"id": "Paket rapat ditulis di {path}: {files}.", "en": "Meeting pack written to {path}: {files}."},
    "pack.sheet.method": {"id": "Metode dan sumber", "en": "Method and sources"},
    "pack.sheet.key": {"id": "Angka kunci", "en": "Key figures"},
    "pack.sheet.loci": {"id": "Lokus", "en": "Loci"},
    "pack.sheet.gaps": {"id": "Kesenjangan per dinas", "en": "Gaps per office"},
    "pack.sheet.attendance": {"id": "Daftar hadir", "en": "Attendance"},
    "pack.sheet.changes": {"id": "Perubahan", "en": "Changes"},
    "pack.verify": {"id": "Verifikasi", "en": "Verification"},
    "pack.yes": {"id": "ya", "en": "yes"},
    "error.pack.no_registry": {
        "id": "Workspace {path} belum berisi data registri; muat dengan `lokus ingest registry` atau jalankan "
              "`lokus demo`.",
        "en": "Workspace {path} has no registry data yet; load it with `lokus ingest registry` or run `lokus demo`.",
    },
}

# Column headers of the pack's tables (``header(column, lang)`` reads ``col.<name>``).
COLUMNS: dict[str, dict[str, str]] = {
    "col.indicator_label": {"id": "Indikator", "en": "Indicator"},
    "col.scope": {"id": "Wilayah", "en": "Area"},
    "col.year": {"id": "Tahun", "en": "Year"},
    "col.value": {"id": "Nilai", "en": "Value"},
    "col.value_text": {"id": "Nilai", "en": "Value"},
    "col.publisher": {"id": "Penerbit", "en": "Publisher"},
    "col.publication": {"id": "Terbitan", "en": "Publication"},
    "col.relay": {"id": "Perantara", "en": "Relay"},
    "col.target_text": {"id": "Target", "en": "Target"},
    "col.status": {"id": "Status", "en": "Status"},
    "col.rank": {"id": "Peringkat", "en": "Rank"},
    "col.code": {"id": "Kode", "en": "Code"},
    "col.name": {"id": "Nama", "en": "Name"},
    "col.kecamatan": {"id": "Kecamatan", "en": "Subdistrict (kecamatan)"},
    "col.decile1_households": {"id": "Keluarga desil 1", "en": "Decile-1 households"},
    "col.decile1_people": {"id": "Warga desil 1", "en": "Decile-1 residents"},
    "col.stunting_locus": {"id": "Lokus stunting", "en": "Stunting locus"},
    "col.reason": {"id": "Alasan", "en": "Reason"},
    "col.office": {"id": "Dinas", "en": "Office"},
    "col.program": {"id": "Program", "en": "Program"},
    "col.unit": {"id": "Satuan", "en": "Unit"},
    "col.eligible_units": {"id": "Layak", "en": "Eligible"},
    "col.covered_units": {"id": "Tercakup", "en": "Covered"},
    "col.gap_units": {"id": "Kesenjangan", "en": "Gap"},
    "col.score_coverage": {"id": "Cakupan", "en": "Coverage"},
    "col.coverage_text": {"id": "Cakupan", "en": "Coverage"},
    "col.no": {"id": "No", "en": "No"},
    "col.village_code": {"id": "Kode desa", "en": "Village code"},
    "col.village_name": {"id": "Desa", "en": "Village"},
    "col.role": {"id": "Jabatan", "en": "Role"},
    "col.phone": {"id": "Telepon", "en": "Phone"},
    "col.signature": {"id": "Tanda tangan", "en": "Signature"},
    "col.kind": {"id": "Jenis", "en": "Kind"},
    "col.count": {"id": "Jumlah", "en": "Count"},
    "col.snapshot": {"id": "Snapshot", "en": "Snapshot"},
    "col.source_file": {"id": "Berkas sumber", "en": "Source file"},
    "col.sha256": {"id": "sha256", "en": "sha256"},
    "col.rows": {"id": "Baris diterima", "en": "Rows accepted"},
    "col.item": {"id": "Butir", "en": "Item"},
    "col.detail": {"id": "Keterangan", "en": "Detail"},
    "col.priority": {"id": "Prioritas", "en": "Priority"},
    "col.head_name": {"id": "Nama kepala keluarga", "en": "Head of household"},
    "col.head_nik": {"id": "NIK kepala keluarga", "en": "Head's NIK"},
    "col.kk": {"id": "No. KK", "en": "Family card (KK)"},
    "col.address": {"id": "Alamat (dusun/RT/RW)", "en": "Address (dusun/RT/RW)"},
    "col.decile": {"id": "Desil", "en": "Decile"},
    "col.household_size": {"id": "Anggota", "en": "Members"},
    "col.missing": {"id": "Belum menerima", "en": "Lacks"},
    "col.verification": {"id": "Verifikasi", "en": "Verification"},
    "col.child_name": {"id": "Nama balita", "en": "Child"},
    "col.nik": {"id": "NIK", "en": "NIK"},
    "col.sex": {"id": "JK", "en": "Sex"},
    "col.birth_date": {"id": "Tgl lahir", "en": "Born"},
    "col.measure_date": {"id": "Tgl ukur", "en": "Measured"},
    "col.lenhei_cm": {"id": "TB/PB (cm)", "en": "Height (cm)"},
    "col.zlen": {"id": "Z TB/U", "en": "HAZ"},
    "col.posyandu": {"id": "Posyandu", "en": "Posyandu"},
    "col.covered": {"id": "Sudah menerima", "en": "Receives"},
    "col.key": {"id": "Kunci", "en": "Key"},
}

register(MESSAGES)
# Headers other catalogues already define keep their wording (one word per column everywhere).
register({k: v for k, v in COLUMNS.items() if not has(k)})
