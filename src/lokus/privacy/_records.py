"""The identifiers a view or export showed, for the ``records=`` of an audit row (subject access).

A person asking "who looked at my data?" (:func:`lokus.privacy.export_person`) is found through
``audit_detail``; so every audited view names the people it showed: per row, each value of a NIK
column (``nik``, ``head_nik``, ``raw:NIK`` of a quarantined row, …), or, in a row without a NIK,
its KK number. Columns are recognised by :func:`lokus.privacy.identifier_kind`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from lokus.privacy._pseudonym import identifier_kind


def _kind(column: str) -> str | None:
    name = column.split(":", 1)[1] if column.startswith("raw:") else column
    return identifier_kind(name)


def _row_records(row: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    niks: list[str] = []
    kks: list[str] = []
    for key, value in row.items():
        if isinstance(value, Mapping):  # the raw cells of a quarantined row
            n, k = _row_records(value)
            niks += n
            kks += k
            continue
        if isinstance(value, list) and value and isinstance(value[0], Mapping):  # members of a household
            for item in value:
                n, k = _row_records(item)
                niks += n
                kks += k
            continue
        if value is None or isinstance(value, (list, dict)):
            continue
        text = str(value).strip()
        if not text:
            continue
        kind = _kind(str(key))
        if kind == "nik":
            niks.append(text)
        elif kind == "kk":
            kks.append(text)
    return niks, kks


def records_shown(rows: Any) -> list[str]:
    """The identifiers shown by ``rows`` — a ``pyarrow.Table``, a table-like object with
    ``to_pylist()``, or an iterable of row mappings — in first-seen order without repeats: every NIK
    of a row, else its KK. Rows without either add nothing."""
    items: Iterable[Mapping[str, Any]]
    if hasattr(rows, "to_pylist"):
        items = rows.to_pylist()
    elif hasattr(rows, "rows") and hasattr(rows, "column_names"):
        items = rows.rows
    else:
        items = rows
    out: dict[str, None] = {}
    for row in items:
        niks, kks = _row_records(row)
        for value in niks or kks:
            out.setdefault(value, None)
    return list(out)
