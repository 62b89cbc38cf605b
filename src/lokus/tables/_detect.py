"""What kind of table a file holds, judged by its content (never by its name alone).

Field files arrive as CSV with any delimiter and encoding, real XLSX/XLS workbooks, HTML tables
saved with an ``.xls`` name, Parquet, and also as things that are not tables at all (a PDF or an
encrypted workbook renamed ``.xlsx``). :func:`sniff_file` says which, or raises one
:class:`~lokus.errors.InputFileError` sentence.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from lokus.errors import InputFileError, Phrase, os_reason
from lokus.tables import _messages  # noqa: F401  (registers the file messages)

__all__ = ["FileKind", "TextLayout", "sniff_file", "sniff_text_layout", "check_sheet"]

SAMPLE_BYTES = 1 << 20  # 1 MiB decides encoding and delimiter
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DELIMITERS = (",", ";", "\t", "|")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))  # counted by _looks_binary


class FileKind(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    XLS = "xls"
    HTML = "html"
    PARQUET = "parquet"


@dataclass(frozen=True)
class TextLayout:
    """How a delimited text file is written."""

    encoding: str  # a Python codec name: "utf-8", "utf-8-sig", "utf-16", "cp1252"
    delimiter: str
    header: list[str]
    skip_lines: int  # lines above the header (blank or a title)
    mixed_newlines: bool = False  # CRLF and bare LF/CR in one file: rewritten before DuckDB reads it


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return control / len(sample) > 0.01


def sniff_file(path: str | os.PathLike[str]) -> FileKind:
    """The table kind of ``path``, or an :class:`InputFileError` naming what is wrong."""
    p = Path(path)
    if p.is_dir():
        raise InputFileError("error.file.folder", path=str(p))
    if not p.exists() or not p.is_file():
        raise InputFileError("error.file.missing", path=str(p))
    try:
        with open(p, "rb") as fh:
            head = fh.read(SAMPLE_BYTES)
    except OSError as exc:
        raise InputFileError("error.file", path=str(p), detail=os_reason(exc)) from None
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise InputFileError("error.file.empty", path=str(p))
    suffix = p.suffix.lower()
    if head.startswith(OLE2_MAGIC):
        # An encrypted (password-protected) XLSX is an OLE2 container, not a zip.
        if suffix in (".xlsx", ".xlsm", ".xlsb") or b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n" in head:
            raise InputFileError("ingest.file.encrypted", path=str(p))
        return FileKind.XLS
    if head.startswith(b"PK\x03\x04"):
        return FileKind.XLSX
    if head.startswith(b"PAR1"):
        return FileKind.PARQUET
    if head.startswith(b"%PDF"):
        raise InputFileError("ingest.file.pdf", path=str(p))
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return FileKind.CSV
    text_start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text_start.startswith(b"<") and b"<table" in head.lower():
        return FileKind.HTML
    if text_start.startswith((b"<html", b"<!doctype", b"<?xml")):
        raise InputFileError("error.file.not_table", path=str(p), detail=Phrase("error.file.markup_without_table"))
    if _looks_binary(head):
        raise InputFileError("ingest.file.binary", path=str(p))
    return FileKind.CSV


def check_sheet(path: str | os.PathLike[str], kind: FileKind, sheet: str | None) -> None:
    """Refuse ``--sheet`` for a file that has no sheets (CSV, HTML, Parquet) rather than ignore it."""
    if sheet is not None and kind not in (FileKind.XLSX, FileKind.XLS):
        raise InputFileError("ingest.file.sheet_not_workbook", path=str(path), sheet=sheet, kind=kind.value.upper())


def _decode_sample(raw: bytes) -> tuple[str, str]:
    """(encoding, text) for the first bytes of a text file."""
    if raw.startswith(codecs.BOM_UTF8):
        dec = codecs.getincrementaldecoder("utf-8")(errors="replace")
        return "utf-8-sig", dec.decode(raw[3:])
    if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        dec = codecs.getincrementaldecoder("utf-16")(errors="replace")
        return "utf-16", dec.decode(raw)
    try:
        return "utf-8", codecs.getincrementaldecoder("utf-8")(errors="strict").decode(raw)
    except UnicodeDecodeError:
        # Windows-1252 decodes any byte; an Indonesian-locale Excel writes it.
        return "cp1252", raw.decode("cp1252", errors="replace")


def _count_outside_quotes(line: str, delim: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delim and not quoted:
            count += 1
    return count


_SNIFF_LINES = 2_000  # lines split off the sample: room for blank and title lines above 50 table lines


def sniff_text_layout(path: str | os.PathLike[str]) -> TextLayout:
    """Encoding, delimiter and header of a delimited text file.

    The delimiter is the one that splits the first 50 non-blank lines most consistently (lines
    with quotes are left out when others remain); the
    header is the first line with at least half as many filled cells as the fullest line, so blank
    and title lines above the table are skipped, also when Excel padded them with delimiters.
    """
    with open(path, "rb") as fh:
        raw = fh.read(SAMPLE_BYTES)
    encoding, text = _decode_sample(raw)
    lines = _LINE_BREAK.split(text, maxsplit=_SNIFF_LINES)  # 50 non-blank lines are judged, not 1 MiB
    if len(lines) > _SNIFF_LINES:
        lines = lines[:-1]  # the rest of the sample, unsplit
    elif len(raw) == SAMPLE_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last sampled line may be cut
    body = list(itertools.islice(((i, ln) for i, ln in enumerate(lines) if ln.strip()), 50))
    if not body:
        raise InputFileError("error.file.empty", path=str(path))
    best, best_score, usual = ",", (0, 0, 0), 0
    # Quotes can hide or fake delimiters (a stray ", a cell over several lines): judge by the lines
    # without quotes when there are any, else by those whose quotes pair up, else by all.
    paired = (
        [(i, ln) for i, ln in body if '"' not in ln]
        or [(i, ln) for i, ln in body if ln.count('"') % 2 == 0]
        or body
    )
    for delim in DELIMITERS:
        counts = Counter(_count_outside_quotes(ln, delim) for _, ln in paired)
        counts.pop(0, None)
        if not counts:
            continue
        n, times = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        in_first = int(_count_outside_quotes(paired[0][1], delim) > 0)  # ties: the header's delimiter
        if (times, in_first, n) > best_score:
            best, best_score, usual = delim, (times, in_first, n), n
    # Cells over several lines can outnumber the header with short lines of another delimiter
    # (`0;"a\n,\n,"`): a first line that holds one kind of delimiter only, at least as often as the
    # winner splits, is the header and names the delimiter (a tie goes to the header).
    first = body[0][1]
    in_header = [d for d in DELIMITERS if _count_outside_quotes(first, d) > 0]
    if len(in_header) == 1 and in_header[0] != best and _count_outside_quotes(first, in_header[0]) >= usual:
        best = in_header[0]
        usual = _count_outside_quotes(first, best)
    # Excel pads every row with delimiters (a title row ``DATA P3KE …;;;;;;;``, a blank row ``;;;;;;;``):
    # the header is judged by its filled cells too, like a workbook's (the first line at least half as full
    # as the fullest of these lines), beside its delimiters (at least half the usual number); a line of
    # delimiters alone is blank.
    split = max(1, (usual + 1) // 2)
    cells = [(i, ln, _split(ln, best)) for i, ln in body if _count_outside_quotes(ln, best) >= split] or [
        (i, ln, _split(ln, best)) for i, ln in body]
    filled = [(i, ln, row, sum(1 for c in row if c.strip())) for i, ln, row in cells]
    filled = [item for item in filled if item[3]] or [(i, ln, row, 1) for i, ln, row in cells]
    fullest = max(n for *_, n in filled)
    index, header_line, header, _ = next(item for item in filled if item[3] >= max(1, (fullest + 1) // 2))
    header = [h.strip() for h in header]
    return TextLayout(
        encoding=encoding,
        delimiter=best,
        header=header,
        skip_lines=index,
        mixed_newlines=_mixed_newlines(path, raw),
    )


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader(io.StringIO(line), delimiter=delimiter, quotechar='"'), [])


def _newline_kinds(data: bytes) -> set[str]:
    kinds = set()
    crlf = data.count(b"\r\n")
    if crlf:
        kinds.add("crlf")
    if data.count(b"\n") > crlf:
        kinds.add("lf")
    if data.count(b"\r") > crlf:
        kinds.add("cr")
    return kinds


def _mixed_newlines(path: str | os.PathLike[str], head: bytes) -> bool:
    """True when the file mixes line endings (checked on its first and last MiB)."""
    kinds = _newline_kinds(head.rstrip(b"\r"))
    size = os.path.getsize(path)
    if size > len(head):
        with open(path, "rb") as fh:
            fh.seek(max(len(head), size - SAMPLE_BYTES))
            kinds |= _newline_kinds(fh.read().lstrip(b"\n"))
    return len(kinds) > 1 or kinds == {"cr"}
