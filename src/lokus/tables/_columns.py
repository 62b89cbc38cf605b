"""Column mapping for headers lokus does not know: ``--column desil="Desil Kesejahteraan (1-10)"``
(repeatable) or a small TOML file (``--columns map.toml``) on every command that reads a file.

A mapping file is either flat or under a ``[columns]`` table::

    [columns]
    decile = "Desil Kesejahteraan (1-10)"
    village_code = "Kode Desa"

Values on the command line win over the file. Field names are the canonical column names of the
file kind (``lokus … --help`` and ``docs/reference/input-files.md`` list them).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import polars as pl

from lokus.errors import ConfigError, InputFileError, Phrase, toml_problem
from lokus.tables._spec import header_key

__all__ = ["ColumnMap", "column_map", "find_header", "header_named", "rename_mapped"]

ColumnMap = Mapping[str, str]
"""Canonical field → the header as written in the file."""


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def column_map(
    options: Sequence[str] | None = None, file: str | os.PathLike[str] | None = None
) -> dict[str, str]:
    """The mapping from ``--columns FILE`` and ``--column FIELD=HEADER`` options (options win).

    Raises :class:`ConfigError` for an option without ``=`` and :class:`InputFileError` for a
    mapping file that is missing or not TOML.
    """
    out: dict[str, str] = {}
    if file is not None:
        p = Path(file)
        if not p.is_file():
            raise InputFileError("error.file.missing", path=str(p))
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:  # the library's text: --debug
            raise InputFileError("tables.columns.bad_file", path=str(p), detail=toml_problem(exc)) from exc
        table = data.get("columns", data)
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise InputFileError(
                "tables.columns.bad_file", path=str(p), detail=Phrase("tables.columns.not_pairs")
            )
        out.update({str(k).strip(): v for k, v in table.items()})
    for option in options or ():
        field, sep, header = option.partition("=")
        if not sep or not field.strip() or not _unquote(header):
            raise ConfigError(key="--column", value=option, valid_values='FIELD="Header as written"')
        out[field.strip()] = _unquote(header)
    return out


def header_named(headers: Sequence[str], wanted: str) -> str | None:
    """The header as written that ``wanted`` names: the same text, else the same :func:`header_key`
    (``Y`` and ``y``, ``"Kode Desa"`` and ``kode_desa``), as the reader compares headers; None when
    no header matches. Every option that names a column (``--consumption``, ``--weight``, ``--by``,
    ``--column``, …) is matched this way."""
    if wanted in headers:
        return wanted
    key = header_key(wanted)
    return next((h for h in headers if header_key(h) == key), None)


def find_header(headers: Sequence[str], wanted: str, *, field: str) -> int:
    """Index of header ``wanted`` (:func:`header_named`); a one-sentence :class:`ConfigError`
    naming the headers present when it is not there."""
    found = header_named(headers, wanted)
    if found is not None:
        return list(headers).index(found)
    raise ConfigError(
        "tables.columns.not_found", field=field, header=wanted, present=", ".join(list(headers)[:12]) or "-"
    )


def check_fields(mapping: ColumnMap, fields: Iterable[str]) -> None:
    """Raise a :class:`ConfigError` for a mapped field the file kind does not have."""
    valid = list(fields)
    for name in mapping:
        if name not in valid:
            raise ConfigError(key="--column", value=name, valid_values=", ".join(valid))


def rename_mapped(frame: pl.DataFrame, mapping: ColumnMap, fields: Iterable[str]) -> pl.DataFrame:
    """``frame`` with each mapped header also available under its field name (a copy, the original
    column is kept)."""
    check_fields(mapping, fields)
    headers = list(frame.columns)
    add = []
    for name, wanted in mapping.items():
        idx = find_header(headers, wanted, field=name)
        if headers[idx] != name:
            add.append(pl.col(headers[idx]).alias(name))
    return frame.with_columns(add) if add else frame
