"""Header aliases of the registry exports seen in the field: P3KE, DTKS, DTSEN, canonical.

Aliases are header keys (lower case, non-alphanumerics → ``_``; see
:func:`lokus.tables.header_key`). Within one format the first alias present wins; the canonical
column name always works as a last alias. Documented in ``docs/reference/registry-formats.md``
(a test keeps the two in step).
"""

from __future__ import annotations

from lokus.registry._schema import CANONICAL_COLUMNS
from lokus.tables import FieldKind, FieldSpec, FormatSpec, TableSpec

__all__ = ["REGISTRY_SPEC", "FORMATS", "KINDS", "AUXILIARY", "STORED", "alias_table_markdown"]

KINDS: dict[str, FieldKind] = {
    "nik": FieldKind.IDENT,
    "kk": FieldKind.IDENT,
    "household_id": FieldKind.TEXT,
    "sex": FieldKind.SEX,
    "birth_date": FieldKind.DATE,
    "village_code": FieldKind.VILLAGE,
    "decile": FieldKind.DECILE,
}
for _c in CANONICAL_COLUMNS:
    if _c.sql_type == "BOOLEAN":
        KINDS[_c.name] = FieldKind.FLAG

# Shared by all formats: household facts and program flags are spelled the same everywhere.
_COMMON: dict[str, tuple[str, ...]] = {
    "name": ("nama", "nama_lengkap", "nama_art", "nama_individu", "nama_anggota"),
    "sex": ("jenis_kelamin", "jk", "kd_jenis_kelamin", "kelamin"),
    "birth_date": ("tanggal_lahir", "tgl_lahir", "tanggal_lahir_art", "tgl_lhr"),
    "relationship": (
        "hubungan_dengan_kepala_keluarga",
        "hubungan_keluarga",
        "hubungan_dengan_kk",
        "hubungan_dg_krt",
        "kd_hubungan_dg_krt",
        "hubungan_dg_kk",
        "kd_hubungan_dg_kk",
        "shdk",
    ),
    "address": ("alamat", "alamat_lengkap"),
    "housing_ownership": ("kepemilikan_rumah", "status_kepemilikan_rumah", "status_rumah"),
    "roof": ("jenis_atap", "atap"),
    "wall": ("jenis_dinding", "dinding"),
    "floor": ("jenis_lantai", "lantai"),
    "lighting": ("sumber_penerangan", "penerangan"),
    "cooking_fuel": ("bahan_bakar_memasak", "bahan_bakar"),
    "water_source": ("sumber_air_minum", "air_minum"),
    "sanitation": ("memiliki_fasilitas_buang_air_besar", "fasilitas_buang_air_besar", "fasilitas_bab"),
    "occupation": ("pekerjaan", "pekerjaan_utama"),
    "education": ("pendidikan", "pendidikan_terakhir", "pendidikan_tertinggi"),
    "disability": ("disabilitas", "penyandang_disabilitas", "status_disabilitas"),
    "pregnant": ("hamil", "status_hamil", "sedang_hamil"),
    "receives_pkh": ("penerima_pkh", "pkh", "apbn_pkh", "bansos_pkh"),
    "receives_bpnt": ("penerima_bpnt", "bpnt", "bansos_bpnt"),
    "receives_sembako": ("penerima_sembako", "sembako", "apbn_sembako"),
    "receives_bpum": ("penerima_bpum", "bpum"),
    "receives_bst": ("penerima_bst", "bst"),
    "receives_pbi": ("penerima_pbi_jkn", "pbi_jkn", "penerima_pbi", "pbi", "apbn_jkn_kis", "pbi_jk"),
    "stunting_risk": ("resiko_stunting", "risiko_stunting", "keluarga_risiko_stunting", "krs"),
    "village_name": (
        "desa_kelurahan",
        "nama_desa_kelurahan",
        "nama_desa",
        "desa",
        "kelurahan",
        "desa_kel",
        "nama_kelurahan",
        "pekon",
    ),
    "subdistrict_name": ("kecamatan", "nama_kecamatan", "kec"),
    "regency_name": (
        "kabupaten_kota",
        "nama_kabupaten_kota",
        "kabupaten",
        "kab_kota",
        "nama_kabupaten",
        "kota",
    ),
}


def _with(own: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    merged = dict(_COMMON)
    for key, aliases in own.items():
        merged[key] = aliases + tuple(a for a in merged.get(key, ()) if a not in aliases)
    return merged


P3KE = FormatSpec(
    name="p3ke",
    label="P3KE (Kemenko PMK) Keluarga / Individu",
    markers=("id_keluarga_p3ke", "desil_kesejahteraan", "padan_dukcapil", "id_individu", "kepesertaan_dtks"),
    aliases=_with(
        {
            "nik": ("nik", "nik_individu", "nik_kepala_keluarga"),
            "kk": ("no_kk", "nomor_kk", "nomor_kartu_keluarga"),
            "household_id": ("id_keluarga_p3ke", "id_keluarga"),
            "name": ("nama", "nama_lengkap", "kepala_keluarga", "nama_kepala_keluarga"),
            "relationship": ("hubungan_dengan_kepala_keluarga", "hubungan_dengan_kk"),
            "village_code": ("kode_kemdagri", "kode_kemendagri", "kode_desa", "id_desa"),
            "decile": ("desil_kesejahteraan", "desil"),
        }
    ),
)

DTKS = FormatSpec(
    name="dtks",
    label="DTKS (Kemensos) BNBA / SIKS-NG export",
    markers=("iddtks", "id_dtks", "nomor_nik", "id_art", "nik_art", "jenis_pmks", "nama_krt"),
    aliases=_with(
        {
            "nik": ("nomor_nik", "nik", "nik_art", "no_nik"),
            "kk": ("nomor_kk", "no_kk", "nkk", "kk"),
            "household_id": ("iddtks", "id_dtks", "idbdt", "id_rumah_tangga", "idsemesta"),
            "name": ("nama", "nama_art", "nama_lengkap"),
            "relationship": (
                "hubungan_keluarga",
                "hubungan_dg_krt",
                "kd_hubungan_dg_krt",
                "hubungan_dengan_kk",
            ),
            "village_code": (
                "kode_wilayah",
                "kode_desa",
                "kd_desa",
                "kode_kemendagri",
                "kode_kemdagri",
                "kode_desa_kelurahan",
            ),
            "decile": ("desil", "desil_nasional", "peringkat_kesejahteraan", "status_kesejahteraan"),
        }
    ),
)

DTSEN = FormatSpec(
    name="dtsen",
    label="DTSEN (BPS, Inpres 4/2025) export",
    markers=("id_dtsen", "id_keluarga_dtsen", "desil_nasional", "id_art_dtsen", "peringkat_dtsen"),
    aliases=_with(
        {
            "nik": ("nik", "nik_art", "no_nik"),
            "kk": ("no_kk", "nomor_kk", "nkk"),
            "household_id": ("id_keluarga_dtsen", "id_dtsen", "id_keluarga", "id_rumah_tangga"),
            "name": ("nama", "nama_art", "nama_lengkap"),
            "relationship": ("hubungan_dengan_kepala_keluarga", "hubungan_keluarga", "hubungan_dg_kk"),
            "village_code": ("kode_wilayah", "kode_desa", "kode_kemendagri", "kode_kemdagri", "kd_desa"),
            "decile": ("desil_nasional", "desil", "peringkat_dtsen", "desil_kesejahteraan"),
        }
    ),
)

CANONICAL = FormatSpec(
    name="canonical",
    label="lokus canonical columns",
    aliases={},
    markers=("household_id", "village_code", "birth_date", "decile", "relationship", "receives_pkh"),
)

FORMATS: tuple[FormatSpec, ...] = (P3KE, DTKS, DTSEN, CANONICAL)

# Not stored as columns (they stay in ``extra``): region names, used to find the village code when a
# file has none (DTKS exports often carry only names).
AUXILIARY: tuple[FieldSpec, ...] = (
    FieldSpec("village_name", FieldKind.TEXT, description="desa/kelurahan name (when there is no code)"),
    FieldSpec("subdistrict_name", FieldKind.TEXT, description="kecamatan name (when there is no code)"),
    FieldSpec("regency_name", FieldKind.TEXT, description="kabupaten/kota name (when there is no code)"),
)
STORED: tuple[str, ...] = tuple(c.name for c in CANONICAL_COLUMNS)

REGISTRY_SPEC = TableSpec(
    name="registry",
    fields=tuple(
        FieldSpec(c.name, KINDS.get(c.name, FieldKind.TEXT), required=c.required, description=c.description)
        for c in CANONICAL_COLUMNS
    )
    + AUXILIARY,
    formats=FORMATS,
    fallbacks={"household_id": ("kk",), "village_code": ("village_name", "subdistrict_name")},
)


def alias_table_markdown() -> str:
    """The header-alias table of ``docs/reference/registry-formats.md`` (kept in step by a test)."""
    names = [f.name for f in FORMATS if f.name != "canonical"]
    lines = [
        "| canonical column | required | " + " | ".join(names) + " |",
        "|---|---|" + "---|" * len(names),
    ]
    for fld in REGISTRY_SPEC.fields:
        cells = []
        for fmt in FORMATS:
            if fmt.name == "canonical":
                continue
            aliases = fmt.aliases.get(fld.name, ())
            cells.append(", ".join(f"`{a}`" for a in aliases) or "–")
        required = "yes" if fld.required else ""
        if fld.name in REGISTRY_SPEC.fallbacks:
            alternative = " + ".join(f"`{x}`" for x in REGISTRY_SPEC.fallbacks[fld.name])
            required += f" (or {alternative})"
        lines.append(f"| `{fld.name}` | {required} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":  # python -m lokus.registry._formats > table for the docs
    print(alias_table_markdown())
