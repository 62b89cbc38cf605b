"""Small-cell suppression for published aggregates."""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from lokus.errors import ConfigError

DEFAULT_MIN_CELL = 5


def suppress_small_cells(
    table: pa.Table, columns: Sequence[str], *, k: int = DEFAULT_MIN_CELL, flag_column: str = "suppressed"
) -> pa.Table:
    """Blank (null) every count in ``columns`` that is at least 1 and below ``k``.

    Zero stays zero (it reveals nobody). ``flag_column`` lists, per row, the columns blanked. Shares
    or rates derived from a suppressed count must be suppressed by the caller too.
    """
    if k < 2:
        raise ConfigError(key="k", value=k, valid_values=">= 2")
    missing = [c for c in columns if c not in table.column_names]
    if missing:
        raise ConfigError(key="columns", value=", ".join(missing), valid_values=", ".join(table.column_names))
    flags: list[list[str]] = [[] for _ in range(table.num_rows)]
    out = table
    for name in columns:
        col = table[name]
        small = pc.and_(pc.greater_equal(col, 1), pc.less(col, k)).fill_null(False)
        for i, hit in enumerate(small.to_pylist()):
            if hit:
                flags[i].append(name)
        out = out.set_column(out.schema.get_field_index(name), name,
                             pc.if_else(small, pa.scalar(None, col.type), col))
    return out.append_column(flag_column, pa.array([", ".join(f) or None for f in flags], pa.string()))


_KEEP_INT = ("rank", "selected")


def publishable_ranking(table: pa.Table, *, k: int = DEFAULT_MIN_CELL, note: str = "(disamarkan: sel < 5)") -> pa.Table:
    """A locus ranking fit for publication: small counts blanked, and whatever would reveal them.

    Every integer column except ``rank``/``rank_*``/``selected`` is a count of people, households or
    children and goes through :func:`suppress_small_cells`. On a row where a count was blanked the
    decimal columns (shares, prevalences, cumulative coverage) are blanked too, and ``reason`` (which
    quotes the counts) becomes ``note``.
    """
    counts = [
        f.name for f in table.schema
        if pa.types.is_integer(f.type) and f.name not in _KEEP_INT and not f.name.startswith("rank")
    ]
    out = suppress_small_cells(table, counts, k=k)
    hit = pc.is_valid(out["suppressed"])
    for f in out.schema:
        if pa.types.is_floating(f.type):
            idx = out.schema.get_field_index(f.name)
            out = out.set_column(idx, f.name, pc.if_else(hit, pa.scalar(None, f.type), out[f.name]))
    if "reason" in out.column_names:
        idx = out.schema.get_field_index("reason")
        out = out.set_column(idx, "reason", pc.if_else(hit, pa.scalar(note), out["reason"]))
    return out
