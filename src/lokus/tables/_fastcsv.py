"""The quick way through :func:`lokus.tables.read_frame` for plain delimited text.

A UTF-8 file whose every line below the header is one row of well-formed fields (a quoted field
opens after a delimiter and closes before one, on the same line, with ``""`` for a quote inside) is
read by pyarrow's multi-threaded CSV parser, every column as text. On such a file pyarrow and
DuckDB's ``read_csv`` (the path of :func:`lokus.tables.open_table`) give the same cells: empty and
``""`` fields are null, everything else is the text between the delimiters with ``""`` undoubled,
and row ``i`` is line ``header + 1 + i``. Anything else — another encoding, mixed line ends, a blank
line between rows, a stray or misplaced quote, a line pyarrow cannot split, a one-column file — makes
:func:`read_csv_text` return None, and the caller takes the general path, which decides as before.
The checks are vectorised over the file's bytes (NumPy), never a Python loop per line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from lokus.tables._detect import sniff_text_layout

__all__ = ["read_csv_text"]

_QUOTE, _LF, _CR = 34, 10, 13


def _quotes_well_formed(a: np.ndarray, newlines: np.ndarray, delim: int) -> bool:
    """Every ``"`` of ``a`` (bytes from the header line on; ``newlines`` its ``\\n`` positions) opens
    or closes a quoted field on one line: an opening quote follows a line start, a delimiter or (for
    ``""``) a closing quote; a closing quote precedes a line end, a delimiter or an opening quote."""
    q = np.flatnonzero(a == _QUOTE)
    if q.size == 0:
        return True
    if q.size % 2:
        return False
    opens, closes = q[0::2], q[1::2]
    n = a.size
    # The byte before each opening quote (a line feed before the first byte) and after each closing quote
    # (line feeds after the last): gathered, not a padded copy of the bytes. The rare exceptions ("" inside a
    # field, CRLF line ends) are checked on the few quotes that need them.
    before = a[opens - 1]  # opens[0] - 1 is -1 (the last byte) when the bytes start with a quote: fixed
    if opens[0] == 0:
        before[0] = _LF
    ok_open = (before == delim) | (before == _LF)
    if not ok_open.all():
        bad = np.flatnonzero(~ok_open)
        if bad[0] == 0 or (opens[bad] - 1 != closes[bad - 1]).any():
            return False
    after = a[np.minimum(closes + 1, n - 1)]
    if closes[-1] + 1 >= n:
        after[-1] = _LF
    ok_close = (after == delim) | (after == _LF)
    if not ok_close.all():
        bad = np.flatnonzero(~ok_close)
        crlf = np.zeros(bad.size, dtype=bool)
        cr = after[bad] == _CR
        at = closes[bad[cr]] + 2
        crlf[cr] = (at >= n) | (a[np.minimum(at, n - 1)] == _LF)
        rest = bad[~crlf]
        if (rest >= closes.size - 1).any() or (closes[rest] + 1 != opens[rest + 1]).any():
            return False
    # No quoted field over two lines: no line feed lies between an opening and its closing quote.
    pair = np.searchsorted(closes, newlines)  # the first pair closing after each line feed
    inner = pair < closes.size
    return not (opens[pair[inner]] < newlines[inner]).any()


def _rows_regular(a: np.ndarray, newlines: np.ndarray, has_cr: bool) -> bool:
    """No blank line before the last line with text, and no carriage return except before a
    line feed (``a``: the bytes below the header, ``newlines`` its ``\\n`` positions)."""
    cr = np.flatnonzero(a == _CR) if has_cr else np.zeros(0, dtype=np.intp)
    if cr.size and (cr[-1] + 1 >= a.size or not (a[cr + 1] == _LF).all()):
        return False
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [a.size]))
    length = ends - starts
    blank = length == 0
    one = np.flatnonzero(length == 1)
    blank[one] = a[starts[one]] == _CR
    text = np.flatnonzero(~blank)
    if text.size == 0:
        return False
    return not blank[: text[-1]].any()


def read_csv_text(path: Path) -> tuple[Any, list[str], str, str, int] | None:
    """(pyarrow table ``c0 … cN`` of text, raw header, encoding, delimiter, header line number)
    for a plain UTF-8 delimited file, or None when the general reader must decide."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    layout = sniff_text_layout(path)
    if layout.encoding not in ("utf-8", "utf-8-sig") or layout.mixed_newlines or len(layout.delimiter) != 1:
        return None
    if len(layout.header) < 2:
        return None
    data = path.read_bytes()
    start = 0
    for _ in range(layout.skip_lines):  # title and blank lines above the header
        nl = data.find(b"\n", start)
        if nl < 0:
            return None
        start = nl + 1
    if data.find(b'"', 0, start) >= 0:
        return None
    header_end = data.find(b"\n", start)
    if header_end < 0:
        return None
    a = np.frombuffer(data, dtype=np.uint8, offset=start)
    delim = ord(layout.delimiter)
    newlines = np.flatnonzero(a == _LF)
    body = header_end + 1 - start
    if not _quotes_well_formed(a, newlines, delim) or not _rows_regular(a[body:], newlines[1:] - body, b"\r" in data):
        return None
    width = len(layout.header)
    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(data)[header_end + 1:]),
            read_options=pacsv.ReadOptions(column_names=names, autogenerate_column_names=False),
            parse_options=pacsv.ParseOptions(delimiter=layout.delimiter, quote_char='"', double_quote=True,
                                             escape_char=False, newlines_in_values=False,
                                             ignore_empty_lines=True),
            convert_options=pacsv.ConvertOptions(column_types={c: pa.large_string() for c in names}, null_values=[""],
                                                 strings_can_be_null=True, quoted_strings_can_be_null=True,
                                                 check_utf8=True),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError, ValueError):
        return None
    if table.num_columns != width or table.num_rows == 0:
        return None
    return table, layout.header, layout.encoding, layout.delimiter, layout.skip_lines + 1
