"""Header aliases of measurement files: the e-PPGBM export and lokus's canonical columns."""

from __future__ import annotations

from lokus.growth._eppgbm import EPPGBM_ALIASES
from lokus.tables import FieldKind, FieldSpec, FormatSpec, TableSpec

FIELDS = (
    FieldSpec("nik", FieldKind.IDENT, description="child NIK"),
    FieldSpec("name", FieldKind.TEXT, description="child name"),
    FieldSpec("sex", FieldKind.TEXT, required=True, description="L/P, 1/2, m/f"),
    FieldSpec("birth_date", FieldKind.DATE, required=True, description="date of birth"),
    FieldSpec("measure_date", FieldKind.DATE, required=True, description="date of measurement"),
    FieldSpec("weight_kg", FieldKind.TEXT, description="weight in kg (decimal comma allowed)"),
    FieldSpec("lenhei_cm", FieldKind.TEXT, description="length/height in cm"),
    FieldSpec("measure", FieldKind.TEXT, description="Terlentang (l) / Berdiri (h)"),
    FieldSpec("oedema", FieldKind.TEXT, description="y/n"),
    FieldSpec("village_code", FieldKind.VILLAGE, description="Kemendagri village code, if the file has one"),
    FieldSpec("district_name", FieldKind.TEXT, description="kecamatan name"),
    FieldSpec("village_name", FieldKind.TEXT, description="desa/kelurahan name"),
    FieldSpec("posyandu", FieldKind.TEXT, description="posyandu"),
    FieldSpec("puskesmas", FieldKind.TEXT, description="puskesmas"),
    FieldSpec("kk", FieldKind.IDENT, description="family card number"),
    FieldSpec("file_zwei", FieldKind.TEXT, description="the file's own weight-for-age z-score"),
    FieldSpec("file_zlen", FieldKind.TEXT, description="the file's own length/height-for-age z-score"),
    FieldSpec("file_zwfl", FieldKind.TEXT, description="the file's own weight-for-length/height z-score"),
)

EPPGBM = FormatSpec(
    name="eppgbm",
    label="e-PPGBM",
    aliases={
        **EPPGBM_ALIASES,  # the growth input columns, shared with `lokus anthro`
        "nik": ("nik", "nik_anak"),
        "name": ("nama", "nama_anak", "nama_balita"),
        "village_code": ("kode_desa", "kode_wilayah", "kode_kemdagri", "kode_kemendagri"),
        "district_name": ("kec", "kecamatan"),
        "village_name": ("desa_kel", "desa_kelurahan", "desa", "kelurahan"),
        "posyandu": ("posyandu",),
        "puskesmas": ("pukesmas", "puskesmas"),
        "kk": ("nomor_kk", "no_kk"),
        "file_zwei": ("zs_bb_u",),
        "file_zlen": ("zs_tb_u",),
        "file_zwfl": ("zs_bb_tb",),
    },
    markers=("zs_tb_u", "cara_ukur", "pukesmas", "usia_saat_ukur", "tanggal_pengukuran"),
)

CANONICAL = FormatSpec(name="canonical", label="lokus", aliases={})

MEASUREMENT_SPEC = TableSpec(name="measurements", fields=FIELDS, formats=(EPPGBM, CANONICAL))
