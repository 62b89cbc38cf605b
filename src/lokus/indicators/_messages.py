"""User-facing messages of the indicators, targets and poverty capabilities."""

from __future__ import annotations

from lokus.i18n import register

MESSAGES: dict[str, dict[str, str]] = {
    "error.indicators.no_source": {
        "id": "Berkas {path} tidak memiliki kolom 'source'; setiap angka harus menyebut sumbernya, "
        "jadi tambahkan kolom source (mis. 'BPS Kab. Lampung Barat, Susenas Maret 2023').",
        "en": "File {path} has no 'source' column; every figure must name its source, so add a source "
        "column (e.g. 'BPS Lampung Barat, Susenas March 2023').",
    },
    "error.indicators.empty_source": {
        "id": "Berkas {path} punya {count} baris tanpa sumber (pertama di baris {row}); isi kolom source "
        "untuk setiap baris.",
        "en": "File {path} has {count} rows without a source (first at row {row}); fill the source column "
        "on every row.",
    },
    "error.indicators.bad_value": {
        "id": "Berkas {path} punya {count} baris dengan {column} yang bukan angka (pertama di baris {row}, "
        "'{value}'); perbaiki lalu muat ulang.",
        "en": "File {path} has {count} rows whose {column} is not a number (first at row {row}, "
        "'{value}'); fix them and load again.",
    },
    "error.indicators.empty_source.one": {
        "id": "Berkas {path} punya {count} baris tanpa sumber (baris {row}); isi kolom source "
        "untuk setiap baris.",
        "en": "File {path} has {count} row without a source (row {row}); fill the source column "
        "on every row.",
    },
    "error.indicators.bad_value.one": {
        "id": "Berkas {path} punya {count} baris dengan {column} yang bukan angka (baris {row}, "
        "'{value}'); perbaiki lalu muat ulang.",
        "en": "File {path} has {count} row whose {column} is not a number (row {row}, "
        "'{value}'); fix it and load again.",
    },
    "error.indicators.bad_region": {
        "id": "Berkas {path} punya kode wilayah tak dikenal '{code}' di baris {row}; gunakan kode "
        "Kemendagri seperti 18.04 atau ID untuk nasional.",
        "en": "File {path} has an unknown region code '{code}' on row {row}; use Kemendagri codes such "
        "as 18.04, or ID for the nation.",
    },
    "indicators.reason.source_missing": {
        "id": "kolom source kosong: setiap angka harus menyebut sumbernya",
        "en": "the source is empty: every figure must name its source",
    },
    "indicators.reason.value_not_number": {
        "id": "value bukan angka", "en": "the value is not a number",
    },
    "indicators.reason.year_not_number": {
        "id": "year bukan angka tahun", "en": "the year is not a number",
    },
    "indicators.reason.region_unknown": {
        "id": "kode wilayah tidak dikenal (gunakan kode Kemendagri seperti 18.04, atau ID untuk nasional)",
        "en": "unknown region code (use Kemendagri codes such as 18.04, or ID for the nation)",
    },
    "indicators.reason.indicator_invalid": {
        "id": "nama indikator tidak sah (huruf kecil, angka dan garis bawah, mis. stunting_prevalence)",
        "en": "invalid indicator name (lower-case letters, digits and underscores, e.g. stunting_prevalence)",
    },
    "error.indicators.unknown": {
        "id": "Indikator '{name}' tidak dikenal; indikator yang ada: {valid_values}.",
        "en": "Unknown indicator '{name}'; available indicators: {valid_values}.",
    },
    "error.indicators.no_data": {
        "id": "Tidak ada angka {indicator} untuk {code}; indikator yang ada untuk wilayah ini: {available}.",
        "en": "No {indicator} figures for {code}; indicators available for this region: {available}.",
    },
    "error.targets.no_tables": {"id": "tidak ada tabel [[target]]", "en": "there are no [[target]] tables"},
    "error.targets.missing": {"id": "kolom {columns} kosong atau tidak ada", "en": "{columns} is empty or missing"},
    "error.targets.file": {
        "id": "Berkas target {path} tidak dapat dipakai: {detail}.",
        "en": "Targets file {path} cannot be used: {detail}.",
    },
    "error.indicators.compare_nothing": {
        "id": "Tidak ada yang dibandingkan; beri minimal satu dari --admin-stunting, --admin-extreme-poor "
        "atau --admin-decile1.",
        "en": "Nothing to compare; give at least one of --admin-stunting, --admin-extreme-poor or "
        "--admin-decile1.",
    },
    "indicators.admin_source.growth": {"id": "e-PPGBM / z-skor lokus", "en": "e-PPGBM / lokus z-scores"},
    "indicators.admin_source.registry": {"id": "registri (DTKS/P3KE)", "en": "registry (DTKS/P3KE)"},
    "indicators.citation.relay": {"id": "{what}; perantara: {carriers}", "en": "{what}; relay: {carriers}"},
    "indicators.rank_note": {
        "id": "peringkat: 1 = nilai tertinggi di antara wilayah setara; [n] = sumber di bawah",
        "en": "rank: 1 = highest value among peers; [n] = source below",
    },
    "error.chart.format": {
        "id": "Grafik hanya bisa disimpan sebagai .png atau .svg, bukan '{path}'.",
        "en": "Charts can only be saved as .png or .svg, not '{path}'.",
    },
}

register(MESSAGES)

# Names, units and descriptions of the registered indicators, for people (the snake_case name stays
# the key in CSV/JSON): ``indicator.<name>``, ``indicator.<name>.description``, ``unit.<unit>``.
_INDICATORS: dict[str, tuple[str, str, str, str]] = {
    "poverty_rate_p0": (
        "Persentase penduduk miskin (P0)", "Poverty rate (P0)",
        "Persentase penduduk di bawah garis kemiskinan BPS (P0, headcount), BPS Susenas.",
        "Share of people below the BPS poverty line (P0, headcount), BPS Susenas."),
    "poor_population": (
        "Jumlah penduduk miskin", "Poor population",
        "Jumlah penduduk di bawah garis kemiskinan BPS, BPS Susenas.",
        "Number of people below the BPS poverty line, BPS Susenas."),
    "extreme_poverty_rate": (
        "Persentase penduduk miskin ekstrem", "Extreme poverty rate",
        "Persentase penduduk di bawah garis kemiskinan ekstrem (US$1,90 PPP 2011 per hari), BPS Susenas.",
        "Share of people below the extreme poverty line (US$1.90 PPP 2011 a day), BPS Susenas."),
    "extreme_poor_population": (
        "Jumlah penduduk miskin ekstrem", "Extreme poor population",
        "Jumlah penduduk di bawah garis kemiskinan ekstrem, BPS Susenas.",
        "Number of people below the extreme poverty line, BPS Susenas."),
    "stunting_prevalence_ssgi": (
        "Prevalensi stunting (SSGI)", "Stunting prevalence (SSGI)",
        "Persentase balita dengan z-skor TB/U < -2, Kemenkes SSGI.",
        "Share of children under 5 with height-for-age z < -2, Kemenkes SSGI."),
    "stunting_prevalence_ski": (
        "Prevalensi stunting (SKI)", "Stunting prevalence (SKI)",
        "Persentase balita dengan z-skor TB/U < -2, Kemenkes SKI 2023 (survei berbeda dari SSGI; "
        "jangan dibandingkan langsung).",
        "Share of children under 5 with height-for-age z < -2, Kemenkes SKI 2023 (a different survey "
        "from SSGI; do not compare the two directly)."),
    "population_total": (
        "Jumlah penduduk", "Population",
        "Jumlah penduduk (registrasi Dukcapil, sensus atau estimasi BPS; lihat sumber tiap baris).",
        "Population (Dukcapil register, census or BPS estimate; see each row's source)."),
    "population_male": ("Penduduk laki-laki", "Male population", "Jumlah penduduk laki-laki.",
                        "Male population."),
    "population_female": ("Penduduk perempuan", "Female population", "Jumlah penduduk perempuan.",
                          "Female population."),
    "area_km2": ("Luas wilayah", "Area", "Luas daratan (BIG).", "Land area (BIG)."),
}
register({f"indicator.{n}": {"id": i, "en": e} for n, (i, e, _, _) in _INDICATORS.items()})
register({f"indicator.{n}.description": {"id": i, "en": e} for n, (_, _, i, e) in _INDICATORS.items()})
register({
    "unit.percent": {"id": "persen", "en": "percent"},
    "unit.thousand persons": {"id": "ribu jiwa", "en": "thousand persons"},
    "unit.percent of children under 5": {"id": "persen balita", "en": "percent of children under 5"},
    "unit.persons": {"id": "jiwa", "en": "persons"},
    "unit.km2": {"id": "km²", "en": "km²"},
    "unit.rupiah": {"id": "rupiah", "en": "rupiah"},
    "direction.lower_is_better": {"id": "makin rendah makin baik", "en": "lower is better"},
    "direction.higher_is_better": {"id": "makin tinggi makin baik", "en": "higher is better"},
    "direction.neutral": {"id": "netral", "en": "neutral"},
    "basis.survey": {"id": "survei", "en": "survey"},
    "basis.administrative": {"id": "administratif", "en": "administrative"},
    "basis.geospatial": {"id": "geospasial", "en": "geospatial"},
    "scope.region": {"id": "wilayah", "en": "region"},
    "scope.province": {"id": "provinsi", "en": "province"},
    "scope.regency": {"id": "kabupaten/kota", "en": "regency"},
    "scope.district": {"id": "kecamatan", "en": "subdistrict (kecamatan)"},
    "scope.nation": {"id": "nasional", "en": "nation"},
    "period.March": {"id": "Maret", "en": "March"},
    "period.September": {"id": "September", "en": "September"},
    "period.September (Census)": {"id": "September (Sensus)", "en": "September (Census)"},
    "period.December (Semester II)": {"id": "Desember (Semester II)", "en": "December (Semester II)"},
    "period.annual": {"id": "tahunan", "en": "annual"},
    "period.as_of": {"id": "per {date}", "en": "as of {date}"},
    "poverty.group.all": {"id": "(semua)", "en": "(all)"},
    "period.mid-year estimate": {"id": "estimasi pertengahan tahun", "en": "mid-year estimate"},
    "target_status.no data": {"id": "tanpa data", "en": "no data"},
    "target_status.met": {"id": "tercapai", "en": "met"},
    "target_status.missed": {"id": "tidak tercapai", "en": "missed"},
    "target_status.baseline only": {"id": "baru data dasar", "en": "baseline only"},
    "target_status.on track": {"id": "sesuai jalur", "en": "on track"},
    "target_status.behind": {"id": "tertinggal", "en": "behind"},
    "indicators.chart.target_path": {
        "id": "jalur target: {name} ({value} pada {year})",
        "en": "target path: {name} ({value} by {year})",
    },
    "indicators.chart.sources": {
        "id": "Sumber: lihat `lokus indicators show` (setiap angka membawa sumbernya).",
        "en": "Sources: see `lokus indicators show` (every figure carries its source).",
    },
    "indicators.chart.peers_title": {
        "id": "{indicator}, {period} {year}\n{region} di antara {n} wilayah setara",
        "en": "{indicator}, {period} {year}\n{region} among {n} peers",
    },
})


def indicator_label(name: str, lang: str) -> str:
    """The indicator's name for people (falls back to its snake_case name for user-added ones)."""
    from lokus.i18n import has, t

    return t(f"indicator.{name}", lang) if has(f"indicator.{name}") else name


_ADMIN_SOURCES = {"e-PPGBM / lokus z-scores": "indicators.admin_source.growth",
                  "registry (DTKS/P3KE)": "indicators.admin_source.registry"}


def admin_source_label(text: str | None, lang: str) -> str:
    """An administrative source for people: lokus's defaults in ``lang``, a user's text as written."""
    from lokus.i18n import t

    key = _ADMIN_SOURCES.get(text or "")
    return t(key, lang) if key else (text or "")


def unit_label(unit: str | None, lang: str) -> str:
    """An indicator unit for people."""
    from lokus.i18n import has, t

    if not unit:
        return ""
    return t(f"unit.{unit}", lang) if has(f"unit.{unit}") else unit


# Why a row of `lokus indicators compare` needs explaining (the core's ``note`` codes, COMPARE_NOTES).
register({
    "indicators.compare.note.survey_of_parent": {
        "id": "{comparison}: {region} tidak punya angka survei sendiri; yang dipakai angka {indicator} "
        "{survey_region} (wilayah terdekat yang punya).",
        "en": "{comparison}: {region} has no survey figure of its own; the {indicator} figure of "
        "{survey_region} (the nearest region that has one) is used.",
    },
    "indicators.compare.note.no_survey": {
        "id": "{comparison}: tidak ada angka {indicator} untuk {region} maupun wilayah di atasnya, "
        "jadi tidak ada pembanding survei.",
        "en": "{comparison}: there is no {indicator} figure for {region} or any region above it, so there "
        "is no survey figure to compare with.",
    },
    "indicators.compare.note.no_rate": {
        "id": "{comparison}: BPS tidak punya angka {indicator} untuk {region}, jadi tidak ada perkiraan "
        "(angka × penduduk).",
        "en": "{comparison}: BPS has no {indicator} figure for {region}, so there is no estimate "
        "(rate × population).",
    },
    "indicators.compare.note.no_population": {
        "id": "{comparison}: tidak ada angka penduduk untuk {region}, jadi angka {indicator} tidak dapat "
        "dijadikan perkiraan jumlah jiwa.",
        "en": "{comparison}: there is no population figure for {region}, so the {indicator} figure cannot "
        "be turned into a count of persons.",
    },
    "indicators.compare.notes_title": {"id": "Catatan:", "en": "Notes:"},
    # the ``method`` column of compare_* rows: how the survey figure was obtained
    "indicators.compare.method.stunting": {
        "id": "administratif − survei, dalam poin persen; angka survei wilayah terdekat yang memilikinya",
        "en": "admin − survey in percentage points; survey of the nearest region that has one",
    },
    "indicators.compare.method.no_rate": {
        "id": "tidak ada angka {indicator} untuk {region}",
        "en": "no {indicator} figure for {region}",
    },
    "indicators.compare.method.no_population": {
        "id": "tidak ada angka penduduk untuk {region}",
        "en": "no population figure for {region}",
    },
    "indicators.compare.method.estimate": {
        "id": "{rate} ({period} {year}) × penduduk {population} ({pop_period} {pop_year}; {pop_source})",
        "en": "{rate} ({year} {period}) × population {population} ({pop_year} {pop_period}; {pop_source})",
    },
    # the ``comparison`` codes of compare_* rows
    "comparison.stunting prevalence": {"id": "prevalensi stunting", "en": "stunting prevalence"},
    "comparison.extreme poor": {"id": "miskin ekstrem", "en": "extreme poor"},
    "comparison.decile 1": {"id": "desil 1", "en": "decile 1"},
})


def compare_note(row: dict[str, object], lang: str) -> str:
    """The sentence for people explaining a row of ``compare_*`` (its ``note`` code), or "" if none."""
    from lokus.i18n import label, t
    from lokus.regions import load_regions

    code = row.get("note")
    if not code:
        return ""
    regions = load_regions()

    def place(value: object) -> str:
        text = str(value or "")
        return f"{text} {regions.get(text).name}" if text and text in regions else text

    what = label("comparison", row.get("comparison"), lang)
    return t(f"indicators.compare.note.{code}", lang, comparison=what[:1].upper() + what[1:],
             region=place(row.get("region_code")), survey_region=place(row.get("survey_region_code")),
             indicator=lower_first(indicator_label(str(row.get("survey_indicator") or ""), lang)))


def lower_first(text: str) -> str:
    """An indicator's name inside a sentence ("Prevalensi stunting" → "prevalensi stunting"; "P0" kept)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
