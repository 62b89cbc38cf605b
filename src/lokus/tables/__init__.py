"""Reading tables from the files people actually send: CSV/TSV/pipe in any encoding, XLSX/XLS,
HTML-as-XLS, Parquet; and the schema-spec machinery (canonical fields, header aliases per
format, vectorised SQL normalisers) shared by every ingest (registry, measurements, program lists).

Heavy lifting happens in DuckDB: a file becomes a relation of text columns (:func:`open_table`),
normalisation and validation are SQL over it.
"""

from lokus.tables._detect import FileKind, TextLayout, sniff_file, sniff_text_layout
from lokus.tables._load import LoadedTable, cell_text, open_table
from lokus.tables._spec import (
    FieldKind,
    FieldSpec,
    FormatSpec,
    HeaderMatch,
    TableSpec,
    detect_format,
    header_key,
    match_headers,
    raise_missing,
)
from lokus.tables._sqlnorm import FieldPlan, field_plan

__all__ = [
    "FileKind",
    "TextLayout",
    "sniff_file",
    "sniff_text_layout",
    "LoadedTable",
    "cell_text",
    "open_table",
    "FieldKind",
    "FieldPlan",
    "field_plan",
    "FieldSpec",
    "FormatSpec",
    "HeaderMatch",
    "TableSpec",
    "detect_format",
    "header_key",
    "match_headers",
    "raise_missing",
]
