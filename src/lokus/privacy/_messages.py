"""Messages of the privacy capability (Bahasa Indonesia and English)."""

from __future__ import annotations

from lokus.i18n import register

register({
    "privacy.audit.read_only": {
        "id": "Tampilan data pribadi harus tercatat di jejak audit, tetapi workspace {path} dibuka hanya-baca.",
        "en": "A view of personal data must be recorded in the audit trail, but workspace {path} is open "
              "read-only.",
    },
    "privacy.audit.problem.edited": {
        "id": "baris audit #{seq} diubah (isinya tidak cocok dengan hash-nya)",
        "en": "audit row #{seq} was edited (its content does not match its hash)",
    },
    "privacy.audit.problem.inserted": {
        "id": "baris audit #{seq} disisipkan (nomor urut dipakai dua kali atau tanpa hash)",
        "en": "audit row #{seq} was inserted (its number is used twice or it has no hash)",
    },
    "privacy.audit.problem.removed": {
        "id": "baris audit #{detail} dihapus (rantai melompat)",
        "en": "audit rows #{detail} were removed (the chain skips them)",
    },
    "privacy.audit.problem.removed.one": {
        "id": "baris audit #{detail} dihapus (rantai melompat)",
        "en": "audit row #{detail} was removed (the chain skips it)",
    },
    "privacy.audit.problem.broken": {
        "id": "rantai putus sebelum baris audit #{seq} (baris sebelumnya disisipkan, dihapus, atau dinomori ulang)",
        "en": "the chain breaks before audit row #{seq} (a row before it was inserted, removed or renumbered)",
    },
    "privacy.audit.problem.detail": {
        "id": "rincian identitas baris audit #{seq} diubah, ditambah, atau dihapus",
        "en": "the identifier detail of audit row #{seq} was edited, added to or removed",
    },
    "privacy.audit.problem.truncated": {
        "id": "baris audit #{seq} yang tercatat di kepala rantai tidak ada lagi (kini berakhir di #{detail}): "
              "baris terbaru dihapus",
        "en": "audit row #{seq} named by the saved chain head is gone (the log now ends at #{detail}): "
              "the newest rows were removed",
    },
    "privacy.audit.problem.head": {
        "id": "baris audit #{seq} tidak sama dengan kepala rantai yang disimpan: rantai dihitung ulang",
        "en": "audit row #{seq} differs from the saved chain head: the chain was recomputed",
    },
    "privacy.audit.problem.legacy": {
        "id": "jejak audit masih format lama tanpa rantai hash; akan disegel pada catatan berikutnya",
        "en": "the audit trail is still in the old format without a hash chain; it is sealed at the next entry",
    },
    "privacy.audit.verify.ok": {
        "id": "Jejak audit utuh: {rows}, kepala #{seq} {hash}.",
        "en": "Audit trail intact: {rows}, head #{seq} {hash}.",
    },
    "privacy.audit.verify.bad": {
        "id": "Jejak audit TIDAK utuh: {n} masalah.",
        "en": "Audit trail NOT intact: {n} problems.",
    },
    "privacy.audit.verify.bad.one": {
        "id": "Jejak audit TIDAK utuh: {n} masalah.",
        "en": "Audit trail NOT intact: {n} problem.",
    },
    "privacy.audit.head.bad": {
        "id": "Kepala rantai {path} tidak terbaca; gunakan berkas JSON dari `lokus audit head`.",
        "en": "Chain head {path} cannot be read; use the JSON file written by `lokus audit head`.",
    },
    "privacy.audit.head.written": {
        "id": "Kepala rantai #{seq} ditulis ke {path}; simpan di luar workspace (mis. surel ke diri sendiri).",
        "en": "Chain head #{seq} written to {path}; keep it outside the workspace (e.g. email it to yourself).",
    },
    # suppression
    "privacy.suppress.k": {
        "id": "Ambang sel kecil {value} terlalu rendah; paling kecil {minimum}.",
        "en": "Small-cell threshold {value} is too low; the minimum is {minimum}.",
    },
    "privacy.suppress.stuck": {
        "id": "Sel {cell} tidak dapat dilindungi: setiap cara menyamarkannya melewati sel yang sudah diterbitkan "
              "rilis sebelumnya atau bernilai nol; terbitkan dari snapshot baru.",
        "en": "Cell {cell} cannot be protected: every way to hide it runs through a cell an earlier release "
              "published or a zero; publish from a new snapshot.",
    },
    "privacy.suppress.note": {
        "id": "(disamarkan: sel < {k})",
        "en": "(suppressed: cell < {k})",
    },
    "privacy.suppress.summary": {
        "id": "Disamarkan: {primary} sel kecil (1–{k1}) dan {secondary} sel pelengkap agar tidak bisa dihitung "
              "balik dari total kecamatan/kabupaten.",
        "en": "Suppressed: {primary} small cells (1–{k1}) and {secondary} complementary cells so that they "
              "cannot be recovered from kecamatan/district totals.",
    },
    # pseudonyms
    "privacy.pseudonym.key": {
        "id": "Kunci pseudonim {path} tidak terbaca atau terlalu pendek (minimal 16 karakter).",
        "en": "Pseudonym key {path} is unreadable or too short (at least 16 characters).",
    },
    "privacy.pseudonym.rotated": {
        "id": "Kunci pseudonim baru di {path}; kunci lama disimpan sebagai {old}. Pseudonim baru tidak "
              "cocok dengan yang lama.",
        "en": "New pseudonym key at {path}; the old key is kept as {old}. New pseudonyms do not match old ones.",
    },
    # persons; the tables of a subject-access export, by their workspace names
    "privacy.table.registry": {"id": "Registri", "en": "Registry"},
    "privacy.table.growth_measurements": {"id": "Pengukuran balita", "en": "Child measurements"},
    "privacy.table.program_recipients": {"id": "Penerima program", "en": "Program recipients"},
    "privacy.table.interventions": {"id": "Intervensi", "en": "Interventions"},
    "privacy.table.quarantine": {"id": "Karantina", "en": "Quarantine"},
    "privacy.table.stunting_loci": {"id": "Lokus stunting", "en": "Stunting loci"},
    "privacy.table.stunting_loci_detail": {"id": "Rincian lokus stunting", "en": "Stunting loci detail"},
    "privacy.table.audit_log": {"id": "Jejak audit", "en": "Audit trail"},
    "privacy.table.erased_subjects": {"id": "Penghapusan", "en": "Erasure"},
    "privacy.person.nik": {
        "id": "'{nik}' bukan NIK 16 digit.",
        "en": "'{nik}' is not a 16-digit NIK.",
    },
    "privacy.person.none": {
        "id": "Tidak ada data tentang NIK {masked} di workspace {path}.",
        "en": "Nothing is held about NIK {masked} in workspace {path}.",
    },
    # {rows}, {tables}, {mentions}, {audit}: count phrases (lokus.i18n.t_n, "1 row" / "2 rows"); {reason}: the
    # label of the reason erased persons' rows are quarantined with (lokus.quarantine.reason_label)
    "privacy.person.erased": {
        "id": "Dihapus: {rows} dari {tables}; {mentions} NIK ini di baris orang lain dikosongkan (baris orang lain "
              "itu tetap); {audit} dikosongkan; workspace ditulis ulang ({before} → {after}). Pemuatan berikutnya "
              "mengarantinakan baris orang ini dengan alasan “{reason}” dan mengosongkan sebutannya di baris orang "
              "lain.",
        "en": "Erased: {rows} from {tables}; {mentions} of this NIK blanked in other people's rows (their rows are "
              "kept); {audit} blanked; workspace rewritten ({before} → {after}). Later loads quarantine this "
              "person's rows with the reason “{reason}” and blank their mentions in others' rows.",
    },
    "privacy.person.exported": {
        "id": "Data tentang NIK {masked}: {rows} dari {tables} dan {audit}, ditulis ke {path}.",
        "en": "Data about NIK {masked}: {rows} from {tables} and {audit}, written to {path}.",
    },
    "privacy.person.already_erased": {
        "id": "NIK {masked} sudah dihapus pada {when}; tidak ada lagi data tentangnya, dan setiap pemuatan berkas "
              "mengarantinakan barisnya dengan alasan “{reason}”.",
        "en": "NIK {masked} was erased on {when}; nothing is held about them any more, and every load quarantines "
              "their rows with the reason “{reason}”.",
    },
    "privacy.person.not_erased": {
        "id": "NIK {masked} tidak tercatat sebagai dihapus di workspace {path}; tidak ada yang dipulihkan.",
        "en": "NIK {masked} is not recorded as erased in workspace {path}; nothing was restored.",
    },
    "privacy.person.restored": {
        "id": "Penghapusan NIK {masked} (sejak {when}) dicabut dan dicatat di jejak audit; pemuatan berikutnya "
              "menerima barisnya lagi. Data yang sudah dihapus tidak kembali dengan sendirinya.",
        "en": "The erasure of NIK {masked} (since {when}) is lifted and recorded in the audit trail; later loads "
              "accept their rows again. Data already erased does not come back by itself.",
    },
    "privacy.person.restore_confirm": {
        "id": "Memulihkan NIK {masked} membuat berkas berikutnya memuat datanya lagi; lakukan hanya atas "
              "permintaan orang tersebut atau bila penghapusannya keliru, lalu ulangi dengan --yes.",
        "en": "Restoring NIK {masked} lets later files load their data again; do it only at the person's "
              "request or when the erasure was a mistake, then repeat with --yes.",
    },
    "privacy.person.export_erased": {
        "id": "NIK {masked} dihapus pada {when}; selain tanggal itu tidak ada data tentangnya yang disimpan.",
        "en": "NIK {masked} was erased on {when}; apart from that date nothing is held about them.",
    },
    "privacy.erased.key_missing": {
        "id": "{n} orang yang dihapus tercatat dengan kunci pseudonim yang tidak ada lagi di {path}; pulihkan "
              "berkas kunci itu (atau arahkan $LOKUS_PSEUDONYM_KEY_FILE ke sana) sebelum memuat berkas, agar "
              "mereka tidak dimuat kembali.",
        "en": "{n} erased persons are recorded with a pseudonym key that is no longer at {path}; restore that key "
              "file (or point $LOKUS_PSEUDONYM_KEY_FILE at it) before loading files, so that they are not "
              "loaded again.",
    },
    "privacy.erased.key_missing.one": {
        "id": "{n} orang yang dihapus tercatat dengan kunci pseudonim yang tidak ada lagi di {path}; pulihkan "
              "berkas kunci itu (atau arahkan $LOKUS_PSEUDONYM_KEY_FILE ke sana) sebelum memuat berkas, agar "
              "ia tidak dimuat kembali.",
        "en": "{n} erased person is recorded with a pseudonym key that is no longer at {path}; restore that key "
              "file (or point $LOKUS_PSEUDONYM_KEY_FILE at it) before loading files, so that they are not "
              "loaded again.",
    },
    "privacy.person.confirm": {
        "id": "Menghapus NIK {masked} tidak bisa dibatalkan; ulangi dengan --yes.",
        "en": "Erasing NIK {masked} cannot be undone; repeat with --yes.",
    },
    # compact
    "privacy.compact.done": {
        "id": "Workspace ditulis ulang: {before} → {after}.",
        "en": "Workspace rewritten: {before} → {after}.",
    },
    "privacy.compact.retention": {
        "id": "Retensi: {quarantine} yang lebih tua dari {q_days} dan {detail} yang lebih tua dari {d_days} "
              "dihapus.",
        "en": "Retention: {quarantine} older than {q_days} and {detail} older than {d_days} removed.",
    },
    "privacy.compact.copy": {"id": "DuckDB tidak bisa menyalin isinya", "en": "DuckDB could not copy its contents"},
    "privacy.compact.days": {"id": "jumlah hari (bilangan bulat, mis. 365)", "en": "a number of days (a whole number, e.g. 365)"},
    "privacy.compact.failed": {
        "id": "Workspace {path} tidak bisa ditulis ulang ({detail}); berkas asli tidak diubah.",
        "en": "Workspace {path} could not be rewritten ({detail}); the original file is unchanged.",
    },
})

# audited web actions in words (lokus.privacy._actions): "<surface>: <verb text with resource>"
register({
    "privacy.action.unknown": {
        "id": "Nama tindakan audit tidak dikenal: {key} '{value}' (yang berlaku: {valid}).",
        "en": "Unknown audit action name: {key} '{value}' (valid: {valid}).",
    },
    "col.action_text": {"id": "Tindakan", "en": "Action"},
    "privacy.action.surface.web": {"id": "Halaman web", "en": "Web page"},
    "privacy.action.surface.api": {"id": "API", "en": "API"},
    "privacy.action.verb.list": {"id": "{surface}: daftar {resource}", "en": "{surface}: list of {resource}"},
    "privacy.action.verb.view": {"id": "{surface}: lihat {resource}", "en": "{surface}: viewed {resource}"},
    "privacy.action.verb.export": {"id": "{surface}: unduh {resource}", "en": "{surface}: downloaded {resource}"},
    "privacy.action.verb.denied_scope": {
        "id": "{surface}: ditolak, di luar wilayah akun ({resource})",
        "en": "{surface}: refused, outside the account's region ({resource})",
    },
    "privacy.action.verb.denied_role": {
        "id": "{surface}: ditolak, bukan untuk peran akun ({resource})",
        "en": "{surface}: refused, not for the account's role ({resource})",
    },
    "privacy.action.resource.overview": {"id": "ringkasan", "en": "overview"},
    "privacy.action.resource.loci": {"id": "peringkat lokus", "en": "loci ranking"},
    "privacy.action.resource.locus": {"id": "alasan peringkat desa", "en": "a village's rank explained"},
    "privacy.action.resource.villages": {"id": "desa", "en": "villages"},
    "privacy.action.resource.village": {"id": "profil desa", "en": "a village profile"},
    "privacy.action.resource.households": {"id": "rumah tangga", "en": "households"},
    "privacy.action.resource.household": {"id": "satu rumah tangga", "en": "one household"},
    "privacy.action.resource.children": {"id": "anak", "en": "children"},
    "privacy.action.resource.child": {"id": "satu anak", "en": "one child"},
    "privacy.action.resource.child_chart": {"id": "grafik pertumbuhan anak", "en": "a child's growth chart"},
    "privacy.action.resource.worklist": {"id": "daftar kerja", "en": "worklist"},
    "privacy.action.resource.upload": {"id": "unggahan", "en": "upload"},
    "privacy.action.resource.quarantine": {"id": "baris karantina unggahan", "en": "an upload's quarantined rows"},
    "privacy.action.resource.map": {"id": "peta", "en": "map"},
    "privacy.action.resource.packs": {"id": "bahan rapat", "en": "meeting packs"},
    "privacy.action.resource.pack": {"id": "berkas bahan rapat", "en": "a meeting pack file"},
    "privacy.action.resource.account": {"id": "akun", "en": "account"},
    "privacy.action.resource.request": {"id": "permintaan", "en": "request"},
    # an audit row's target in words (lokus.privacy._targets); CSV/JSON keep the code in `target`
    "col.target_text": {"id": "Sasaran", "en": "Target"},
    "privacy.target.person": {"id": "Satu orang", "en": "One person"},
    "privacy.target.families_at_risk": {"id": "Keluarga berisiko stunting", "en": "Families at risk of stunting"},
    "privacy.target.households": {"id": "Semua rumah tangga", "en": "All households"},
    "privacy.target.children": {"id": "Anak", "en": "Children"},
    "privacy.target.search": {"id": "pencarian", "en": "search"},
    "privacy.target.office": {"id": "Kantor: {name}", "en": "Office: {name}"},
    "privacy.target.village": {"id": "Desa {value}", "en": "Village {value}"},
    "privacy.target.village.region": {"id": "Desa {name} ({code})", "en": "Village {name} ({code})"},
    "privacy.target.blt": {"id": "Calon BLT Dana Desa, desa {value}", "en": "BLT Dana Desa candidates, village {value}"},
    "privacy.target.blt.region": {"id": "Calon BLT Dana Desa, desa {name} ({code})",
                                  "en": "BLT Dana Desa candidates, village {name} ({code})"},
    "privacy.target.program": {"id": "Program {value}", "en": "Program {value}"},
    "privacy.target.program.region": {"id": "Program {code}", "en": "Program {code}"},
    "privacy.target.pack": {"id": "Paket rapat: {value}", "en": "Meeting pack: {value}"},
    "privacy.target.pack.region": {"id": "Paket rapat {code} {name}", "en": "Meeting pack {code} {name}"},
    "privacy.target.child": {"id": "Anak {value}", "en": "Child {value}"},
    "privacy.target.child.region": {"id": "Anak {code}", "en": "Child {code}"},
    "privacy.target.household": {"id": "Rumah tangga {value}", "en": "Household {value}"},
    "privacy.target.household.region": {"id": "Rumah tangga {code}", "en": "Household {code}"},
    "privacy.target.snapshots": {"id": "Snapshot {a} → {b}", "en": "Snapshots {a} → {b}"},
    "privacy.target.every": {"id": "Semua snapshot {kind}", "en": "Every {kind} snapshot"},
    "privacy.target.every_kind": {"id": "Semua snapshot", "en": "Every snapshot"},
    "privacy.target.retention.quarantine": {"id": "karantina lebih tua dari {days}",
                                            "en": "quarantine older than {days}"},
    "privacy.target.retention.audit_detail": {"id": "rincian audit lebih tua dari {days}",
                                              "en": "audit details older than {days}"},
    # the command line's audited actions, for people (CSV/JSON keep the code in `action`)
    "privacy.action.quarantine.list": {"id": "Lihat karantina", "en": "View quarantine"},
    "privacy.action.quarantine.export": {"id": "Ekspor karantina", "en": "Export quarantine"},
    "privacy.action.pack.export": {"id": "Buat paket rapat", "en": "Build meeting pack"},
    "privacy.action.person.export": {"id": "Ekspor data orang (hak akses)", "en": "Export a person's data (subject access)"},
    "privacy.action.person.restore": {"id": "Pulihkan orang", "en": "Restore a person"},
    "privacy.action.person.erase": {"id": "Hapus data orang", "en": "Erase a person"},
    "privacy.action.workspace.retention": {"id": "Hapus data lama (retensi)", "en": "Remove old data (retention)"},
    "privacy.action.programs.unmatched": {"id": "Lihat penerima tak cocok", "en": "View unmatched recipients"},
    "privacy.action.interventions.list": {"id": "Lihat intervensi", "en": "View interventions"},
    "privacy.action.snapshots.diff": {"id": "Bandingkan snapshot", "en": "Compare snapshots"},
    "privacy.action.worklist.view": {"id": "Lihat daftar kerja", "en": "View worklist"},
    "privacy.action.worklist.export": {"id": "Ekspor daftar kerja", "en": "Export worklist"},
    "privacy.action.stunting-risk.view": {"id": "Lihat keluarga berisiko stunting", "en": "View families at risk of stunting"},
    "privacy.action.stunting-risk.export": {"id": "Ekspor keluarga berisiko stunting", "en": "Export families at risk of stunting"},
    "privacy.action.gaps.household": {"id": "Lihat kesenjangan per rumah tangga", "en": "View gaps by household"},
})
