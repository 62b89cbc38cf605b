"""`lokus --help` and `lokus <cmd> --help` in Bahasa Indonesia by default, English with --lang en.

The code keeps its help in English; ``lokus.cli._help_id.HELP_ID`` holds the Indonesian of every
command description, option and argument help, keyed by the English text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import typer

from lokus.cli._help_id import HELP_ID, paragraphs

CATALOGUE = "src/lokus/cli/_help_id.py"


def _walk(cmd: Any, path: str) -> Iterator[tuple[str, Any]]:
    yield path, cmd
    for name, sub in sorted((getattr(cmd, "commands", None) or {}).items()):
        yield from _walk(sub, f"{path} {name}")


def _english_help() -> dict[str, str]:
    """Every help paragraph the command tree shows (English, as written in the code) → where it is."""
    from lokus.cli.main import app

    found: dict[str, str] = {}
    for path, cmd in _walk(typer.main.get_command(app), "lokus"):
        help_option = cmd.get_help_option(cmd.context_class(cmd))
        sources = [(path, cmd.help), (path, cmd.short_help)]
        for param in [*cmd.params, help_option]:
            if param is None or getattr(param, "hidden", False):
                continue
            name = param.opts[-1] if param.param_type_name == "option" else (param.name or "").upper()
            sources.append((f"{path} {name}", getattr(param, "help", None)))
        for where, text in sources:
            for para in paragraphs(text or ""):
                found.setdefault(para, where)
    return found


def test_every_help_text_has_an_indonesian_entry() -> None:
    missing = {text: where for text, where in _english_help().items() if text not in HELP_ID}
    lines = "\n".join(f"    {json.dumps(text, ensure_ascii=False)}: \"\",  # {where}" for text, where in missing.items())
    assert not missing, (
        f"{len(missing)} help text(s) have no Bahasa Indonesia. Paste these lines into HELP_ID in {CATALOGUE} "
        f"and write the Indonesian between the empty quotes:\n{lines}"
    )


def test_every_argument_has_its_name_in_both_languages(cli) -> None:
    """An argument's name shows in the usage line, the argument table and the "argument … is required" sentence:
    each has ``cli.help.arg.<name>`` (``policy show`` said ``NAME`` in Indonesian, ``snapshots diff`` ``A``)."""
    from lokus.cli.main import app
    from lokus.i18n import has, t

    missing = sorted({f"{path} {p.name}" for path, cmd in _walk(typer.main.get_command(app), "lokus")
                      for p in cmd.params if p.param_type_name == "argument" and not has(f"cli.help.arg.{p.name}")})
    assert missing == [], f"add cli.help.arg.<name> (id and en) in {CATALOGUE} for: {missing}"
    res = cli("policy", "show")
    assert res.exit_code != 0 and f"Argumen {t('cli.help.arg.name', 'id').upper()} wajib diisi" in res.stderr
    assert "NAME" not in res.stderr
    assert "{snapshot_lama} {snapshot_baru}" in cli("snapshots", "diff", "--help").stdout
    assert "{nik}..." in cli("nik", "check", "--help").stdout


def test_no_entry_is_left_over() -> None:
    shown = _english_help()
    stale = sorted(text for text in HELP_ID if text not in shown)
    assert stale == [], f"HELP_ID in {CATALOGUE} has entries no command shows any more (remove or update): {stale}"


def test_entries_are_translated_and_safe_for_rich() -> None:
    untranslated = sorted(en for en, idn in HELP_ID.items() if not idn.strip() or idn == en)
    assert untranslated == []
    # Typer renders help as Rich markup: a "[" the English does not have would be eaten as a tag.
    assert sorted(en for en, idn in HELP_ID.items() if idn.count("[") > en.count("[")) == []
    assert sorted(en for en in HELP_ID if paragraphs(en) != [en]) == [], "keys are single, whitespace-collapsed paragraphs"


def test_root_help_is_indonesian_by_default(cli) -> None:
    res = cli("--help")
    assert res.exit_code == 0
    out = res.stdout
    for text in ("Penggunaan: lokus [OPSI] PERINTAH [ARGUMEN]...", "Kode wilayah Kemendagri.",
                 "Muat berkas ke workspace.", "Tampilkan bantuan ini lalu keluar.", "Bahasa: id (bawaan) atau en.",
                 "Opsi", "Perintah"):
        assert text in out, text
    for english in ("Usage:", "Kemendagri region codes", "Show this message and exit.", "Run the demo",
                    "Load files into the workspace", " / "):
        assert english not in out, english


def test_root_help_is_english_with_lang_en(cli) -> None:
    out = cli("--lang", "en", "--help").stdout
    for text in ("Usage: lokus [OPTIONS] COMMAND [ARGS]...", "Kemendagri region codes.",
                 "Load files into the workspace.", "Show this message and exit.", "Language: id (default) or en."):
        assert text in out, text
    for indonesian in ("Penggunaan", "Kode wilayah", "Tampilkan bantuan", "Muat berkas"):
        assert indonesian not in out, indonesian


@pytest.mark.parametrize(("args", "indonesian", "english"), [
    (["gaps"], ["Kesenjangan cakupan (galat eksklusi)", "Snapshot registri (bawaan: yang terbaru).",
                "[bawaan: program]"],
     ["Coverage gaps (exclusion)", "Registry snapshot (default: the latest).", "[default: program]"]),
    (["regions", "show"], ["Penggunaan: lokus regions show [OPSI]", "Daftar wilayah di bawah KODE",
                           "Argumen", "[wajib]"],
     ["Usage: lokus regions show [OPTIONS]", "List the regions under CODE", "Arguments", "[required]"]),
    (["loci"], ["Lokus prioritas: peringkat desa", "Nama kebijakan bawaan atau berkas .toml",
                "Mengapa suatu unit terpilih"],
     ["Priority villages, ranked and explained.", "Built-in policy name or a .toml file",
      "Why a unit is (not) selected"]),
    (["ingest", "registry"], ["Muat ekspor DTKS, P3KE atau DTSEN", "Lembar buku kerja"],
     ["Load a DTKS, P3KE or DTSEN export", "Workbook sheet"]),
])
def test_subcommand_help_in_both_languages(cli, args: list[str], indonesian: list[str], english: list[str]) -> None:
    out_id = cli(*args, "--help").stdout
    out_en = cli(*args, "--help", "--lang", "en").stdout
    assert [t for t in indonesian if t not in out_id] == []
    assert [t for t in english if t not in out_en] == []
    assert [t for t in english if t in out_id] == []


def test_help_fits_an_80_column_terminal(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for args in (["--help"], ["gaps", "--help"], ["users", "add", "--help"]):
        out = cli(*args).stdout
        assert max(len(line) for line in out.splitlines()) <= 80, args


def test_the_command_reference_stays_english(cli) -> None:
    from lokus.cli._docs import cli_reference

    cli("--help")  # an Indonesian run in the same process leaves the commands English for the docs
    text = cli_reference()
    assert "Kemendagri region codes." in text and "Show tracebacks." in text
    assert "Kode wilayah Kemendagri" not in text and "Tampilkan" not in text
