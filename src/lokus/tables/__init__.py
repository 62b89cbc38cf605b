"""The one reader of user files: CSV/TSV/pipe in any encoding, XLSX/XLS, HTML-as-XLS, Parquet;
the schema-spec machinery (canonical fields, header aliases per format, ``--column`` mappings);
and one parser per value kind (dates, decimals, money, NIK/KK) shared by every file lokus reads
(registry, measurements, program lists, interventions, stunting loci, indicator files, FGT
surveys, ``anthro`` input).

Heavy lifting happens in DuckDB: a file becomes a relation of text columns (:func:`open_table`),
normalisation and validation are SQL over it. :func:`read_frame` reads a plain UTF-8 delimited file
(every line one row of well-formed fields) with pyarrow's CSV parser instead, with the same result
(:mod:`lokus.tables._fastcsv`).
"""

from lokus.tables._batches import NotPlainText, TableBatches, read_batches
from lokus.tables._checks import BatchChecks, BatchFindings, check_columns, check_frame
from lokus.tables._columns import ColumnMap, column_map, find_header, header_named, rename_mapped
from lokus.tables._detect import FileKind, TextLayout, sniff_file, sniff_text_layout
from lokus.tables._frame import TableFrame, loaded_rows, read_frame
from lokus.tables._lines import line_problem
from lokus.tables._load import LoadedTable, cell_text, open_table
from lokus.tables._option import parse_option
from lokus.tables._spec import (
    FieldKind,
    FieldSpec,
    FormatSpec,
    HeaderMatch,
    TableSpec,
    check_duplicates,
    detect_format,
    header_key,
    match_headers,
    raise_missing,
    repeated_headers,
)
from lokus.tables._sqlnorm import FieldPlan, field_plan
from lokus.tables._values import (
    AmbiguousColumnError,
    DateEvidence,
    DateOrders,
    ParsedValues,
    ReadAgain,
    ValueKind,
    parse_values,
)

__all__ = [
    "AmbiguousColumnError",
    "BatchChecks",
    "BatchFindings",
    "check_columns",
    "check_frame",
    "DateEvidence",
    "DateOrders",
    "ReadAgain",
    "NotPlainText",
    "TableBatches",
    "read_batches",
    "ColumnMap",
    "ParsedValues",
    "TableFrame",
    "ValueKind",
    "column_map",
    "find_header",
    "header_named",
    "parse_values",
    "parse_option",
    "line_problem",
    "loaded_rows",
    "read_frame",
    "rename_mapped",
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
    "check_duplicates",
    "raise_missing",
    "repeated_headers",
]
