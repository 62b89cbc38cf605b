"""One writer of the generated CSV files the property tests of the readers compare on."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import strategies as st

CELL = st.text(st.sampled_from(list('abZ 09,;|\t"\'.-é') + ["\r", "\n"]), max_size=5)


def write_case(folder: Path, delimiter: str, newline: str, width: int, rows: list[list[str]], quoting: int,
               title: bool, damage: tuple[int, str] | None, trailing: int) -> Path:
    """``folder/t.csv``: a header ``h0 … h{width-1}`` and ``rows`` (cut to ``width``) written by :mod:`csv`,
    optionally below a title and a blank line, with ``trailing`` empty lines and one ``damage`` (position,
    text) inserted."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline, quoting=quoting)
    writer.writerow([f"h{j}" for j in range(width)])
    for row in rows:
        writer.writerow(row[:width])
    text = ("JUDUL\n\n" if title else "") + buf.getvalue() + newline * trailing
    if damage is not None:
        at = damage[0] % (len(text) + 1)
        text = text[:at] + damage[1] + text[at:]
    path = folder / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    return path
