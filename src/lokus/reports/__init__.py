"""Files for people: every CSV, XLSX and JSON a person gets, through one writer.

Identifiers (NIK, KK) stay text, and no cell can turn into a formula: a text starting with ``=``,
``+``, ``-``, ``@``, tab, CR or LF gets a leading ``'`` in CSV, XLSX and CSV on standard output
alike (a plain negative number such as ``-3`` or ``-0.5`` cannot be a formula and passes unchanged:
:data:`PLAIN_NUMBER`); in XLSX every text is written with ``write_string`` (identifier columns also get the text
format ``@``). The extension decides the format; a bad folder or extension is one sentence; the
audit row of a personal-data export is written only after the file exists. XlsxWriter is imported
only when an XLSX is written.
"""

from lokus.reports._sheets import (
    FORMULA_PREFIXES,
    PLAIN_NUMBER,
    TEXT_COLUMNS,
    Sheet,
    cell_value,
    csv_safe,
    csv_text,
    is_text_column,
    needs_guard,
    rows_of,
    safe_text,
    write_csv,
    write_xlsx,
)
from lokus.reports._write import (
    FORMATS,
    Audit,
    check_output,
    csv_rows,
    format_of,
    json_text,
    make_folder,
    sources_line,
    table_text,
    write_csv_parts,
    write_json,
    write_table,
    write_workbook,
)

__all__ = [
    "Audit", "cell_value", "check_output", "csv_rows", "csv_safe", "csv_text", "format_of", "FORMATS",
    "FORMULA_PREFIXES", "is_text_column", "json_text", "make_folder", "needs_guard", "PLAIN_NUMBER", "rows_of",
    "safe_text", "Sheet", "sources_line", "table_text", "TEXT_COLUMNS", "write_csv", "write_csv_parts", "write_json",
    "write_table", "write_workbook", "write_xlsx",
]
