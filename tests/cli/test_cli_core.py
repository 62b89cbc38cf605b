import json


def test_regions_show_json_villages(cli):
    res = cli("regions", "show", "18.04", "--format", "json")
    assert res.exit_code == 0, res.stderr
    rows = json.loads(res.stdout)
    assert len(rows) == 136
    assert {r["kind"] for r in rows} == {"desa", "kelurahan"}
    assert sum(r["local_kind"] == "pekon" for r in rows) == 131


def test_regions_show_json_districts(cli):
    res = cli("regions", "show", "1804", "--level", "district", "--format", "json")
    assert res.exit_code == 0
    assert len(json.loads(res.stdout)) == 15


def test_regions_table_summary(cli):
    res = cli("regions", "show", "18.04")
    assert res.exit_code == 0
    assert "15 kecamatan" in res.stdout and "131 pekon" in res.stdout


def test_unknown_option_one_sentence(cli):
    res = cli("regions", "show", "18.04", "--bogus")
    assert res.exit_code == 2
    assert "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert "--bogus" in res.stderr


def test_bad_choice_in_english(cli):
    res = cli("regions", "show", "18.04", "--level", "planet", "--lang", "en")
    assert res.exit_code == 2
    assert "planet" in res.stderr and "valid values" in res.stderr


def test_unknown_region(cli):
    res = cli("regions", "show", "99.99")
    assert res.exit_code != 0
    assert "99.99" in res.stderr and "Traceback" not in res.stderr


def test_nik_check_csv(cli):
    res = cli("nik", "check", "1804045607900001", "1.80404E+15", "--format", "csv", "--lang", "en")
    assert res.exit_code == 0
    lines = res.stdout.strip().splitlines()
    assert lines[1].startswith("1804045607900001,1804045607900001,True")
    assert "nik_scientific" in lines[2]


def test_nik_check_table_writes_the_birth_date_in_the_output_language(cli):
    # NIK 1804045607900001: a woman (day 56 = 16 + 40) born 16 July 1990; CSV and JSON keep ISO 8601
    for lang, shown in (("id", "16 Juli 1990"), ("en", "16 July 1990")):
        res = cli("--lang", lang, "nik", "check", "1804045607900001")
        assert res.exit_code == 0 and shown in res.stdout and "1990-07-16" not in res.stdout, res.stdout
    assert "1990-07-16" in cli("nik", "check", "1804045607900001", "--format", "csv").stdout


def test_error_text_is_never_read_as_markup_or_emoji(cli):
    res = cli("regions", "show", "[bold]:x:")
    assert res.exit_code == 2
    assert "[bold]:x:" in res.stderr and "❌" not in res.stderr


def test_python_dash_m_lokus_is_the_lokus_command() -> None:
    """``python -m lokus`` runs the same command as the ``lokus`` script, under the same name."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "lokus", "--lang", "en", "regions", "show", "18.04"],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert "Lampung Barat" in out.stdout
    usage = subprocess.run([sys.executable, "-m", "lokus", "--lang", "en", "nonsense"], capture_output=True,
                           text=True, check=False)
    assert usage.returncode != 0
    assert "lokus" in usage.stderr and "__main__" not in usage.stderr
