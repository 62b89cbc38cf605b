"""Packaged texts people read (program catalogue, policies, kecamatan headers) exist in both languages and
are picked by one helper, :func:`lokus.i18n.localized`."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


def test_localized_prefers_the_language_column_and_falls_back():
    from lokus.i18n import localized

    row = {"title": "Judul", "title_en": "Title", "note": "catatan", "note_en": ""}
    assert localized(row, "title", "en") == "Title" and localized(row, "title", "id") == "Judul"
    assert localized(row, "note", "en") == "catatan"  # empty: the base text
    assert localized({"x": None}, "x", "en") == "" and localized({}, "x", "id") == ""

    @dataclass
    class Thing:
        name: str
        name_en: str = ""

    assert localized(Thing("Nama", "Name"), "name", "en") == "Name"
    assert localized(Thing("Nama"), "name", "en") == "Nama"


def test_every_builtin_program_has_names_and_a_plain_description_in_both_languages():
    from lokus.convergence import load_catalogue

    cat = load_catalogue()
    for p in cat.programs:
        assert p.name_en and p.description and p.description_en, p.code
        assert p.title("id") == p.name and p.title("en") == p.name_en
        for text in (p.describe("id"), p.describe("en")):
            assert "==" not in text and "receives(" not in text and "decile <" not in text  # plain words, no rule
    assert cat.get("AIR_BERSIH").title("en") == "Access to safe drinking water"
    assert "belum menerima PKH maupun Sembako" in cat.get("BLT_DD").describe("id")


@pytest.mark.parametrize("name", ["lampung-barat-2022", "coverage-75", "indeks-gabungan"])
def test_every_builtin_policy_has_its_title_and_description_in_both_languages(name):
    from lokus.loci import load_policy

    p = load_policy(name)
    assert p.title_en and p.description_id
    assert p.title_in("id") == p.title and p.title_in("en") == p.title_en
    assert p.description_in("en") == p.description and p.description_in("id") == p.description_id
    assert not [w for w in ("terbanyak", "didahulukan", "desa dipilih", "porsi") if w in p.title_in("en")]


def test_kecamatan_is_never_called_district_in_english():
    from lokus.cli import _messages  # noqa: F401  (registers the CLI's messages)
    from lokus.i18n import header, t

    assert header("kecamatan", "en") == "Subdistrict (kecamatan)"
    assert header("district_name", "en") == "Subdistrict (kecamatan)"
    assert t("level.district", "en") == "subdistrict (kecamatan)"
    assert t("policy_unit.district", "en") == "subdistrict (kecamatan)"
    assert "subdistricts (kecamatan)" in t("cli.regions.summary", "en", districts=15, villages=136, kinds="")
    assert header("kecamatan", "id") == "Kecamatan"


def test_every_builtin_regulation_has_its_notes_in_english_with_the_official_title():
    """``regulation_en`` keeps the regulation's official title as enacted (Indonesian) and gives the notes in English."""
    from lokus.convergence import load_catalogue

    for p in load_catalogue().programs:
        assert p.regulation and p.regulation_en, p.code
        assert p.regulation_text("id") == p.regulation and p.regulation_text("en") == p.regulation_en
        title = p.regulation.split(" (")[0].split(";")[0].split(",")[0]
        assert p.regulation_en.startswith(title), p.code  # the official title, untranslated
        for word in ("sasaran", "periksa", "bagi ", "yang belum", "keluarga dengan", "komponen", "pilar", "diubah"):
            assert word not in p.regulation_en, (p.code, word)
