"""The one place where pandas, Polars and pyarrow tables come in and go out.

Inside :mod:`lokus.growth` columns are pyarrow/NumPy; public functions call :func:`to_arrow` on entry
and :func:`add_columns` / :func:`like` on exit, so the caller gets the type it gave. pandas is optional
and never imported unless the caller passes a pandas object.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pyarrow as pa

from lokus.errors import ConfigError
from lokus.tables._values import validity_bitmap

__all__ = ["Kind", "kind_of", "to_arrow", "add_columns", "like", "column_names", "num_rows",
           "pandas_column_to_arrow",
           "masked_array", "label_array"]

Kind = Literal["arrow", "polars", "pandas"]


def kind_of(table: Any) -> Kind:
    if isinstance(table, pa.Table):
        return "arrow"
    mod = type(table).__module__
    if mod.startswith("polars") and hasattr(table, "to_arrow"):
        return "polars"
    if mod.startswith("pandas") and hasattr(table, "columns") and hasattr(table, "iloc"):
        return "pandas"
    raise ConfigError("growth.error.table_type", got=type(table).__name__)


def masked_array(values: np.ndarray, null: np.ndarray | None, type_: pa.DataType) -> pa.Array:
    """``values`` (a contiguous 1-D NumPy array of ``type_``) as an Arrow array, null where ``null``
    (None: no nulls).

    The data buffer is shared, not copied; the values under the nulls stay as they are (Arrow never
    reads them). Only the validity bitmap is built.
    """
    bitmap = None if null is None else validity_bitmap(~null)
    return pa.Array.from_buffers(type_, len(values), [bitmap, pa.py_buffer(values)])


def label_array(labels: Sequence[str | None], index: np.ndarray) -> pa.Array:
    """``labels[index[i]]`` for every row ``i`` as an Arrow ``string`` array (a None label → null).

    For a handful of labels over many rows (codes, categories, reasons): Arrow's ``take`` gathers them.
    Built from buffers: ``pa.array`` on its first call in a process imports pandas (0.2-0.3 s of CPU).
    """
    encoded = [b"" if label is None else label.encode() for label in labels]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    dictionary = pa.Array.from_buffers(
        pa.string(), len(encoded),
        [validity_bitmap(np.array([label is not None for label in labels], dtype=bool)), pa.py_buffer(offsets),
         pa.py_buffer(b"".join(encoded))])
    idx = np.ascontiguousarray(index, dtype=np.int32)
    return dictionary.take(pa.Array.from_buffers(pa.int32(), len(idx), [None, pa.py_buffer(idx)]))


def pandas_column_to_arrow(series: Any) -> pa.Array:
    try:
        return pa.Array.from_pandas(series)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        # Mixed object column (numbers and text): keep every value as text, missing as null.
        values = [None if v is None or (isinstance(v, float) and v != v) else str(v) for v in series.tolist()]
        return pa.array(values, type=pa.string())


def to_arrow(table: Any, columns: Sequence[str] | None = None) -> pa.Table:
    """A pyarrow table of ``columns`` (all when None) of a pandas/Polars/pyarrow table."""
    kind = kind_of(table)
    if kind == "arrow":
        return table if columns is None else table.select(list(columns))
    if kind == "polars":
        sub = table if columns is None else table.select(list(columns))
        return sub.to_arrow()
    names = [str(c) for c in table.columns] if columns is None else list(columns)
    arrays = [pandas_column_to_arrow(table[c]) for c in names]
    return pa.table(arrays, names=names)


def num_rows(table: Any) -> int:
    """The number of rows of a pandas/Polars/pyarrow table."""
    kind = kind_of(table)
    if kind == "arrow":
        return int(table.num_rows)
    if kind == "polars":
        return int(table.height)
    return len(table)


def column_names(table: Any) -> list[str]:
    kind = kind_of(table)
    if kind == "arrow":
        return list(table.column_names)
    return [str(c) for c in table.columns]


def add_columns(table: Any, new: Mapping[str, pa.Array]) -> Any:
    """``table`` with ``new`` columns appended (replacing same-named ones), in the caller's type."""
    kind = kind_of(table)
    if kind == "arrow":
        out = table
        for name, arr in new.items():
            idx = out.schema.get_field_index(name)
            out = out.set_column(idx, name, arr) if idx >= 0 else out.append_column(name, arr)
        return out
    if kind == "polars":
        import polars as pl

        return table.with_columns([pl.Series(name, arr) for name, arr in new.items()])
    out = table.copy()
    for name, arr in new.items():
        out[name] = _arrow_to_pandas(arr, out.index)
    return out


def _arrow_to_pandas(arr: pa.Array, index: Any) -> Any:
    import pandas as pd

    if pa.types.is_integer(arr.type):
        return pd.Series(pd.array(arr.to_pylist(), dtype="Int8" if arr.type.bit_width == 8 else "Int64"),
                         index=index)
    if pa.types.is_floating(arr.type):
        return pd.Series(arr.to_numpy(zero_copy_only=False), index=index)
    return pd.Series(arr.to_pylist(), index=index, dtype=object)


def like(table: Any, result: pa.Table) -> Any:
    """A new pyarrow ``result`` converted to the type of ``table``."""
    kind = kind_of(table)
    if kind == "arrow":
        return result
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(result)
    import pandas as pd

    return pd.DataFrame({name: _arrow_to_pandas(result.column(name).combine_chunks(), None)
                         for name in result.column_names})
