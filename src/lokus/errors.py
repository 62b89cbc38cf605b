"""One exception tree for lokus.

Every error a person can cause (a bad option, a bad file, a bad policy) is a ``LokusError``.
The CLI and the web layer turn it into one sentence in the user's language; nothing else
should reach a person.

::

    LokusError                      base; ``message(lang)`` gives one sentence
    ├── ConfigError(ValueError)     bad option, setting, policy key or value
    ├── InputFileError(OSError)     a file is missing, unreadable, empty or not a table
    │   └── SchemaError(ValueError) required columns are missing
    ├── OutputError(OSError)        an output file cannot be written (folder, permission, extension)
    ├── WorkspaceError(RuntimeError) the workspace is missing a snapshot, locked or damaged
    └── RegionError(LookupError)    an unknown or malformed region code

Each subclass carries structured fields and builds its message from a message key in
:mod:`lokus.i18n`, so the same error reads correctly in Bahasa Indonesia and English.
Bad *rows* are never exceptions: they are quarantined with a reason code.
"""

from __future__ import annotations

import errno as _errno
import re
from numbers import Integral
from typing import Any

from lokus.i18n import DEFAULT_LANG, fmt_date, fmt_datetime, fmt_int, has, register, t, t_n

__all__ = [
    "LokusError",
    "ConfigError",
    "InputFileError",
    "SchemaError",
    "OutputError",
    "WorkspaceError",
    "RegionError",
    "OSReason",
    "Phrase",
    "os_reason",
    "toml_problem",
]

register({
    "error.os.EACCES": {"id": "izin ditolak", "en": "permission denied"},
    "error.os.EPERM": {"id": "izin ditolak", "en": "permission denied"},
    "error.os.EROFS": {"id": "sistem berkasnya hanya-baca", "en": "the file system is read-only"},
    "error.os.ENOSPC": {"id": "disk penuh", "en": "the disk is full"},
    "error.os.EDQUOT": {"id": "kuota disk habis", "en": "the disk quota is used up"},
    "error.os.ENOENT": {"id": "berkas atau folder tidak ada", "en": "no such file or folder"},
    "error.os.ENOTDIR": {"id": "sebagian jalurnya bukan folder", "en": "part of the path is not a folder"},
    "error.os.EISDIR": {"id": "itu sebuah folder", "en": "it is a folder"},
    "error.os.EEXIST": {"id": "sudah ada", "en": "it already exists"},
    "error.os.ENAMETOOLONG": {"id": "namanya terlalu panjang", "en": "the name is too long"},
    "error.os.EBUSY": {"id": "sedang dipakai program lain", "en": "another program is using it"},
    "error.os.EIO": {"id": "galat baca/tulis pada disk", "en": "the disk reported a read/write error"},
    "error.file.damaged_parquet": {"id": "berkas Parquet rusak atau terpotong",
                                   "en": "the Parquet file is damaged or cut short"},
    "error.file.damaged_workbook": {"id": "buku kerja rusak atau bukan format Excel",
                                    "en": "the workbook is damaged or not in an Excel format"},
    "error.os.ECONNREFUSED": {"id": "sambungan ditolak", "en": "the connection was refused"},
    "error.os.EHOSTUNREACH": {"id": "host tidak dapat dijangkau", "en": "the host cannot be reached"},
    "error.os.ENETUNREACH": {"id": "jaringan tidak dapat dijangkau", "en": "the network cannot be reached"},
    "error.os.ETIMEDOUT": {"id": "tidak ada jawaban dalam batas waktu", "en": "no answer in time"},
    "error.os.other": {"id": "sistem operasi menolaknya ({code})", "en": "the operating system refused ({code})"},
    # Where a TOML file (policy, program catalogue, column mapping, targets) stops being TOML: tomllib's
    # own English sentence stays on the exception's cause (--debug).
    "error.toml.at": {"id": "penulisan salah di baris {line}, kolom {column}",
                      "en": "a syntax error at line {line}, column {column}"},
    "error.toml.at_end": {"id": "berkas berakhir sebelum tanda kutip atau kurung ditutup",
                          "en": "the file ends before a quote or bracket is closed"},
    "error.toml.encoding": {"id": "berkasnya bukan teks UTF-8", "en": "the file is not UTF-8 text"},
    "error.toml.syntax": {"id": "penulisan salah", "en": "a syntax error"},
    "error.file.no_sheets": {"id": "buku kerjanya tidak punya lembar", "en": "the workbook has no sheets"},
    "error.file.markup_without_table": {"id": "HTML/XML tanpa tabel", "en": "HTML/XML without a table"},
    "error.file.damaged_zip": {"id": "arsip zip rusak", "en": "the zip archive is damaged"},
    "error.file.damaged_csv": {"id": "teks CSV-nya tidak bisa dibaca (tanda kutip atau baris rusak)",
                               "en": "its CSV text cannot be read (broken quotes or lines)"},
    "error.file.one_column": {"id": "hanya satu kolom", "en": "only one column"},
    "error.file.no_rows": {"id": "tidak ada baris data", "en": "no data rows"},
    "error.file.not_found": {"id": "berkas tidak ada", "en": "the file does not exist"},
})

_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")

_ERRNO_IN_TEXT = re.compile(r"(?:errno|os error)\s*(\d+)", re.IGNORECASE)


class OSReason:
    """Why the operating system refused, in the reader's language: a message parameter that
    :meth:`LokusError.message` renders per language (the system's own ``strerror`` is English)."""

    def __init__(self, code: int | None) -> None:
        self.code = code

    def text(self, lang: str = DEFAULT_LANG) -> str:
        name = _errno.errorcode.get(self.code or -1, "")
        if name and has(f"error.os.{name}"):
            return t(f"error.os.{name}", lang)
        return t("error.os.other", lang, code=name or "?")

    def __str__(self) -> str:
        return self.text(DEFAULT_LANG)


class Phrase:
    """A catalogue phrase as a message parameter, said in the reader's language when the sentence is made
    (instead of a library's English text, e.g. a damaged Parquet file's "No magic bytes found")."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params

    def text(self, lang: str = DEFAULT_LANG) -> str:
        return t(self.key, lang, **{k: _said(k, v, lang, every_int=True) for k, v in self.params.items()})

    def __str__(self) -> str:
        return self.text(DEFAULT_LANG)


def _said(name: str, value: Any, lang: str, *, every_int: bool = False) -> Any:
    """A message parameter as the sentence says it in ``lang``: a count the language's way (``1.234``: every
    int when ``every_int``, else those named in :data:`_COUNT_PARAMS`), a moment or a date in words
    (:func:`lokus.i18n.fmt_datetime`, :func:`lokus.i18n.fmt_date`), a phrase in the language."""
    from datetime import date, datetime

    if type(value) is int and (every_int or name in _COUNT_PARAMS):
        return fmt_int(value, lang)
    if isinstance(value, datetime):
        return fmt_datetime(value, lang)
    if isinstance(value, date):
        return fmt_date(value, lang)
    if isinstance(value, OSReason | Phrase):
        return value.text(lang)
    return value


def os_reason(exc: BaseException | None) -> OSReason:
    """The :class:`OSReason` of an OS error (its ``errno``, else an ``errno N``/``os error N`` in its text,
    as pyarrow and Polars write it)."""
    code = getattr(exc, "errno", None)
    if not isinstance(code, int):
        m = _ERRNO_IN_TEXT.search(str(exc or ""))
        code = int(m[1]) if m else None
    return OSReason(code)


def toml_problem(exc: BaseException) -> Phrase:
    """Where a TOML file stops being TOML, said in the reader's language: the line and column of
    :class:`tomllib.TOMLDecodeError` (its message ends ``(at line L, column C)``; Python 3.14 also has
    ``lineno``/``colno``), the end of the file, or text that is not UTF-8. Raise with ``from exc`` so
    tomllib's English sentence stays on the cause for ``--debug``."""
    if isinstance(exc, UnicodeDecodeError):
        return Phrase("error.toml.encoding")
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if not isinstance(line, int):
        m = _TOML_AT.search(str(exc))
        line, column = (int(m[1]), int(m[2])) if m else (None, None)
    if isinstance(line, int):
        return Phrase("error.toml.at", line=str(line), column=str(column))
    if "end of document" in str(exc):
        return Phrase("error.toml.at_end")
    return Phrase("error.toml.syntax")


_COUNT_PARAMS = frozenset({"count", "size", "rows", "total", "people", "villages", "most"})


class LokusError(Exception):
    """Base class. ``key`` names a message in :mod:`lokus.i18n`; ``params`` fill it."""

    exit_code = 1
    default_key = "error.generic"

    def __init__(self, message_key: str | None = None, /, **params: Any) -> None:
        self.key = message_key or self.default_key
        self.params = params
        super().__init__(self.message(DEFAULT_LANG))

    def message(self, lang: str = DEFAULT_LANG) -> str:
        """One sentence for a person, in ``lang`` ("id" or "en"). Counts (``count``, ``size``, ``rows``,
        ``total``) are written the language's way (``1.234`` / ``1,234``), dates and times in words
        (``2 Desember 2026 19.29 WIB``), when the sentence is made."""
        said = {k: _said(k, v, lang) for k, v in self.params.items()}
        count = self.params.get("n", self.params.get("count"))
        if isinstance(count, Integral) and not isinstance(count, bool):  # "1 row has" / "2 rows have" (t_n)
            return t_n(self.key, int(count), lang, **said)
        return t(self.key, lang, **said)

    def __str__(self) -> str:  # always English-free of tracebacks; the id text by default
        return self.message(DEFAULT_LANG)


class ConfigError(LokusError, ValueError):
    """A bad option, setting or policy value. Fields: key, value, valid_values."""

    exit_code = 2
    default_key = "error.config"


class InputFileError(LokusError, OSError):
    """An input file cannot be used. Fields: path, detail."""

    exit_code = 3
    default_key = "error.file"


class SchemaError(InputFileError, ValueError):
    """Required columns are missing. Fields: path, missing, present."""

    default_key = "error.schema"


class OutputError(LokusError, OSError):
    """An output file cannot be written. Fields: path, folder, suffix, detail."""

    exit_code = 3
    default_key = "error.output.write"


class WorkspaceError(LokusError, RuntimeError):
    """The workspace cannot do what was asked. Fields: path, name."""

    exit_code = 4
    default_key = "error.workspace"


class RegionError(LokusError, LookupError):
    """An unknown or malformed region code. Fields: code."""

    exit_code = 2
    default_key = "error.region.unknown"
