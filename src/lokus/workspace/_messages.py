"""Messages of the workspace: opening it, snapshots, replacing a snapshot (Bahasa Indonesia and English)."""

from __future__ import annotations

from lokus.i18n import register

register(
    {
        "error.workspace.missing": {
            "id": "Workspace {path} belum ada; jalankan `lokus demo` atau `lokus ingest registry` dulu.",
            "en": "Workspace {path} does not exist yet; run `lokus demo` or `lokus ingest registry` first.",
        },
        "error.workspace.in_memory": {
            "id": "Workspace harus berupa berkas (mis. lokus.duckdb), bukan '{path}'; pilih dengan --workspace.",
            "en": "The workspace must be a file (e.g. lokus.duckdb), not '{path}'; choose one with --workspace.",
        },
        "error.workspace.newer": {
            "id": "Workspace {path} ditulis oleh lokus yang lebih baru (skema {found}; lokus ini mengenal sampai "
            "skema {supported}); perbarui lokus sebelum mengubahnya.",
            "en": "Workspace {path} was written by a newer lokus (schema {found}; this lokus knows up to schema "
            "{supported}); update lokus before changing it.",
        },
        "error.workspace.directory": {
            "id": "Workspace {path} adalah folder, bukan berkas; beri nama berkas, mis. {path}/lokus.duckdb.",
            "en": "Workspace {path} is a folder, not a file; give a file name, e.g. {path}/lokus.duckdb.",
        },
        "error.workspace.read_only": {
            "id": "Workspace {path} tidak boleh ditulis (hak akses atau media baca-saja); salin ke folder "
            "yang bisa ditulis atau minta hak tulis.",
            "en": "Workspace {path} cannot be written (permissions or a read-only medium); copy it to a "
            "writable folder or ask for write access.",
        },
        "error.workspace.folder": {
            "id": "Workspace {path} tidak bisa dibuat atau dibuka; periksa bahwa foldernya ada dan boleh ditulis.",
            "en": "Workspace {path} cannot be created or opened; check that its folder exists and is writable.",
        },
        "error.workspace.damaged": {
            "id": "Berkas {path} bukan workspace lokus atau rusak; pakai cadangan, atau buat workspace baru "
            "dengan nama lain.",
            "en": "File {path} is not a lokus workspace or is damaged; use a backup, or create a new "
            "workspace under another name.",
        },
        "error.workspace.disk_full": {
            "id": "Workspace {path}: ruang disk habis; kosongkan ruang lalu ulangi (tidak ada yang berubah).",
            "en": "Workspace {path}: the disk is full; free some space and try again (nothing changed).",
        },
        "error.workspace.unusable": {
            "id": "Workspace {path} tidak bisa dipakai; ulangi dengan --debug untuk rinciannya.",
            "en": "Workspace {path} cannot be used; run again with --debug for the details.",
        },
        "error.workspace.no_kind": {
            "id": "Workspace {path} belum berisi snapshot jenis {kind}; muat dulu dengan `lokus ingest`.",
            "en": "Workspace {path} holds no snapshot of kind {kind} yet; load one first with `lokus ingest`.",
        },
        "error.snapshot.exists": {
            "id": "Snapshot '{name}' sudah ada dan isinya berbeda ({held}); tambahkan --replace untuk "
            "menggantinya dengan {source}, atau pilih nama lain dengan --snapshot.",
            "en": "Snapshot '{name}' already exists with different content ({held}); add --replace to "
            "replace it with {source}, or choose another name with --snapshot.",
        },
        "error.snapshot.same_file_other_district": {
            "id": "Snapshot '{name}' sudah berisi berkas yang sama ({held}), dimuat {before}{outside}; muat "
            "{before} agar tidak ada yang berubah, atau tambahkan --replace untuk memuatnya {now}.",
            "en": "Snapshot '{name}' already holds this very file ({held}), loaded {before}{outside}; load it "
            "{before} to change nothing, or add --replace to load it {now}.",
        },
        "snapshot.with_district": {"id": "dengan --district {district}", "en": "with --district {district}"},
        "snapshot.without_district": {"id": "tanpa --district", "en": "without --district"},
        "snapshot.outside_rows": {
            "id": " (baris yang dikarantina karena di luar wilayah itu: {count})",
            "en": " (rows quarantined as outside that region: {count})",
        },
        "snapshot.leaving_rows": {
            "id": " (baris yang akan dikarantina karena di luar wilayah itu: {count})",
            "en": " (rows that would be quarantined as outside that region: {count})",
        },
        "error.snapshot.other_kind": {
            "id": "Snapshot '{name}' berisi data jenis {kind}, bukan {wanted}; pilih nama lain dengan --snapshot.",
            "en": "Snapshot '{name}' holds {kind} data, not {wanted}; choose another name with --snapshot.",
        },
        "snapshot.held": {
            "id": "{rows} baris diterima, {quarantined} dikarantina, dari {source}, dimuat {created}",
            "en": "{rows} rows accepted, {quarantined} quarantined, from {source}, loaded {created}",
        },
        "snapshot.replaced": {
            "id": "Snapshot '{name}' diganti; sebelumnya berisi {held}.",
            "en": "Snapshot '{name}' replaced; it held {held}.",
        },
        "snapshot.unchanged": {
            "id": "Berkas yang sama sudah ada di snapshot '{name}' ({held}); tidak ada yang berubah.",
            "en": "The same file is already in snapshot '{name}' ({held}); nothing changed.",
        },
        "ingest.nothing_accepted": {
            "id": "Berkas {path}: tidak satu pun dari {rows_read} baris diterima (alasan terbanyak: {reasons}); "
            "workspace tidak diubah. Periksa --district, --format atau pemetaan kolom.",
            "en": "File {path}: none of its {rows_read} rows was accepted (commonest reasons: {reasons}); "
            "the workspace was not changed. Check --district, --format or the column mapping.",
        },
    }
)

# The kinds of snapshot (:class:`lokus.workspace.Kind`, and saved meetings) as people read them: the
# ``kind`` column of ``snapshots list`` and of quarantine exports.
register({
    "snapshot_kind.registry": {"id": "registri", "en": "registry"},
    "snapshot_kind.measurements": {"id": "pengukuran", "en": "measurements"},
    "snapshot_kind.stunting_loci": {"id": "lokus stunting", "en": "stunting loci"},
    "snapshot_kind.programs": {"id": "program", "en": "programs"},
    "snapshot_kind.interventions": {"id": "intervensi", "en": "interventions"},
    "snapshot_kind.indicators": {"id": "indikator", "en": "indicators"},
    "snapshot_kind.meeting": {"id": "rapat", "en": "meeting"},
})
