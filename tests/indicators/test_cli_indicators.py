"""The indicators, targets and poverty commands, run in-process."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest


def _json(res):
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


def _one_sentence(res, code: int | None = None):
    assert res.exit_code != 0
    if code is not None:
        assert res.exit_code == code
    assert "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1, res.stderr


def test_show_lampung_barat_acceptance_values(cli):
    rows = _json(cli("indicators", "show", "18.04", "--format", "json"))
    assert all(r["source"] for r in rows)

    def value(code, indicator, year, period):
        hits = [
            r
            for r in rows
            if (r["region_code"], r["indicator"], r["year"], r["period"]) == (code, indicator, year, period)
        ]
        assert len(hits) == 1, (code, indicator, year, period)
        return hits[0]

    lb = value("18.04", "poverty_rate_p0", 2021, "March")
    assert lb["value"] == 12.82 and lb["scope"] == "region" and "BPS" in lb["source"]
    assert value("18", "poverty_rate_p0", 2021, "March")["value"] == 12.62
    assert value("ID", "poverty_rate_p0", 2021, "March")["value"] == 10.14
    assert value("ID", "poverty_rate_p0", 2021, "September")["value"] == 9.71
    assert value("18.04", "stunting_prevalence_ssgi", 2021, "annual")["value"] == 22.7
    ssgi22 = value("18.04", "stunting_prevalence_ssgi", 2022, "annual")
    assert ssgi22["value"] == 16.6 and "SSGI" in ssgi22["source"]
    assert lb["rank"] == 7 and lb["peers"] == 15 and lb["peer_group"] == "regencies of Lampung"


def test_show_table_shows_values_beside_each_other_with_sources(cli):
    res = cli("--lang", "en", "indicators", "show", "18.04", "--indicator", "poverty")
    assert res.exit_code == 0, res.stderr
    line = next(ln for ln in res.stdout.splitlines() if "2021" in ln and "March" in ln)
    assert "12.82" in line and "12.62" in line and "10.14" in line
    assert "9.71" in res.stdout
    assert "[1] BPS" in res.stdout
    res = cli("indicators", "show", "18.04", "--indicator", "poverty")  # Bahasa Indonesia: 12,82, Maret
    line = next(ln for ln in res.stdout.splitlines() if "2021" in ln and "Maret" in ln)
    assert "12,82" in line and "10,14" in line


def test_show_in_bahasa_indonesia_cites_the_publication_in_bahasa_indonesia(cli):
    """The footnotes printed the English data notes ("…; the book is listed at", cut before the address)
    and the period column "as of 2024-12-16"."""
    res = cli("indicators", "show", "18.04")
    assert res.exit_code == 0, res.stderr
    out = " ".join(res.stdout.split())
    assert "listed at" not in out and "provincial table" not in out and "as of 2024" not in out
    assert "Buku Saku Hasil Survei Status Gizi Indonesia (SSGI) 2022, tabel provinsi, https://stunting.go.id/" in out
    assert "per 16 Desember 2024" in out
    en = " ".join(cli("--lang", "en", "indicators", "show", "18.04").stdout.split())
    assert "SSGI) 2022, provincial table, https://stunting.go.id/" in en and "as of 16 December 2024" in en


def test_lampung_stunting_rank_among_provinces(cli):
    rows = _json(cli("indicators", "show", "18", "-i", "stunting", "-f", "json"))
    r21 = next(r for r in rows if r["region_code"] == "18" and r["year"] == 2021)
    assert r21["value"] == 18.5 and r21["peer_group"] == "provinces"
    assert r21["peers"] == 34 and r21["rank"] == 30  # 1 = highest prevalence


def test_show_csv_and_bps_code_input(cli):
    res = cli("indicators", "show", "1804", "-i", "ssgi", "--format", "csv")
    assert res.exit_code == 0
    assert res.stdout.splitlines()[0].startswith("indicator,year,period,scope")


def test_show_unknown_indicator_and_region(cli):
    _one_sentence(cli("indicators", "show", "18.04", "-i", "happiness"), 2)
    _one_sentence(cli("indicators", "show", "99.99"), 2)
    res = cli("indicators", "show", "18.04.04", "-i", "extreme_poor_population", "--lang", "en")
    _one_sentence(res, 2)
    assert "No extreme_poor_population figures for 18.04.04" in res.stderr


def test_show_village_falls_back_to_parents(cli):
    rows = _json(cli("indicators", "show", "18.04.04.2002", "-i", "poverty", "-f", "json"))
    assert {r["scope"] for r in rows} == {"regency", "province", "nation"}
    assert any(r["region_code"] == "18.04" and r["value"] == 12.82 for r in rows)


def test_add_figures_then_show_with_source(cli, tmp_path: Path):
    f = tmp_path / "dinkes.csv"
    f.write_text(
        "region_code,indicator,year,period,value,source\n"
        "1804,stunting_prevalence_eppgbm,2024,August,11.2,Dinkes Lampung Barat e-PPGBM Agustus 2024\n"
        '18.04,stunting_prevalence_eppgbm,2023,August,"12,5",Dinkes Lampung Barat e-PPGBM Agustus 2023\n',
        encoding="utf-8",
    )
    added = _json(cli("indicators", "add", str(f), "--format", "json"))
    assert added[0]["rows"] == 2 and added[0]["snapshot"] == "indicators:dinkes"
    rows = _json(cli("indicators", "show", "18.04", "-i", "stunting_prevalence_eppgbm", "-f", "json"))
    assert [r["value"] for r in rows] == [12.5, 11.2]
    assert rows[1]["source"].startswith("Dinkes") and rows[1]["origin"] == "indicators:dinkes"
    assert rows[1]["change"] == pytest.approx(-1.3)
    # adding the same file again replaces its rows
    _json(cli("indicators", "add", str(f), "--format", "json"))
    assert (
        len(_json(cli("indicators", "show", "18.04", "-i", "stunting_prevalence_eppgbm", "-f", "json"))) == 2
    )


def test_add_refuses_file_without_source(cli, tmp_path: Path):
    f = tmp_path / "nosource.csv"
    f.write_text("region_code,indicator,year,value\n18.04,poverty_rate_p0,2025,10.1\n", encoding="utf-8")
    res = cli("indicators", "add", str(f), "--lang", "en")
    _one_sentence(res, 3)
    assert "source" in res.stderr


@pytest.mark.parametrize(
    "content, needle",
    [
        ("region_code,indicator,year,value,source\n18.04,p0,2025,abc,BPS\n", "not a number"),
        ("region_code,indicator,year,value,source\n18.04,p0,2025,10,\n", "without a source"),
        ("region_code,indicator,year,value,source\n77.77,p0,2025,10,BPS\n", "unknown region"),
        ("region_code,indicator,value,source\n18.04,p0,10,BPS\n", "year"),
        ("", "empty"),
    ],
)
def test_add_bad_files_one_sentence(cli, tmp_path: Path, content, needle):
    f = tmp_path / "bad.csv"
    f.write_text(content, encoding="utf-8")
    res = cli("indicators", "add", str(f), "--lang", "en")
    _one_sentence(res, 3)
    assert needle in res.stderr


def test_add_missing_and_binary_file(cli, tmp_path: Path):
    _one_sentence(cli("indicators", "add", str(tmp_path / "nope.csv")), 3)
    f = tmp_path / "x.csv"
    f.write_bytes(b"\x00\x01\x02PK\x03\x04")
    _one_sentence(cli("indicators", "add", str(f)), 3)


def test_targets_show(cli):
    rows = _json(cli("targets", "show", "18.04", "--format", "json"))
    by = {r["indicator"]: r for r in rows}
    st = by["stunting_prevalence_ssgi"]
    assert st["target_value"] == 14.0 and st["latest_value"] == 20.5 and st["status"] == "missed"
    assert st["baseline_value"] == 22.7 and "72" in st["target_source"] and st["latest_source"]
    ep = by["extreme_poverty_rate"]
    assert ep["target_value"] == 0.0 and ep["annual_reduction_needed"] == pytest.approx(3.37 / 2)
    nat = {r["indicator"]: r for r in _json(cli("targets", "show", "ID", "-f", "json"))}
    assert nat["poverty_rate_p0"]["target_value"] == 7.0
    assert nat["stunting_prevalence_ssgi"]["status"] == "behind"  # 21.6 in 2022 vs path 20.93


def test_targets_user_file(cli, tmp_path: Path):
    f = tmp_path / "rpjmd.toml"
    f.write_text(
        '[[target]]\nname = "RPJMD"\nindicator = "poverty_rate_p0"\nregion = "18.04"\nvalue = 9.5\n'
        'year = 2026\nsource = "RPJMD Lampung Barat 2021-2026"\n',
        encoding="utf-8",
    )
    rows = _json(cli("targets", "show", "18.04", "--targets", str(f), "-f", "json"))
    r = next(r for r in rows if r["indicator"] == "poverty_rate_p0")
    assert r["baseline_value"] == 12.92 and r["latest_value"] == 10.68
    assert r["annual_reduction_needed"] == pytest.approx((10.68 - 9.5) / 2)
    assert r["path_value"] == pytest.approx(12.92 + (9.5 - 12.92) * 5 / 7, abs=1e-3)
    bad = tmp_path / "bad.toml"
    bad.write_text("[[target]]\nindicator = 'x'\n", encoding="utf-8")
    _one_sentence(cli("targets", "show", "18.04", "--targets", str(bad)), 3)


def test_compare(cli):
    rows = _json(
        cli(
            "indicators",
            "compare",
            "18.04",
            "--admin-stunting",
            "18.2",
            "--admin-extreme-poor",
            "15000",
            "--admin-decile1",
            "30000",
            "-f",
            "json",
        )
    )
    st = rows[0]
    assert st["survey_value"] == 20.5 and st["difference"] == pytest.approx(-2.3)
    ext = rows[1]
    assert ext["survey_value"] == round(0.0337 * 303_397) and ext["admin_value"] == 15000
    # the method in the output language: Indonesian numbers, month and words by default, English with --lang en
    assert ext["method"].startswith("3,37% (Maret 2022) × penduduk 303.397 (estimasi pertengahan tahun 2022; ")
    en = _json(cli("--lang", "en", "indicators", "compare", "18.04", "--admin-extreme-poor", "15000", "-f", "json"))
    assert en[0]["method"].startswith("3.37% (2022 March) × population 303,397 (2022 mid-year estimate; ")
    csv_text = cli("indicators", "compare", "18.04", "--admin-extreme-poor", "15000", "-f", "csv").stdout
    method = next(csv.DictReader(io.StringIO(csv_text)))["method"]
    assert "population" not in method and "March" not in method and "penduduk" in method
    _one_sentence(cli("indicators", "compare", "18.04"), 2)


@pytest.mark.parametrize(("lang", "words"), [
    ("id", {"comparison_text": "miskin ekstrem", "unit_text": "jiwa", "survey_period_text": "Maret",
            "admin_source_text": "registri (DTKS/P3KE)", "survey_indicator_text": "Persentase penduduk miskin ekstrem"}),
    ("en", {"comparison_text": "extreme poor", "unit_text": "persons", "survey_period_text": "March",
            "admin_source_text": "registry (DTKS/P3KE)", "survey_indicator_text": "Extreme poverty rate"}),
])
def test_compare_files_say_the_codes_in_words_beside_them(cli, lang, words):
    """CSV/JSON keep the codes (comparison, unit, survey_period, …) and carry each in the output language
    (``*_text``, right after it), as the table shows it."""
    for fmt in ("csv", "json"):
        out = cli("--lang", lang, "indicators", "compare", "18.04", "--admin-extreme-poor", "15000", "-f", fmt).stdout
        row = next(csv.DictReader(io.StringIO(out))) if fmt == "csv" else json.loads(out)[0]
        assert (row["comparison"], row["unit"], row["survey_period"]) == ("extreme poor", "persons", "March")
        assert {k: row[k] for k in words} == words
        keys = list(row)
        assert all(keys.index(f"{k}_text") == keys.index(k) + 1 for k in ("comparison", "unit", "survey_period"))
        assert row["survey_source_text"] and (lang == "en" or "evaluation" not in row["survey_source_text"])


def test_chart_png_and_svg(cli, tmp_path: Path):
    png = tmp_path / "trend.png"
    res = cli("indicators", "chart", "18.04", "--indicator", "stunting", "--out", str(png))
    assert res.exit_code == 0, res.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tmp_path / "peers.svg"
    res = cli("indicators", "chart", "18.04", "-i", "poverty", "--kind", "peers", "--out", str(svg))
    assert res.exit_code == 0, res.stderr
    assert "<svg" in svg.read_text(encoding="utf-8")[:2000]
    _one_sentence(cli("indicators", "chart", "18.04", "-i", "poverty", "--out", str(tmp_path / "x.pdf")), 2)


def test_indicators_list(cli):
    names = {r["name"] for r in _json(cli("indicators", "list", "--format", "json"))}
    assert {"poverty_rate_p0", "stunting_prevalence_ssgi", "area_km2"} <= names


def test_add_quarantines_bad_rows_and_keeps_the_good(cli, tmp_path: Path):
    """Nothing lost, nothing silent: rows read = accepted + quarantined, each bad row with its reasons."""
    f = tmp_path / "campur.csv"
    f.write_text(
        "region_code,indicator,year,value,source\n"
        "18.04,poverty_rate_p0,2024,11.2,BPS Lampung Barat 2024\n"
        "18.04,poverty_rate_p0,2023,abc,BPS Lampung Barat 2023\n"
        "77.77,poverty_rate_p0,2023,10,BPS\n"
        '18.04,poverty_rate_p0,20x2,"9,5",\n'
        "18.04,poverty_rate_p0,2022,\"12,5\",BPS Lampung Barat 2022\n"
        "18.04,poverty_rate_p0,2021,1,BPS,lebih,lagi\n",
        encoding="utf-8",
    )
    added = _json(cli("indicators", "add", str(f), "--format", "json"))[0]
    assert (added["rows_read"], added["rows"], added["quarantined"]) == (6, 2, 4)
    shown = cli("indicators", "add", str(f), "--lang", "en")  # the same file again: unchanged, same counts
    assert shown.exit_code == 0 and "Quarantined" in shown.stdout
    rows = _json(cli("quarantine", "list", "--kind", "indicators", "--format", "json"))
    by_line = {r["source_line"]: r["reasons"] for r in rows}
    assert by_line[3] == "value_not_number" and by_line[4] == "region_unknown"
    assert set(by_line[5].split(", ")) == {"source_missing", "year_not_number"}
    assert "row_malformed" in by_line[7]
    values = _json(cli("indicators", "show", "18.04", "-i", "poverty_rate_p0", "-f", "json"))
    assert {(r["year"], r["value"]) for r in values if r["origin"] == "indicators:campur"} == {(2024, 11.2), (2022, 12.5)}


def test_add_report_names_the_reasons(cli, tmp_path: Path):
    f = tmp_path / "satu.csv"
    f.write_text("region_code,indicator,year,value,source\n18.04,poverty_rate_p0,2024,11.2,BPS\n"
                 "18.04,poverty_rate_p0,2023,,BPS\n", encoding="utf-8")
    res = cli("indicators", "add", str(f))
    assert res.exit_code == 0, res.stderr
    assert "value_not_number: 1 — value bukan angka" in res.stdout
    assert "lokus quarantine list --snapshot indicators:satu" in res.stdout


def test_compare_for_a_kecamatan_says_whose_survey_it_is(cli):
    args = ("indicators", "compare", "18.04.04", "--admin-stunting", "20", "--admin-extreme-poor", "150")
    out_id = cli(*args).stdout
    assert "Catatan:" in out_id and "tidak punya angka survei sendiri" in out_id and "Kabupaten Lampung Barat" in out_id
    assert "jadi tidak ada perkiraan" in out_id
    out_en = cli("--lang", "en", *args).stdout
    assert "Notes:" in out_en and "has no survey figure of its own" in out_en and "so there is no estimate" in out_en
    rows = _json(cli(*args, "-f", "json"))
    assert [r["note"] for r in rows] == ["survey_of_parent", "no_rate"]
