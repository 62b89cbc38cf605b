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
    "error.indicators.bad_region": {
        "id": "Berkas {path} punya kode wilayah tak dikenal '{code}' di baris {row}; gunakan kode "
        "Kemendagri seperti 18.04 atau ID untuk nasional.",
        "en": "File {path} has an unknown region code '{code}' on row {row}; use Kemendagri codes such "
        "as 18.04, or ID for the nation.",
    },
    "error.indicators.unknown": {
        "id": "Indikator '{name}' tidak dikenal; indikator yang ada: {valid_values}.",
        "en": "Unknown indicator '{name}'; available indicators: {valid_values}.",
    },
    "error.indicators.no_data": {
        "id": "Tidak ada angka {indicator} untuk {code}; indikator yang ada untuk wilayah ini: {available}.",
        "en": "No {indicator} figures for {code}; indicators available for this region: {available}.",
    },
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
