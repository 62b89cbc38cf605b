"""Docs that tests keep honest: every reason code and every header alias is documented."""

from __future__ import annotations

import re
from pathlib import Path

from lokus.i18n import MESSAGES
from lokus.registry import ALL_REASONS, HARD_REASONS, SOFT_REASONS
from lokus.registry._formats import alias_table_markdown

DOCS = Path(__file__).parents[2] / "docs" / "reference"
SOURCES = [
    Path(__file__).parents[2] / "src" / "lokus" / p
    for p in ("registry/_validate.py", "tables/_sqlnorm.py", "registry/_ingest.py")
]


def test_every_reason_code_is_documented():
    text = (DOCS / "reason-codes.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.M))
    assert documented == set(ALL_REASONS), (set(ALL_REASONS) - documented, documented - set(ALL_REASONS))


def test_every_emitted_code_is_a_known_reason():
    emitted: set[str] = set()
    for path in SOURCES:
        emitted |= set(
            re.findall(
                r"'((?:nik|village|decile|birth_date|household|duplicate|row|sex|flag|kk)"
                r"_[a-z_]+)'",
                path.read_text(encoding="utf-8"),
            )
        )
    emitted -= {"household_id", "birth_date_"}  # column names, not codes
    assert emitted <= set(ALL_REASONS), emitted - set(ALL_REASONS)
    assert len(emitted) > 15


def test_every_reason_has_both_languages():
    for code in ALL_REASONS:
        texts = MESSAGES[f"reason.{code}"]
        assert texts["id"] and texts["en"] and texts["id"] != texts["en"]
    assert not set(HARD_REASONS) & set(SOFT_REASONS)


def test_alias_table_is_current():
    text = (DOCS / "registry-formats.md").read_text(encoding="utf-8")
    block = text.split("<!-- BEGIN alias-table", 1)[1].split("-->", 1)[1].split("<!-- END alias-table -->")[0]
    assert block.strip() == alias_table_markdown().strip(), (
        "regenerate with: python -m lokus.registry._formats"
    )
