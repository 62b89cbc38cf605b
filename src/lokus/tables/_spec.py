"""A table's schema as data: canonical fields, header aliases per source format, required fields.

The registry, e-PPGBM measurements and program-recipient lists all describe themselves with a
:class:`TableSpec`; :func:`match_headers` maps a file's headers onto the canonical fields and
:func:`detect_format` guesses the source format from the headers alone.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from lokus.errors import SchemaError

__all__ = [
    "FieldKind",
    "FieldSpec",
    "FormatSpec",
    "TableSpec",
    "HeaderMatch",
    "header_key",
    "match_headers",
    "detect_format",
]


class FieldKind(StrEnum):
    """How a field's text is normalised (see :mod:`lokus.tables._sqlnorm`)."""

    TEXT = "text"
    IDENT = "ident"  # digit strings kept as text: NIK, KK (apostrophes, spaces, ".0" removed)
    VILLAGE = "village"  # Kemendagri village code, dotted
    SEX = "sex"  # L / P
    DATE = "date"
    INTEGER = "integer"
    DECILE = "decile"  # 1-10, "Desil 1", "01"
    FLAG = "flag"  # Ya/Tidak → boolean


SQL_TYPES: dict[FieldKind, str] = {
    FieldKind.TEXT: "VARCHAR",
    FieldKind.IDENT: "VARCHAR",
    FieldKind.VILLAGE: "VARCHAR",
    FieldKind.SEX: "VARCHAR",
    FieldKind.DATE: "DATE",
    FieldKind.INTEGER: "INTEGER",
    FieldKind.DECILE: "INTEGER",
    FieldKind.FLAG: "BOOLEAN",
}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: FieldKind
    required: bool = False
    description: str = ""

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.kind]


@dataclass(frozen=True)
class FormatSpec:
    """One source layout: header keys (see :func:`header_key`) per canonical field."""

    name: str
    label: str
    aliases: Mapping[str, tuple[str, ...]]
    markers: tuple[str, ...] = ()  # header keys that only this format uses


@dataclass(frozen=True)
class TableSpec:
    name: str
    fields: tuple[FieldSpec, ...]
    formats: tuple[FormatSpec, ...]
    # canonical field → other fields that together stand in when the first is absent
    fallbacks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)

    def format(self, name: str) -> FormatSpec:
        for fmt in self.formats:
            if fmt.name == name:
                return fmt
        raise KeyError(name)

    @property
    def format_names(self) -> list[str]:
        return [f.name for f in self.formats]


@dataclass(frozen=True)
class HeaderMatch:
    format: str
    columns: dict[str, int]  # canonical field → header index
    extra: list[int]  # header indices kept in the ``extra`` JSON
    missing: list[str]  # required canonical fields not found
    duplicates: dict[str, list[int]] = field(default_factory=dict)
    """field → the other header indices that name it too (``desil`` twice, or ``desil_kesejahteraan`` and
    ``desil``): kept in ``extra``, and a file whose copies disagree is refused (:func:`check_duplicates`)."""


_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_ROLE = re.compile(r"kepala|krt")


def header_key(header: str) -> str:
    """Comparable form of a header: ``'No. KK '`` → ``'no_kk'``, ``'Tgl Lahir'`` → ``'tgl_lahir'``."""
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub("_", text.lower()).strip("_")


def _aliases(spec: TableSpec, fmt: str) -> dict[str, tuple[str, ...]]:
    from lokus.i18n import LANGS, has_header, header

    own = dict(spec.format(fmt).aliases)
    # The canonical name always works too, after the format's own aliases; and so do the headers
    # lokus itself writes into a workbook (``header(field)`` in each language), so that a file lokus
    # wrote can be read back.
    return {
        f.name: tuple(own.get(f.name, ())) + (f.name,) + tuple(
            header_key(header(f.name, lang)) for lang in LANGS if has_header(f.name)
        )
        for f in spec.fields
    }


def match_headers(
    spec: TableSpec, headers: Sequence[str], fmt: str, mapping: Mapping[str, str] | None = None
) -> HeaderMatch:
    """Map ``headers`` onto ``spec``'s fields using format ``fmt``'s aliases.

    ``mapping`` (field → header as written, from ``--column``/``--columns``) is applied first and
    wins over the aliases; a mapped field the spec does not have, or a header the file does not
    have, raises a one-sentence :class:`~lokus.errors.ConfigError`.
    """
    from lokus.tables._columns import check_fields, find_header

    keys = [header_key(h) for h in headers]
    columns: dict[str, int] = {}
    used: set[int] = set()
    if mapping:
        check_fields(mapping, [f.name for f in spec.fields])
        for name, wanted in mapping.items():
            mapped = find_header(headers, wanted, field=name)
            columns[name] = mapped
            used.add(mapped)
    for name, aliases in _aliases(spec, fmt).items():
        if name in columns:
            continue
        for alias in aliases:
            idx = next((i for i, k in enumerate(keys) if k == alias and i not in used), None)
            if idx is not None:
                columns[name] = idx
                used.add(idx)
                break
    missing = [
        f.name
        for f in spec.fields
        if f.required
        and f.name not in columns
        and not (f.name in spec.fallbacks and all(x in columns for x in spec.fallbacks[f.name]))
    ]
    extra = [i for i in range(len(headers)) if i not in used]
    duplicates: dict[str, list[int]] = {}
    written = _written_keys(headers, keys, extra)
    for name, aliases in _aliases(spec, fmt).items():
        if name in columns and not (mapping and name in mapping):  # a --column choice is the user's answer
            # a head-of-household column (nik_kepala_keluarga, nama_krt) is another person, not a copy
            others = [i for i in extra if written[i] in aliases and not _ROLE.search(written[i])]
            if others:
                duplicates[name] = others
    return HeaderMatch(fmt, columns, extra, missing, duplicates)


def _written_keys(headers: Sequence[str], keys: Sequence[str], extra: Sequence[int]) -> list[str]:
    """``keys`` with each of the ``extra`` headers judged as written: the reader names a repeated header
    ``desil``, ``desil_2`` (lokus.tables._load._unique_headers)."""
    written = list(keys)
    for i in extra:
        base, _, n = headers[i].rpartition("_")
        if n.isdigit() and base in headers[:i]:
            written[i] = header_key(base)
    return written


def repeated_headers(headers: Sequence[str], names: Sequence[str]) -> HeaderMatch:
    """For a reader that takes columns by their exact names (indicator files, FGT surveys): each of ``names``
    found among ``headers`` and the other columns written with the same header (``value`` twice), for
    :func:`lokus.tables.check_frame`."""
    columns = {n: headers.index(n) for n in dict.fromkeys(names) if n in headers}
    extra = [i for i in range(len(headers)) if i not in columns.values()]
    written = _written_keys(headers, [header_key(h) for h in headers], extra)
    duplicates: dict[str, list[int]] = {}
    for name in columns:
        others = [j for j in extra if written[j] == header_key(name) and headers[j] != name]
        if others:
            duplicates[name] = others
    return HeaderMatch("plain", columns, extra, [], duplicates)


def _written(headers: Sequence[str], i: int) -> str:
    """Header ``i`` as the file writes it, quoted, with its column number (``desil_2`` → ``'desil' (#7)``)."""
    base, _, n = headers[i].rpartition("_")
    shown = base if n.isdigit() and base in headers[:i] else headers[i]
    return f"'{shown}' (#{i + 1})"


def column_label(headers: Sequence[str], i: int) -> str:
    """Header ``i`` for a sentence that quotes it itself: as written, with its column number when the file
    writes the same header twice (``tgl_lahir_2`` → ``tgl_lahir (#7)``)."""
    base, _, n = headers[i].rpartition("_")
    return f"{base} (#{i + 1})" if n.isdigit() and base in headers[:i] else headers[i]


@dataclass(frozen=True)
class Disagreement:
    """Two columns for one field that differ: on ``count`` rows, first at row ``row`` (the relation's
    ``__line``: a line of the file, or a row number a batched reader turns into one). ``orders``: the
    day/month orders the two date columns were read in (None for other kinds)."""

    field: str
    first: int
    second: int
    count: int
    row: int
    first_value: str | None
    second_value: str | None
    orders: tuple[str | None, str | None] = (None, None)

    def error(self, path: str, headers: Sequence[str], line: int | None = None) -> SchemaError:
        """The one sentence refusing the file (``line``: the file's line of :attr:`row`, when another)."""
        return SchemaError(
            "tables.columns.duplicate_disagree", path=path, field=self.field, first=_written(headers, self.first),
            second=_written(headers, self.second), count=self.count, line=self.row if line is None else line,
            first_value=self.first_value or "-", second_value=self.second_value or "-",
        )


def _same_value_sql(relation: str, kind: FieldKind | None, first: int, second: int, orders: tuple[str | None, ...]
                    ) -> str:
    """``count, first line, first value, second value`` of the rows of ``relation`` where columns ``first`` and
    ``second`` hold different values as the reader normalises a field of ``kind`` (:func:`lokus.tables.field_plan`:
    ``18.04.04.2002`` and ``1804042002`` are one village code, ``1804 0457 0394 0007`` and ``1804045703940007``
    one NIK, ``03/04/2020`` and ``2020-04-03`` one date read day first); a value the reader cannot read is
    compared as written. The values shown are the cells as written."""
    shown = [f"NULLIF(trim(c{i}), '')" for i in (first, second)]
    head = f"SELECT count(*), min(__line), arg_min({shown[0]}, __line), arg_min({shown[1]}, __line)"
    if kind is None or kind is FieldKind.TEXT:  # the reader keeps text as written (trimmed)
        return f"{head} FROM {relation} WHERE {shown[0]} IS DISTINCT FROM {shown[1]}"
    from lokus.tables._sqlnorm import empty_sql, field_plan

    plans = [field_plan(kind, f"c{i}", f"__same{k}", date_order=order or "dmy")
             for k, (i, order) in enumerate(zip((first, second), orders, strict=True))]
    keys = [f"(CASE WHEN {p.value} IS NOT NULL THEN CAST({p.value} AS VARCHAR) WHEN {empty_sql(f'c{i}')} THEN NULL "
            f"ELSE chr(1) || trim(c{i}) END)" for p, i in zip(plans, (first, second), strict=True)]
    prepare = ", ".join(f"{e} AS {n}" for p in plans for n, e in p.prepare.items())
    refine = "".join(f", {e} AS {n}" for p in plans for n, e in p.refine.items())
    return (f"{head} FROM (SELECT *{refine} FROM (SELECT *, {prepare} FROM {relation})) "
            f"WHERE {keys[0]} IS DISTINCT FROM {keys[1]}")


def duplicate_disagreements(con: Any, relation: str, match: HeaderMatch, kinds: Mapping[str, FieldKind] | None = None,
                            orders: Mapping[int, Sequence[str]] | None = None) -> list[Disagreement]:
    """Every pair of columns naming one field (:attr:`HeaderMatch.duplicates`) whose values differ on some
    row of ``relation`` (raw cells ``c0`` …, ``__line``), compared as the reader normalises the field
    (``kinds``: field → :class:`FieldKind`; as text without); nothing to do, and no query, when there is
    none. ``orders``: per date column (header index), the day/month orders to read it in — one (its whole
    column's) for a file read whole; both for a batch, whose column's order is decided later: one
    :class:`Disagreement` per combination then (:attr:`Disagreement.orders`)."""
    import itertools

    found = []
    for name, others in match.duplicates.items():
        first = match.columns[name]
        kind = (kinds or {}).get(name)
        for other in others:
            if kind is FieldKind.DATE:
                combos: list[tuple[str | None, ...]] = list(itertools.product(
                    *((orders or {}).get(i, ("dmy",)) for i in (first, other))))
            else:
                combos = [(None, None)]
            for combo in combos:
                count, line, va, vb = con.execute(_same_value_sql(relation, kind, first, other, combo)).fetchall()[0]
                if count:
                    found.append(Disagreement(name, first, other, int(count), int(line), va, vb,
                                              (combo[0], combo[1])))
    return found


def check_duplicates(con: Any, relation: str, path: str, headers: Sequence[str], match: HeaderMatch,
                     kinds: Mapping[str, FieldKind] | None = None, orders: Mapping[int, str] | None = None) -> None:
    """Refuse a file where two columns name one field (``desil`` twice, ``desil_kesejahteraan`` and ``desil``)
    and their values differ on some row: which one is meant is not guessed. Copies that agree on every row
    load (the first is used, the other kept in ``extra``); values are compared as the reader normalises the
    field (``kinds``, ``orders``: each date column's day/month order, see :func:`duplicate_disagreements`).
    ``relation`` holds the raw cells (``c0`` …)."""
    found = duplicate_disagreements(con, relation, match, kinds, {i: (o,) for i, o in (orders or {}).items()})
    if found:
        raise found[0].error(path, headers)


def detect_format(spec: TableSpec, headers: Sequence[str]) -> str:
    """The format whose aliases and marker headers match ``headers`` best."""
    keys = set(header_key(h) for h in headers)
    best, best_score = spec.formats[0].name, (-1, -1)
    for fmt in spec.formats:
        matched = sum(1 for aliases in _aliases(spec, fmt.name).values() if keys.intersection(aliases))
        score = (sum(1 for m in fmt.markers if m in keys), matched)
        if score > best_score:
            best, best_score = fmt.name, score
    return best


def raise_missing(spec: TableSpec, path: str, headers: Sequence[str], match: HeaderMatch) -> None:
    """One :class:`SchemaError` naming the missing fields and the closest headers present."""
    if not match.missing:
        return
    keys = {header_key(h): h for h in headers}
    aliases = _aliases(spec, match.format)
    close: list[str] = []
    for name in match.missing:
        for alias in aliases[name]:
            for hit in difflib.get_close_matches(alias, list(keys), n=2, cutoff=0.6):
                if keys[hit] not in close:
                    close.append(keys[hit])
    present = ", ".join(close) if close else ", ".join(list(headers)[:8]) or "-"
    raise SchemaError(path=path, missing=", ".join(match.missing), present=present)
