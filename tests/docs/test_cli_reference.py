"""Docs that tests keep honest: the command reference is generated and must be current."""

from pathlib import Path

from lokus.cli._docs import cli_reference

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_is_current():
    doc = ROOT / "docs" / "reference" / "cli.md"
    assert doc.read_text(encoding="utf-8") == cli_reference(), (
        "docs/reference/cli.md is out of date: run `.venv/bin/python -m lokus.cli._docs > docs/reference/cli.md`"
    )


def test_every_command_has_help():
    missing = [line for line in cli_reference().splitlines() if line.startswith("#") and "`lokus" in line]
    text = cli_reference()
    for heading in missing:
        block = text.split(heading, 1)[1].lstrip("\n")
        assert not block.startswith("#"), f"{heading} has no help text"


def test_listing_commands_take_format():
    text = cli_reference()
    for name in ("lokus regions show", "lokus snapshots list", "lokus loci", "lokus quarantine list",
                 "lokus indicators show", "lokus policy list", "lokus audit list", "lokus stunting loci"):
        block = text.split(f"`{name}`", 1)[1].split("\n#", 1)[0]
        assert "`--format`" in block, f"{name} lacks --format"
