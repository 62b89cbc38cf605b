"""Reading delimited text line by line, so that physical lines and rows always agree.

:func:`lines_regular` tells (in one vectorised pass over the bytes) whether DuckDB's fast reader
would see every line below the header as one row; when it would not — a blank line between rows,
a stray ``"`` (a name written ``"YUNI``) — :func:`line_by_line` reads the file itself: a stray
quote is kept as a literal character, a quoted field may run over several lines, and a line of
the wrong width is set aside with its number and text.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import duckdb

from lokus._sql import sql_literal
from lokus.errors import InputFileError, Phrase

__all__ = ["lines_regular", "line_by_line"]

BADLINES = "__lokus_badlines"


# Why a line was set aside, as kept in the quarantine's raw ``_error`` (language-neutral data), and
# the sentence a person reads for it (:func:`line_problem`).
_BAD_FIELDS_TEXT = "{found} fields, expected {expected}"
_BAD_FIELDS = re.compile(r"(\d+) fields, expected (\d+)")


def line_problem(error: str) -> Phrase:
    """The reason a line could not be split (the third item of a bad line), in the reader's language
    when the sentence is made: ``5 fields, expected 3`` → "5 kolom, seharusnya 3"."""
    m = _BAD_FIELDS.fullmatch(error)
    if m:
        return Phrase("tables.file.bad_fields", found=int(m[1]), expected=int(m[2]))
    return Phrase("error.file.damaged_csv")


def _create(rel: str) -> str:
    """``CREATE TABLE`` for ``rel``: a ``temp.`` name must be created as a TEMP table."""
    if rel.startswith("temp."):
        return f"CREATE TEMP TABLE {rel.split('.', 1)[1]}"
    return f"CREATE TABLE {rel}"


def _well_formed(delimiter: str) -> re.Pattern[bytes]:
    """A line of well-formed CSV fields (quoted fields closed on the same line, ``""`` escapes)."""
    d = re.escape(delimiter.encode())
    field = b'(?:"(?:[^"]|"")*"|[^"' + d + b"\r\n]*)"
    return re.compile(b"^" + field + b"(?:" + d + field + b")*\r?$")


_FEW_QUOTES = 4096  # up to this many ``"`` in a block, each pair is checked by a byte search


def _may_have_blank_line(a: Any, has_cr: bool) -> bool:
    """Whether block ``a`` (uint8 array of complete lines joined by ``\\n``) may hold a blank line
    (empty, or a lone ``\\r``), without placing every line: two adjacent line feeds are looked for as a
    16-bit pair at even and at odd offsets; ``\\n\\r\\n`` only when the block has a ``\\r`` (``has_cr``)."""
    import numpy as np

    if a.size <= 2 or a[0] == 10 or a[-1] == 10 or (a[0] == 13 and a[1] == 10) or (a[-1] == 13 and a[-2] == 10):
        return True
    pairs = 0x0A0A
    if (a[: a.size // 2 * 2].view(np.uint16) == pairs).any() or (
        a[1 : 1 + (a.size - 1) // 2 * 2].view(np.uint16) == pairs
    ).any():
        return True
    if not has_cr:
        return False
    newlines = np.flatnonzero(a == 10)
    gaps = np.diff(newlines)
    return bool(((gaps == 2) & (a[newlines[:-1] + 1] == 13)).any())


def _odd_quote_line(data: bytes | bytearray, start: int, end: int, a: Any) -> bool:
    """Whether a line of ``data[start:end]`` (``a``: the same bytes as uint8) has an odd number of ``"``.
    The quotes, taken in order two by two, each lie on one line exactly when every line has an even
    number of them: with few quotes each pair is checked by a byte search (no per-line array)."""
    import numpy as np

    found: list[int] = []
    pos = data.find(b'"', start, end)
    while pos >= 0 and len(found) < _FEW_QUOTES:
        found.append(pos)
        pos = data.find(b'"', pos + 1, end)
    if pos < 0:
        if len(found) % 2:
            return True
        return any(data.find(b"\n", found[i], found[i + 1]) >= 0 for i in range(0, len(found), 2))
    newlines = np.flatnonzero(a == 10)
    line_of_quote = np.searchsorted(newlines, np.flatnonzero(a == 34))
    return bool((np.bincount(line_of_quote, minlength=newlines.size + 1) & 1).any())


def _irregular_lines(a: Any) -> tuple[bool, bool]:
    """(a blank line lies between lines with text, the block ends in a blank line) for block ``a`` (uint8
    array of complete lines joined by ``\\n``, its quotes already checked). Vectorised over the lines'
    starts and lengths."""
    import numpy as np

    if a.size == 0 or (a.size == 1 and a[0] == 13):
        return False, True  # one blank line
    newlines = np.flatnonzero(a == 10)
    starts = np.concatenate(([0], newlines + 1))
    length = np.concatenate((newlines, [a.size])) - starts
    blank = length == 0
    short = np.flatnonzero(length == 1)
    if short.size:
        blank[short] = a[starts[short]] == 13
    if not blank.any():
        return False, False
    text = np.flatnonzero(~blank)
    if text.size and (np.flatnonzero(blank)[0] < text[-1]):
        return True, False
    return False, bool(blank[-1])


_BLOCK = 1 << 22


def _block_state(data: bytearray, start: int, end: int, pending_blank: bool) -> tuple[bool, bool]:
    """(irregular, ends in a blank line) for the complete lines ``data[start:end]``; ``pending_blank``:
    the text before them ended in blank lines, so any text here is irregular."""
    import numpy as np

    a = np.frombuffer(data, dtype=np.uint8, count=end - start, offset=start)
    if data.find(b'"', start, end) >= 0 and _odd_quote_line(data, start, end, a):
        return True, False
    if not (pending_blank or _may_have_blank_line(a, data.find(b"\r", start, end) >= 0)):
        return False, False  # most blocks: no blank line, so no line is placed
    if pending_blank and (a > 32).any():
        return True, False
    return _irregular_lines(a)


def lines_regular(source: Path, delimiter: str, header_line: int) -> bool:
    """True when every line below the header is one row as DuckDB reads it: no blank line between
    rows (DuckDB skips those without counting them) and no line with an unpaired ``"`` (a stray
    quote makes DuckDB swallow the following lines). Other malformed lines are rejected by DuckDB
    and sent to the careful path afterwards.

    One pass over the bytes in 4 MiB blocks, vectorised per block (:func:`_block_state`).
    """
    del delimiter  # the checks do not depend on it
    skip = header_line  # lines of the header region still to pass
    pending_blank = False
    data = bytearray(_BLOCK)  # reused for every block (grown only for a longer line); the unfinished last
    # line moves to its front
    kept = 0  # bytes of that line at the front of ``data``
    with open(source, "rb", buffering=0) as fh:
        while True:
            if kept == len(data):  # one line longer than the buffer: a bigger buffer
                data += bytes(len(data))
            with memoryview(data) as free:
                got = fh.readinto(free[kept:])
            final = not got
            start, end = 0, kept + got
            if not final:
                cut = data.rfind(b"\n", 0, end)
                if cut < 0:
                    kept = end
                    continue
                end, carry = cut, end - cut - 1
            else:
                carry = 0
            rest = True  # lines of this block remain below the header region
            while skip and rest:
                nl = data.find(b"\n", start, end)
                rest = nl >= 0  # else the line runs to ``end``, the last of the block
                start = nl + 1
                skip -= 1
            if skip or not rest:
                if final:
                    return True
            else:
                irregular, ends_blank = _block_state(data, start, end, pending_blank)
                if irregular:
                    return False
                pending_blank = pending_blank or ends_blank
                if final:
                    return True
            data[:carry] = data[end + 1 : end + 1 + carry]
            kept = carry


_SPLIT_LIMIT = 50  # a quoted field may run over at most this many lines


class _Lines:
    """Physical lines of a text file as (number, text without its line end), with push-back."""

    def __init__(self, fh: Any) -> None:
        self._it = enumerate(fh, start=1)
        self._back: list[tuple[int, str]] = []

    def next(self) -> tuple[int, str] | None:
        if self._back:
            return self._back.pop()
        item = next(self._it, None)
        if item is None:
            return None
        return item[0], item[1].rstrip("\r\n")

    def push(self, item: tuple[int, str]) -> None:
        self._back.append(item)


def _literal_split(text: str, delimiter: str) -> list[str]:
    """Fields of one line where a ``"`` opens a quoted field only at the start of a field and closes
    it only before a delimiter or the line end; any other ``"`` is kept as written."""
    fields: list[str] = []
    i, n = 0, len(text)
    while True:
        if i < n and text[i] == '"':
            j, buf, closed = i + 1, [], False
            while j < n:
                if text[j] == '"':
                    if j + 1 < n and text[j + 1] == '"':
                        buf.append('"')
                        j += 2
                        continue
                    if j + 1 == n or text[j + 1] == delimiter:
                        closed = True
                    break
                buf.append(text[j])
                j += 1
            if closed:
                fields.append("".join(buf))
                i = j + 1
                if i >= n:
                    return fields
                i += 1  # the delimiter
                continue
        end = text.find(delimiter, i)
        if end < 0:
            fields.append(text[i:])
            return fields
        fields.append(text[i:end])
        i = end + 1


def _choose_reading(
    window: list[str], delimiter: str, width: int, pattern: re.Pattern[str]
) -> tuple[int, list[str] | None]:
    """How to read ``window[0]``, a line with an unpaired ``"``: (lines used, record) when a quoted
    field runs over ``lines used`` lines, or (1, None) when the quote is a stray character.

    Of all readings of the window, the one with the fewest stray quotes and unsplittable lines
    wins (a stray quote counts 1, a line of the wrong width 2); on a tie the stray reading wins,
    so a line is never swallowed without need. Only lines with an unpaired quote can start a
    field over several lines, so this runs on those few lines alone.
    """
    n = len(window)
    memo: dict[int, int] = {}
    joins: dict[int, list[tuple[int, list[str]]]] = {}

    def joined(i: int) -> list[tuple[int, list[str]]]:
        if i not in joins:
            out: list[tuple[int, list[str]]] = []
            if window[i].count('"') % 2 == 1:
                quotes = window[i].count('"')
                for j in range(i + 1, n):
                    quotes += window[j].count('"')
                    if quotes % 2 == 0:
                        record = _strict_record("\n".join(window[i : j + 1]), delimiter)
                        if record is not None and len(record) == width:
                            out.append((j - i + 1, record))
            joins[i] = out
        return joins[i]

    def single(text: str) -> int:
        if not text.strip():
            return 0
        if '"' not in text:
            fields = len(text.split(delimiter))
            return 0 if fields == width else 2
        if pattern.match(text):
            return 0 if len(next(csv.reader([text], delimiter=delimiter))) == width else 2
        return 1 if len(_literal_split(text, delimiter)) == width else 2

    def best(i: int) -> int:
        if i >= n:
            return 0
        if i not in memo:
            cost = single(window[i]) + best(i + 1)
            for used, _ in joined(i):
                cost = min(cost, best(i + used))
            memo[i] = cost
        return memo[i]

    stray_cost = single(window[0]) + best(1)
    choice: tuple[int, list[str] | None] = (1, None)
    for used, record in joined(0):
        if best(used) < stray_cost:
            stray_cost, choice = best(used), (used, record)
    return choice


def _strict_record(text: str, delimiter: str) -> list[str] | None:
    """The one record of ``text`` read as strict CSV, or None."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True))
    except csv.Error:
        return None
    return rows[0] if len(rows) == 1 else None


def line_by_line(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    source: Path,
    delimiter: str,
    header_line: int,
    width: int,
    rel: str,
    workdir: Path,
) -> tuple[str | None, list[int]]:
    """The careful path: every physical line is read by itself, so physical lines and rows agree.

    A quoted field may run over several lines (at most 50) when the lines joined make exactly one
    well-formed record of the header's width; otherwise a stray ``"`` is kept as a literal
    character and the line stays one row (its number is returned in the second list).
    A blank line is not a row. A line with the wrong number of fields is set aside with its text
    (the returned rejects relation). Rows are written with their line number to a clean CSV that
    DuckDB then reads.
    """
    pattern = re.compile(_well_formed(delimiter).pattern.decode())

    clean_path = workdir / "lines.csv"
    bad: list[tuple[int, str, str]] = []
    literal: list[int] = []
    with open(source, encoding="utf-8-sig", errors="replace", newline="") as fh, open(
        clean_path, "w", encoding="utf-8", newline=""
    ) as out:
        writer = csv.writer(out, delimiter=",", quotechar='"', quoting=csv.QUOTE_ALL, lineterminator="\n")
        lines = _Lines(fh)
        while (item := lines.next()) is not None:
            no, text = item
            if no <= header_line or not text.strip():
                continue
            stray = False
            if '"' not in text:
                fields = text.split(delimiter)
            elif pattern.match(text):
                fields = next(csv.reader([text], delimiter=delimiter, quotechar='"'))
            else:
                fields = []
                if text.count('"') % 2 == 1:
                    window = [text]
                    taken: list[tuple[int, str]] = []
                    while len(taken) < _SPLIT_LIMIT and (nxt := lines.next()) is not None:
                        taken.append(nxt)
                        window.append(nxt[1])
                    used, record = _choose_reading(window, delimiter, width, pattern)
                    for back in reversed(taken[used - 1 :]):
                        lines.push(back)
                    if record is not None:
                        fields = record
                if not fields:
                    fields, stray = _literal_split(text, delimiter), True
            if len(fields) != width:
                bad.append((no, text, _BAD_FIELDS_TEXT.format(found=len(fields), expected=width)))
                continue
            writer.writerow([no, *fields])
            if stray:
                literal.append(no)
    columns = "{'__line': 'BIGINT', " + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    try:
        con.execute(
            f"""{_create(rel)} AS SELECT * FROM read_csv({sql_literal(str(clean_path))}, auto_detect = false,
                header = false, delim = ',', quote = '"', escape = '"', columns = {columns},
                max_line_size = 10000000, parallel = false)"""
        )
    except duckdb.Error as exc:  # pragma: no cover - the clean file is written by csv.writer
        raise InputFileError("error.file.not_table", path=str(path), detail=Phrase("error.file.damaged_csv")) from exc
    if not bad:
        return None, literal
    import pyarrow as pa

    con.register(
        "__lokus_bad_rows",
        pa.table(
            {
                "line": pa.array([b[0] for b in bad], pa.int64()),
                "text": pa.array([b[1] for b in bad], pa.string()),
                "error": pa.array([b[2] for b in bad], pa.string()),
            }
        ),
    )
    con.execute(f"CREATE TEMP TABLE {BADLINES} AS SELECT * FROM __lokus_bad_rows")
    con.unregister("__lokus_bad_rows")
    return f"temp.{BADLINES}", literal
