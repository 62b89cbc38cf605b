"""The quarantine's reason sentences do not depend on what a command imported before."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(("kind", "code", "lang", "expected"), [
    ("measurements", "date_missing", "en", "birth or measurement date is empty"),
    ("registry", "decile_missing", "id", "desil kesejahteraan kosong"),
    ("stunting_loci", "village_missing", "en", "the village code is empty"),
])
def test_reason_sentences_load_with_the_quarantine_alone(kind, code, lang, expected):
    """An export of a measurements snapshot showed ``date_missing`` as its own message: the kind's
    catalogue had not been imported. In a fresh interpreter that imports only the quarantine:"""
    script = f"from lokus.quarantine import reason_message; print(reason_message({code!r}, {kind!r}, {lang!r}))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == expected
