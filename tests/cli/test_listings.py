"""Long listings (people, households, quarantined rows, deliveries, audit entries) show the first
``--limit`` rows as a table and say how many more there are; CSV and JSON give every row."""

from __future__ import annotations

import csv
import io

import click
import pytest
import typer

from lokus.cli._output import LIMIT_OPTION

# Every listing whose rows are people, households, quarantined rows, deliveries or audit entries.
LONG_LISTINGS = {
    ("gaps",), ("worklist",), ("stunting-risk",), ("quarantine", "list"), ("audit", "list"),
    ("measurements", "disagreements"), ("snapshots", "diff"), ("programs", "unmatched"), ("interventions", "list"),
}


def _commands() -> dict[tuple[str, ...], click.Command]:
    from lokus.cli.main import app

    found: dict[tuple[str, ...], click.Command] = {}

    def walk(cmd: click.Command, path: tuple[str, ...]) -> None:
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                walk(sub, (*path, name))
        found[path] = cmd

    walk(typer.main.get_command(app), ())
    return found


def _option(cmd: click.Command, name: str) -> click.Parameter | None:
    return next((p for p in cmd.params if name in getattr(p, "opts", ())), None)


@pytest.mark.parametrize("path", sorted(LONG_LISTINGS))
def test_long_listings_take_the_one_limit_option(path: tuple[str, ...]) -> None:
    cmd = _commands()[path]
    assert _option(cmd, "--format") is not None
    limit = _option(cmd, "--limit")
    assert limit is not None, f"lokus {' '.join(path)} has no --limit"
    assert limit.default == LIMIT_OPTION.default == 50 and getattr(limit, "help", None) == LIMIT_OPTION.help


def test_limit_is_the_page_option_everywhere() -> None:
    """``--limit`` means one thing: every command that has it has the shared option."""
    for path, cmd in _commands().items():
        limit = _option(cmd, "--limit")
        if limit is not None and "--memory-limit" not in getattr(limit, "opts", ()):
            assert path in LONG_LISTINGS, f"lokus {' '.join(path)}: --limit outside the long listings"


@pytest.mark.parametrize("args", [("worklist", "--office", "dinsos"), ("audit", "list")])
def test_table_shows_the_first_rows_and_says_how_many_more(ws_cli, args) -> None:  # noqa: ANN001
    for _ in range(3):  # views of personal data: the audit log has rows
        assert ws_cli("worklist", "--office", "dinsos", "--format", "json").exit_code == 0
    every = ws_cli(*args, "--format", "csv")
    assert every.exit_code == 0, every.stderr
    n = len(list(csv.DictReader(io.StringIO(every.stdout))))
    assert n >= 2
    assert len(list(csv.DictReader(io.StringIO(ws_cli(*args, "--format", "csv", "--limit", "1").stdout)))) >= n
    table = ws_cli(*args, "--limit", "1")
    assert table.exit_code == 0, table.stderr
    assert f"… dan {n - 1} baris lagi (--limit N" in table.stdout
    english = ws_cli("--lang", "en", *args, "--limit", "1")
    assert "… and" in english.stdout and f"{n - 1} more {'row' if n == 2 else 'rows'} (--limit N" in english.stdout
    everything = ws_cli(*args, "--limit", "0")
    assert "baris lagi" not in everything.stdout


@pytest.mark.parametrize(("lang", "action", "accepted"), [("id", "Lihat daftar kerja", "Diterima"),
                                                          ("en", "View worklist", "Accepted")])
def test_audit_actions_and_accepted_rows_are_words_for_people(ws_cli, lang: str, action: str,  # noqa: ANN001
                                                              accepted: str) -> None:
    """`audit list` names what was done in the output language (CSV/JSON keep the action code);
    `snapshots list` calls the accepted rows so, not "rows" beside "rows read"."""
    assert ws_cli("worklist", "--office", "dinsos", "--format", "json").exit_code == 0
    table = ws_cli("--lang", lang, "audit", "list")
    assert table.exit_code == 0, table.stderr
    assert action in " ".join(table.stdout.replace("│", " ").split()) and "worklist.view" not in table.stdout
    assert "worklist.view" in ws_cli("--lang", lang, "audit", "list", "--format", "csv").stdout
    assert accepted in ws_cli("--lang", lang, "snapshots", "list").stdout


def test_every_audit_action_has_words_for_people() -> None:
    """Every action code the core records has words for people: the command line's by a literal
    (``audit(ws, "x.y")``, ``Audit(…, "x.y")``, ``"action": "x.y"``) with a catalogue label, the web's by the
    ``<web|api>.<resource>.<verb>`` scheme (every combination described)."""
    import itertools
    import re
    from pathlib import Path

    from lokus.privacy import describe_action
    from lokus.privacy._actions import RESOURCES, Surface, Verb, web_action

    src = Path(__file__).resolve().parents[2] / "src" / "lokus"
    pattern = re.compile(r'(?:\baudit(?:_view)?\(\s*\w+(?:\(\))?,\s*|\.audit\(\s*|Audit\(\s*[\w()]+,\s*|action(?::\s*str)?\s*=\s*'
                         r'|"action":\s*)"([a-z-]+(?:\.[a-z_-]+)+)"')
    codes = {m for p in src.rglob("*.py") for m in pattern.findall(p.read_text(encoding="utf-8"))}
    assert {"quarantine.list", "worklist.export", "person.erase", "workspace.retention"} <= codes
    codes |= {web_action(s, r, v) for s, r, v in itertools.product(Surface, RESOURCES, Verb)}
    for lang in ("id", "en"):
        assert sorted(c for c in codes if describe_action(c, lang) == c) == []
