"""The language layer's catalogue is complete: every key has Bahasa Indonesia and English, and every
key the source names literally (``t("...")``, error classes, ``Col("...")`` headers) exists."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string
from pathlib import Path

import pytest

import lokus
from lokus.i18n import LANGS, MESSAGES, has, has_header

SRC = Path(lokus.__file__).parent
# Optional front ends whose dependencies a minimal install may lack.
OPTIONAL = ("lokus.web",)


def _import_everything() -> None:
    for info in pkgutil.walk_packages(lokus.__path__, "lokus."):
        if info.name.startswith(OPTIONAL) or info.name.endswith("__main__"):
            continue
        try:
            importlib.import_module(info.name)
        except ImportError as exc:  # an optional dependency: its catalogue is checked where installed
            if getattr(exc, "name", "") and not str(getattr(exc, "name", "")).startswith("lokus"):
                continue
            raise


_import_everything()


def _sources() -> list[tuple[Path, str]]:
    return [(p, p.read_text(encoding="utf-8")) for p in sorted(SRC.rglob("*.py"))]


def test_every_message_has_both_languages() -> None:
    bad = {key: sorted(set(LANGS) - {lang for lang, text in texts.items() if isinstance(text, str) and text})
           for key, texts in MESSAGES.items()}
    assert {k: v for k, v in bad.items() if v} == {}


def test_every_message_is_a_valid_format_string() -> None:
    broken = []
    for key, texts in MESSAGES.items():
        for lang in LANGS:
            try:
                list(string.Formatter().parse(texts[lang]))
            except ValueError:
                broken.append((key, lang))
    assert broken == []


KEY = r"[a-z][a-z0-9_]*(?:\.[A-Za-z0-9_ ()\-]+)+"
LITERAL_KEYS = (
    re.compile(rf'\bt\(\s*"({KEY})"'),
    re.compile(rf'\bt_n\(\s*"({KEY})"'),
    re.compile(rf'\bmsg\(\s*"({KEY})"'),
    re.compile(rf'\b[A-Z]\w*Error\(\s*"({KEY})"'),
    re.compile(rf'\bdefault_key\s*=\s*"({KEY})"'),
)


def test_every_literal_key_in_the_source_exists() -> None:
    missing = sorted(
        f"{path.relative_to(SRC)}: {key}"
        for path, text in _sources()
        for pattern in LITERAL_KEYS
        for key in pattern.findall(text)
        if not has(key)
    )
    assert missing == []


def test_every_column_the_cli_shows_has_a_header() -> None:
    cli = SRC / "cli"
    names = {name for p in cli.glob("*.py") for name in re.findall(r'\bCol\(\s*"(\w+)"', p.read_text("utf-8"))}
    assert names, "the column-spec pattern changed; update this test"
    assert sorted(n for n in names if not has_header(n)) == []


@pytest.mark.parametrize("lang", LANGS)
def test_headers_differ_from_snake_case(lang: str) -> None:
    from lokus.i18n import header

    snake = [k.removeprefix("col.") for k in MESSAGES if k.startswith("col.")]
    assert [c for c in snake if "_" in c and header(c, lang) == c] == []


BRANCH = re.compile(r'\bif en\b|\ben = .*lang|lang\s*[!=]=\s*["\'](?:id|en)["\']|["\']en["\'] if|\ben=(?:en|True|False)\b')


def test_no_inline_language_branches() -> None:
    """Text is chosen by the catalogue, never by ``if lang == "en"`` (lokus.i18n itself excepted)."""
    found = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path, text in _sources()
        if path.name != "i18n.py"
        for n, line in enumerate(text.splitlines(), start=1)
        if BRANCH.search(line)
    ]
    assert found == []


def test_error_counts_follow_the_language() -> None:
    """A count in an error sentence is written the reader's way, decided when the sentence is made."""
    from lokus.poverty._fgt import SurveyDataError

    err = SurveyDataError("error.poverty.weight", column="bobot", count=12345, row=7)
    assert "12.345" in err.message("id") and "12,345" in err.message("en")
    assert "baris 7" in err.message("id")  # a line number is not a count


def test_one_thing_is_said_in_the_singular() -> None:
    """English says "1 row", "2 rows" (Indonesian has no plural): a sentence about a count picks its ``.one``
    text for one (:func:`lokus.i18n.t_n`), in ``t_n`` and in every error with a ``count`` or ``n``."""
    from lokus.i18n import t_n
    from lokus.poverty._fgt import SurveyDataError

    assert [t_n("count.row", n, "en") for n in (0, 1, 2, 1234)] == ["0 rows", "1 row", "2 rows", "1,234 rows"]
    assert [t_n("count.row", n, "id") for n in (1, 1234)] == ["1 baris", "1.234 baris"]
    assert t_n("cli.table.more_rows", 1, "en").startswith("… and 1 more row (")
    one = SurveyDataError("error.poverty.weight", column="bobot", count=1, row=7)
    assert one.message("en").startswith("1 row has a missing") and "(row 7)" in one.message("en")
    many = SurveyDataError("error.poverty.weight", column="bobot", count=2, row=7)
    assert many.message("en").startswith("2 rows have a missing")


def test_a_singular_text_has_its_plural_and_no_other_parameters() -> None:
    fields = {key: {lang: {f for _, f, _, _ in string.Formatter().parse(texts[lang]) if f} for lang in LANGS}
              for key, texts in MESSAGES.items()}
    odd = [key for key in MESSAGES if key.endswith(".one") and (key.removesuffix(".one") not in MESSAGES
                                                                 or any(fields[key][lang] - fields[key.removesuffix(".one")][lang]
                                                                        for lang in LANGS))]
    assert odd == []


CODE_IN_PROSE = re.compile(r"\([a-z]+_[a-z_]+\)|\w\(s\)")


def test_no_code_or_plural_s_in_a_sentence() -> None:
    """A sentence names a reason in words, never by its code ("(subject_erased)"), and counts in the singular or
    the plural (:func:`lokus.i18n.t_n`), never "row(s)"."""
    found = [f"{key} [{lang}]: {texts[lang]}" for key, texts in MESSAGES.items() for lang in LANGS
             if CODE_IN_PROSE.search(texts[lang])]
    assert found == []


def test_a_moment_in_a_sentence_follows_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stored (UTC) timestamp is said in the reader's language and time zone, named; never ISO."""
    import time
    from datetime import date, datetime

    from lokus.errors import WorkspaceError
    from lokus.i18n import fmt_datetime
    from lokus.quarantine import ReasonPhrase

    monkeypatch.setenv("TZ", "Asia/Jakarta")
    time.tzset()
    try:
        when = datetime(2026, 12, 2, 12, 29, 41)  # as lokus stores it: UTC, no zone
        assert fmt_datetime(when, "id") == "2 Desember 2026 19.29 WIB"
        assert fmt_datetime(when, "en") == "2 December 2026 19:29 WIB"
        assert fmt_datetime(date(2026, 12, 2), "en") == "2 December 2026" and fmt_datetime(None) == ""
        err = WorkspaceError("privacy.person.already_erased", masked="180404**********", when=when,
                             reason=ReasonPhrase("subject_erased"))
        assert "2 Desember 2026 19.29 WIB" in err.message("id") and "2 December 2026 19:29 WIB" in err.message("en")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_no_timestamp_is_put_into_a_sentence_as_iso() -> None:
    """``strftime("%Y-%m-%d …")`` and ``isoformat()`` are for files and JSON; a sentence gets
    :func:`lokus.i18n.fmt_datetime` / :func:`lokus.i18n.fmt_date` (or the date itself as an error parameter)."""
    iso = re.compile(r"""\b\w+=\w+(\.\w+)*\.(strftime\(["']%Y-%m-%d|isoformat\(\))""")  # a keyword argument
    sentence = re.compile(r"\b(t|Phrase|\w+Error)\(")  # … of a sentence opened on this line or the 3 before
    found = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path, text in _sources()
        for lines in [text.splitlines()]
        for n, line in enumerate(lines, start=1)
        if iso.search(line) and sentence.search("\n".join(lines[max(0, n - 4):n]))
    ]
    assert found == []


@pytest.mark.parametrize(("column", "lang", "expected"), [
    ("residents_a", "id", "Warga A"), ("decile1_people_b", "en", "Decile-1 people B"),  # loci diff sides
    ("raw:Tgl Lahir", "id", "Tgl Lahir (asli)"), ("raw:nik", "en", "nik (as in the file)"),  # a file's own header
    ("gap_pkh", "en", "Gap PKH"), ("registry_snapshot", "id", "Snapshot registri"),
    ("nonsense_a", "id", "nonsense_a"),  # no family without a known base column
])
def test_column_families_have_headers(column: str, lang: str, expected: str) -> None:
    from lokus.i18n import header

    assert header(column, lang) == expected
    assert has_header(column) == (expected != column)


def test_a_topic_has_its_own_headers_and_labels_name_codes() -> None:
    from lokus.i18n import header, label

    assert header("measure", "id") == "Ukuran" and header("measure", "id", "growth") == "Cara ukur"
    assert header("zlen", "en", "growth") == header("zlen", "en")  # falls back to the shared header
    assert label("loci_change", "leaves", "id") == "keluar" and label("loci_change", "x", "en") == "x"
    assert label("loci_change", ["enters", "stays"], "en") == "enters, stays"
    assert label("loci_change", None, "en") == ""
