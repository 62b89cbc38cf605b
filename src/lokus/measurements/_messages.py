"""Reason and warning codes of measurement ingest, with their messages (id + en)."""

from __future__ import annotations

from lokus.i18n import register

REASONS: dict[str, dict[str, str]] = {
    "duplicate_row": {"id": "baris kembar persis dengan baris sebelumnya", "en": "exact duplicate of an earlier row"},
    "sex_invalid": {"id": "jenis kelamin tidak terbaca (pakai L/P)", "en": "sex unreadable (use L/P)"},
    "sex_missing": {"id": "jenis kelamin kosong", "en": "sex is empty"},
    "date_invalid": {
        "id": "tanggal lahir atau tanggal ukur tidak terbaca (dd/mm/yyyy dibaca hari dulu, kecuali kolomnya terbukti "
        "bulan dulu; atau yyyy-mm-dd)",
        "en": "birth or measurement date unreadable (dd/mm/yyyy is read day first unless the column proves it month "
        "first; or yyyy-mm-dd)",
    },
    "date_two_digit_year": {
        "id": "tahun pada tanggal lahir atau tanggal ukur ditulis dua digit (03/02/21: 1921 atau 2021?); "
        "ekspor ulang dengan tahun empat digit",
        "en": "the year of the birth or measurement date has two digits (03/02/21: 1921 or 2021?); "
        "export again with four-digit years",
    },
    "date_missing": {"id": "tanggal lahir atau tanggal ukur kosong", "en": "birth or measurement date is empty"},
    "measured_before_birth": {"id": "tanggal ukur sebelum tanggal lahir", "en": "measured before the birth date"},
    "age_over_5": {"id": "anak berumur 5 tahun atau lebih saat diukur (di luar standar WHO balita)",
                   "en": "child aged 5 years or more when measured (outside the WHO under-five standards)"},
    "measurement_missing": {"id": "berat dan tinggi keduanya kosong atau tidak terbaca",
                            "en": "weight and height both empty or unreadable"},
    "weight_unit": {"id": "berat badan lebih dari 60 kg, tidak mungkin untuk balita: mungkin ditulis dalam gram "
                          "(9400 = 9,4 kg) atau komanya hilang; perbaiki berat di berkas lalu muat lagi",
                    "en": "weight above 60 kg, impossible for an under-five: perhaps written in grams "
                          "(9400 = 9.4 kg) or with the decimal comma lost; correct the weight in the file and load it again"},
    "lenhei_unit": {"id": "panjang/tinggi badan di luar 25–150 cm, tidak mungkin untuk balita: mungkin ditulis dalam "
                          "mm (745 = 74,5 cm) atau m (0,745), atau komanya bergeser; perbaiki di berkas lalu muat lagi",
                    "en": "length/height outside 25–150 cm, impossible for an under-five: perhaps written in mm "
                          "(745 = 74.5 cm) or m (0.745), or with the decimal comma shifted; correct it in the file and "
                          "load it again"},
    "measure_date_future": {"id": "tanggal ukur di masa depan", "en": "measurement date in the future"},
    "village_unresolved": {"id": "desa tidak dapat ditentukan (tidak ada kode, NIK tidak ada di registri atau belum ada "
                                 "registri, nama desa tidak cocok); registri yang dimuat kemudian dapat menempatkannya",
                           "en": "village cannot be determined (no code, NIK not in the registry or no registry yet, village "
                                 "name does not match); a registry loaded later can place it"},
    "village_outside_district": {"id": "desa di luar kabupaten yang dipilih", "en": "village outside the chosen district"},
}
WARNINGS: dict[str, dict[str, str]] = {
    "nik_missing": {"id": "NIK anak kosong", "en": "child NIK is empty"},
    "nik_invalid": {"id": "NIK anak tidak valid", "en": "child NIK is invalid"},
    "kk_placeholder": {"id": "No KK pengganti (0, semua nol atau semua sembilan); tidak dipakai untuk mengaitkan",
                       "en": "placeholder KK number (0, all zeros or all nines); not used to link anyone"},
    "kk_scientific": {"id": "No KK rusak oleh Excel (notasi ilmiah, digit hilang); tidak dipakai untuk mengaitkan",
                      "en": "KK number mangled by Excel (scientific notation, digits lost); not used to link anyone"},
    "kk_serial": {"id": "nomor urut No KK 0000 (sering karena Excel membulatkan); tidak dipakai untuk mengaitkan",
                  "en": "KK serial number is 0000 (often Excel rounding); not used to link anyone"},
    "kk_invalid": {"id": "No KK bukan 16 digit; tidak dipakai untuk mengaitkan",
                   "en": "KK number is not 16 digits; not used to link anyone"},
    "not_in_registry": {"id": "NIK anak tidak ada di registri", "en": "child NIK is not in the registry"},
    "quote_literal": {
        "id": "tanda kutip \" yang tidak berpasangan di baris ini dibaca sebagai huruf biasa",
        "en": "an unpaired quote \" on this line was read as an ordinary character",
    },
    "zs_disagree": {"id": "z-skor di berkas berbeda dengan hitungan WHO lokus (> 0,1)",
                    "en": "the file's z-score differs from lokus's WHO computation (> 0.1)"},
    "z_implausible": {"id": "z-skor di luar batas wajar WHO (mis. BB/U di atas +5 atau di bawah −6): periksa berat, "
                           "tinggi dan tanggal; indikator itu tidak dihitung dalam prevalensi",
                      "en": "a z-score beyond the WHO's plausible limits (e.g. weight-for-age above +5 or below −6): "
                            "check weight, length and dates; that indicator is left out of prevalence"},
}
register({f"measurements.reason.{k}": v for k, v in {**REASONS, **WARNINGS}.items()})
