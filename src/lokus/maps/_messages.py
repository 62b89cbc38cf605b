"""Messages of lokus.maps (Bahasa Indonesia and English)."""

from lokus.i18n import register

MESSAGES: dict[str, dict[str, str]] = {
    "maps.indicator.loci": {"id": "Lokus prioritas kemiskinan ekstrem dan stunting",
                            "en": "Priority loci for extreme poverty and stunting"},
    "maps.indicator.decile1_share": {"id": "Penduduk desil 1 (% warga)", "en": "Decile-1 population (% of residents)"},
    "maps.indicator.decile1_households": {"id": "Keluarga desil 1", "en": "Decile-1 households"},
    "maps.indicator.decile1_people": {"id": "Penduduk desil 1", "en": "Decile-1 residents"},
    "maps.indicator.stunting_prevalence": {"id": "Prevalensi stunting balita terukur (%)",
                                           "en": "Stunting prevalence among measured children (%)"},
    "maps.indicator.stunted_children": {"id": "Balita pendek (stunting)", "en": "Stunted children"},
    "maps.by.village": {"id": "per desa/kelurahan", "en": "by village"},
    "maps.by.kecamatan": {"id": "per kecamatan", "en": "by kecamatan"},
    "maps.legend.no_data": {"id": "tidak ada data", "en": "no data"},
    "maps.legend.other": {"id": "bukan lokus", "en": "not a locus"},
    "maps.legend.poverty": {"id": "lokus kemiskinan ekstrem", "en": "extreme-poverty locus"},
    "maps.legend.stunting": {"id": "lokus stunting", "en": "stunting locus"},
    "maps.legend.both": {"id": "lokus keduanya", "en": "both loci"},
    "maps.legend.kecamatan": {"id": "batas kecamatan", "en": "kecamatan boundary"},
    "maps.north": {"id": "U", "en": "N"},
    "maps.credit": {
        "id": "Batas wilayah: Kepmendagri 300.2.2-2430/2025 (cahyadsn/wilayah_boundaries). Data: {sources}.",
        "en": "Boundaries: Kepmendagri 300.2.2-2430/2025 (cahyadsn/wilayah_boundaries). Data: {sources}.",
    },
    "maps.written": {"id": "Peta ditulis: {path} ({units} wilayah, {loci} lokus ditandai).",
                     "en": "Map written: {path} ({units} areas, {loci} loci marked)."},
    "error.maps.indicator": {
        "id": "Indikator peta '{value}' tidak dikenal; pilihan: {valid_values}.",
        "en": "Unknown map indicator '{value}'; choose one of: {valid_values}.",
    },
    "error.maps.region": {
        "id": "Tidak ada batas wilayah desa untuk {code}; peta tersedia untuk Kabupaten Lampung Barat (18.04) "
              "dan kecamatannya.",
        "en": "No village boundaries for {code}; maps are available for Kabupaten Lampung Barat (18.04) and its "
              "kecamatan.",
    },
    "error.maps.format": {
        "id": "Berkas peta {path} harus berakhiran .png atau .svg.",
        "en": "Map file {path} must end in .png or .svg.",
    },
    "error.maps.no_data": {
        "id": "Workspace belum berisi {what}; jalankan `lokus demo` atau muat data dengan `lokus ingest ...`.",
        "en": "The workspace has no {what} yet; run `lokus demo` or load data with `lokus ingest ...`.",
    },
}

register(MESSAGES)
