"""`lokus --lang id` (the default) on every listing command of the demo workspace: no English
column name or Click sentence reaches the user, numbers use the Indonesian separators, and the
tables fit an 80-column terminal (`targets show`, `snapshots list`, `stunting loci --top 5`)."""

from __future__ import annotations

import io
import json
import re
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from tests.conftest import CliResult

NIK = "1804044101850001"


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo district at 12,000 residents instead of 313,756 (same villages, programs, steps)."""
    import lokus.demo._generate as generate
    from lokus.demo import run_demo

    base = tmp_path_factory.mktemp("lang")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(generate, "TARGET_POPULATION", 12_000)
        run_demo(base / "ws.duckdb", out_dir=base / "out", seed=2022)
    rows = ["sex,age_days,weight_kg,lenhei_cm,measure"]
    rows += [f"{1 + i % 2},{100 + 40 * i},{5 + 0.3 * i:.1f},{60 + 0.9 * i:.1f},{'l' if i < 15 else 'h'}"
             for i in range(30)]
    (base / "children.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return base


@pytest.fixture
def run(demo_ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run lokus on a copy of the demo workspace at a given terminal width."""
    from lokus.cli.main import run as lokus_run

    ws = tmp_path / "ws.duckdb"
    shutil.copy(demo_ws / "ws.duckdb", ws)
    monkeypatch.delenv("LOKUS_LANG", raising=False)
    monkeypatch.setenv("LOKUS_WORKSPACE", str(ws))

    def invoke(*args: str, columns: int = 120) -> CliResult:
        monkeypatch.setenv("COLUMNS", str(columns))
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = lokus_run([str(a) for a in args])
        return CliResult(code, out.getvalue(), err.getvalue())

    return invoke


def listing_commands(demo: Path) -> list[list[str]]:
    measurements = str(demo / "children.csv")
    return [
        ["regions", "show", "18.04.04"], ["regions", "find", "liwa"], ["nik", "check", NIK, "123"],
        ["snapshots", "list"], ["snapshots", "diff", "p3ke-2022", "p3ke-2022"], ["audit", "list"],
        ["indicators", "list"], ["indicators", "show", "18.04"],
        ["indicators", "compare", "18.04", "--admin-stunting", "20", "--admin-decile1", "5000"],
        ["targets", "show", "18.04"],
        ["loci", "--top", "5"], ["loci", "--policy", "coverage-75", "--top", "5"],
        ["loci", "--policy", "indeks-gabungan", "--top", "5"], ["loci", "explain", "18.04.04.2002"],
        ["loci", "diff", "--policy-b", "coverage-75"], ["policy", "list"],
        ["programs", "list"], ["programs", "unmatched"], ["quarantine", "list", "--kind", "programs"],
        ["gaps"], ["gaps", "--by", "village"], ["gaps", "--by", "office"], ["gaps", "--by", "household"],
        ["worklist", "--office", "dinsos"], ["worklist", "--village", "18.04.04.2002"], ["stunting-risk"],
        ["participants"], ["interventions", "list"], ["measurements", "disagreements"],
        ["stunting", "loci", "--top", "5"], ["quarantine", "list"],
        ["anthro", "prevalence", measurements],
    ]


def header_text(stdout: str) -> str:
    """The header rows of every Rich table in ``stdout`` (between ┏ and ┡)."""
    heads, inside = [], False
    for line in stdout.splitlines():
        if line.startswith("┏"):
            inside = True
        elif line.startswith("┡"):
            inside = False
        elif inside:
            heads.append(line)
    return "\n".join(heads)


ENGLISH = ("Got unexpected", "No such", "Missing argument", "Missing option", "Invalid value", "Error:",
           "rows read", "accepted", "quarantined", "Usage:", "Possible options", "Did you mean")


def test_every_listing_command_speaks_indonesian(run, demo_ws: Path) -> None:
    from lokus.cli import _output

    _output.MISSING_HEADERS.clear()
    problems: list[str] = []
    for args in listing_commands(demo_ws):
        res = run(*args)
        assert res.exit_code == 0, (args, res.stderr)
        # A snake_case word in a header is a JSON/CSV key shown untranslated.
        leaked = sorted(set(re.findall(r"(?<![\w.])[a-z0-9]+(?:_[a-z0-9]+)+(?![\w.])", header_text(res.stdout))))
        if leaked:
            problems.append(f"{' '.join(args)}: English column names {leaked}")
        english = [w for w in ENGLISH if w in res.stdout or w in res.stderr]
        if english:
            problems.append(f"{' '.join(args)}: English text {english}")
    assert problems == []
    assert _output.MISSING_HEADERS == set(), "columns shown without a catalogue header"


def test_numbers_are_indonesian_in_id_and_english_in_en(run) -> None:
    rows_read = json.loads(run("snapshots", "list", "--format", "json").stdout)[0]["rows_read"]
    assert rows_read >= 1000
    ident = run("snapshots", "list")
    assert f"{rows_read:,}".replace(",", ".") in ident.stdout and f"{rows_read:,}" not in ident.stdout
    en = run("--lang", "en", "snapshots", "list")
    assert f"{rows_read:,}" in en.stdout and "Quarantined" in en.stdout and "registry" in en.stdout
    loci = run("loci", "--top", "3")
    assert " ya " in loci.stdout and "Warga desil 1" in loci.stdout
    assert " yes " in run("--lang", "en", "loci", "--top", "3").stdout
    stunting = run("stunting", "loci", "--top", "5")
    assert re.search(r"\d,\d%", stunting.stdout) and not re.search(r"\d\.\d%", stunting.stdout)
    assert re.search(r"\d\.\d%", run("--lang", "en", "stunting", "loci", "--top", "5").stdout)


def test_json_and_csv_keys_are_the_same_in_both_languages(run) -> None:
    for args in (["gaps", "--by", "household"], ["targets", "show", "18.04"], ["snapshots", "list"]):
        id_keys = json.loads(run(*args, "--format", "json").stdout)[0].keys()
        en_keys = json.loads(run("--lang", "en", *args, "--format", "json").stdout)[0].keys()
        assert list(id_keys) == list(en_keys)
        csv_id = run(*args, "--format", "csv").stdout.splitlines()[0]
        assert csv_id == run("--lang", "en", *args, "--format", "csv").stdout.splitlines()[0]
        assert csv_id == ",".join(id_keys)


def _fits(stdout: str, width: int = 80) -> None:
    assert stdout.strip()
    too_wide = [ln for ln in stdout.splitlines() if len(ln) > width]
    assert too_wide == []


def test_targets_show_fits_80_columns(run) -> None:
    res = run("targets", "show", "18.04", columns=80)
    assert res.exit_code == 0, res.stderr
    _fits(res.stdout)
    heads = header_text(res.stdout)
    assert "Indikator" in heads and "Status" in heads
    # Words stay whole (the old table printed one letter per line).
    assert "Prevalensi" in res.stdout and "tercapai" in res.stdout
    assert max(len(c.strip()) for ln in res.stdout.splitlines() if ln.startswith("│") for c in ln.split("│")) > 3


def test_snapshots_list_fits_80_columns_without_hashes_or_json(run) -> None:
    res = run("snapshots", "list", columns=80)
    assert res.exit_code == 0, res.stderr
    _fits(res.stdout)
    assert not re.search(r"[0-9a-f]{40}", res.stdout) and "{" not in res.stdout
    assert "p3ke-2022" in res.stdout and "registri" in res.stdout
    full = json.loads(run("snapshots", "list", "--format", "json").stdout)
    assert {"sha256", "details"} <= set(full[0])


def test_stunting_loci_top_5_lists_five_villages_in_80_columns(run) -> None:
    res = run("stunting", "loci", "--top", "5", columns=80)
    assert res.exit_code == 0, res.stderr
    _fits(res.stdout)
    rows = [ln for ln in res.stdout.splitlines() if re.match(r"│\s*\d+\s*│", ln)]
    assert len(rows) == 5
    names = [ln.split("│")[3].strip() for ln in rows]
    assert all(names), "village codes come with their names"
    assert re.search(r"\d,\d%", res.stdout) and not re.search(r"\d,\d{3,}", res.stdout)  # rounded
    csv_rows = run("stunting", "loci", "--top", "5", "--format", "csv").stdout.strip().splitlines()
    assert len(csv_rows) == 6 and csv_rows[0].startswith("village_code,")


def test_stunting_loci_numbers_count_down_the_listing(run) -> None:
    """The trial: `stunting loci --top 5` printed # 1, 3, 4, 5, 2 (loci first, numbered by another order).
    Rows are in rank order; the header and the caption say what the rank is, in both languages."""
    for lang, head, words in (("id", "Peringkat", "jumlah balita pendek"), ("en", "Rank", "number of stunted")):
        res = run("--lang", lang, "stunting", "loci", "--top", "5", columns=200)
        assert res.exit_code == 0, res.stderr
        assert f"┃ {head}" in res.stdout
        ranks = [int(ln.split("│")[1]) for ln in res.stdout.splitlines() if re.match(r"│\s*\d+\s*│", ln)]
        assert ranks == sorted(ranks) and len(ranks) == 5
        assert words in res.stdout and "--top 5" in res.stdout
    rows = json.loads(run("stunting", "loci", "--format", "json").stdout)
    ranked = [r["rank"] for r in rows if r["rank"] is not None]
    assert ranked == sorted(ranked) and all(r["rank"] is None for r in rows[len(ranked):])
    # a region the measurements do not reach: one sentence, not a list of villages with 0 children
    res = run("--lang", "en", "stunting", "loci", "--district", "31")
    assert res.exit_code == 2 and "│" not in res.stdout
    assert "has no children in region 31 (Daerah Khusus Ibukota Jakarta); it covers 18.04" in res.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["regions", "show", "18.04", "extra"], "Argumen berlebih yang tidak dikenal: extra."),
        (["loci", "--topp", "3"], "Opsi --topp tidak ada. Maksud Anda: --top?"),
        (["nik", "check"], "Argumen NIK wajib diisi."),
        (["loci", "--top", "x"], "harus bilangan bulat"),
        (["loci", "--format", "xml"], "'xml' bukan salah satu dari"),
        (["ingest", "stunting-loci", "x.csv"], "Opsi --snapshot wajib diisi."),
    ],
)
def test_click_usage_errors_in_indonesian(run, args: list[str], expected: str) -> None:
    res = run(*args)
    assert res.exit_code == 2
    assert expected in res.stderr and res.stderr.startswith("Galat:")
    for word in ("Got unexpected", "No such", "Missing", "Invalid value", "Error"):
        assert word not in res.stderr


def test_unknown_command_suggests_the_closest_command_and_lokus_help(run) -> None:
    res = run("snapshot", "list")
    assert res.exit_code == 2
    assert "Perintah 'snapshot' tidak ada" in res.stderr and "lokus snapshots" in res.stderr
    assert "`lokus --help`" in res.stderr and "lokus snapshot list --help" not in res.stderr
    sub = run("snapshots", "lst")
    assert "lokus snapshots list" in sub.stderr and "`lokus snapshots --help`" in sub.stderr
    en = run("--lang", "en", "foo")
    assert en.stderr.startswith("Error:") and "There is no command 'foo'" in en.stderr


def test_stunting_loci_of_the_whole_country_and_in_rank_order(run) -> None:
    """``--district national`` (or ``semua``) ranks every village of Indonesia, named as the country; the
    table lists the loci first, in rank order."""
    rows = json.loads(run("stunting", "loci", "--district", "national", "--format", "json").stdout)
    assert len(rows) == 83_762
    district = json.loads(run("stunting", "loci", "--format", "json").stdout)
    assert sum(r["stunted"] for r in rows) == sum(r["stunted"] for r in district)  # the demo measures 18.04
    table = run("stunting", "loci", "--district", "semua", "--top", "5")
    assert table.exit_code == 0 and table.stdout.startswith("Indonesia:") and "wilayah Indonesia" in table.stdout
    assert "national" not in table.stdout
    loci = [r for r in district if r["is_locus"]]
    ranks = [r["rank"] for r in district]
    assert ranks[:len(loci)] == sorted(ranks[:len(loci)])  # loci first, in rank order


def test_stunting_loci_of_a_larger_area_serve_the_district(run) -> None:
    """A stunting-loci snapshot derived for the whole country (or the province) is used for the district's part
    of it; a list of another area is still refused (``check_loci_inside``)."""
    assert run("stunting", "loci", "--district", "national", "--snapshot", "st-nat").exit_code == 0
    own = run("loci", "--top", "10", "--format", "csv").stdout.splitlines()
    national = run("loci", "--top", "10", "--stunting-loci", "st-nat", "--format", "csv").stdout.splitlines()
    assert [line.rsplit(",", 1)[0] for line in national] == [line.rsplit(",", 1)[0] for line in own]
    from lokus.loci._inputs import _covers

    assert _covers("national", "18.04") and _covers("18", "18.04") and _covers("18.04", "18.04.04")
    assert not _covers("18.03", "18.04") and not _covers("18.04", "18.04") and not _covers(None, "18.04")


# Words that give away the other language in text lokus writes (citations, captions, group and target
# names); quoted titles and addresses are the publisher's and are left out of the check.
OTHER_LANGUAGE = {
    "id": (" as reported by", " as compiled in", " as cited by", " via ", "official", " Dec 20", "province table",
           "relay:", "Age group", "Sex: ", "All ", "(registry)", "extreme poverty", "registry (", "z-scores"),
    "en": ("perantara", "tabel ", "Kelompok umur", "Jenis kelamin", "Semua ", "(registri)", "kemiskinan ekstrem",
           "registri (", "z-skor", "rilis ", "abstrak", "Desember 2024", "proyeksi", "angka nasional"),
}


def _own_words(text: str) -> str:
    """``text`` without addresses, repository files and quoted titles (the publisher's own words)."""
    text = re.sub(r"https?://\S+|github:\S+(?: [^@;\n]*)?@[0-9a-f]{7,40}", " ", text)
    return re.sub(r"'[^'\n]*'|\"[^\"\n]*\"", " ", text)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_text_from_data_files_is_wholly_in_the_output_language(run, demo_ws: Path, lang: str) -> None:
    """Citations (population, area, relays), target names, prevalence groups, captions: one language."""
    commands = [["indicators", "show", "18.04"], ["targets", "show", "18.04"], ["stunting", "loci", "--top", "3"],
                ["indicators", "compare", "18.04", "--admin-stunting", "20", "--admin-decile1", "5000"],
                ["quarantine", "list"], ["anthro", "prevalence", str(demo_ws / "children.csv")]]
    problems = []
    for args in commands:
        res = run("--lang", lang, *args, columns=400)
        assert res.exit_code == 0, (args, res.stderr)
        found = [w for w in OTHER_LANGUAGE[lang] if w in _own_words(res.stdout)]
        if found:
            problems.append(f"{' '.join(args)}: {found}")
    assert problems == []
