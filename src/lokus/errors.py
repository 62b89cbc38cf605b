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

from typing import Any

from lokus.i18n import DEFAULT_LANG, fmt_int, t

__all__ = [
    "LokusError",
    "ConfigError",
    "InputFileError",
    "SchemaError",
    "OutputError",
    "WorkspaceError",
    "RegionError",
]


_COUNT_PARAMS = frozenset({"count", "size", "rows", "total"})


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
        ``total``) are written the language's way (``1.234`` / ``1,234``) when the sentence is made."""
        params = {k: fmt_int(v, lang) if k in _COUNT_PARAMS and type(v) is int else v for k, v in self.params.items()}
        return t(self.key, lang, **params)

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
