"""Files for people: worklists as XLSX or CSV that spreadsheets cannot corrupt.

Identifiers (NIK, KK) stay text, and no cell can turn into a formula: in XLSX every text is
written with ``write_string`` (identifier columns also get the text format ``@``); in CSV a value
starting with ``=``, ``+``, ``-`` or ``@`` is prefixed with ``'``. XlsxWriter is imported only
when an XLSX is written.
"""

from lokus.reports._sheets import (
    FORMULA_PREFIXES,
    TEXT_COLUMNS,
    Sheet,
    csv_safe,
    write_csv,
    write_xlsx,
)
from lokus.reports._write import FORMATS, write_table, write_workbook

__all__ = [
    "FORMATS", "FORMULA_PREFIXES", "TEXT_COLUMNS", "Sheet", "csv_safe", "write_csv", "write_table",
    "write_workbook", "write_xlsx",
]
