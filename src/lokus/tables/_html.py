"""Rows of an HTML table, for the "Excel" files that are really HTML saved as ``.xls``.

Uses only the standard library. The table with the most rows wins (reports often put a title
table above the data).
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

__all__ = ["iter_html_rows"]


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._stack: list[list[list[str]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._colspan = 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._stack.append([])
        elif tag == "tr" and self._stack:
            self._close_row()
            self._row = []
        elif tag in ("td", "th") and self._stack:
            if self._row is None:
                self._row = []
            self._close_cell()
            self._cell = []
            span = dict(attrs).get("colspan") or "1"
            self._colspan = int(span) if span.isdigit() and 0 < int(span) < 1000 else 1
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr":
            self._close_row()
        elif tag == "table" and self._stack:
            self._close_row()
            self.tables.append(self._stack.pop())

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _close_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            text = " ".join("".join(self._cell).split())
            self._row.append(text)
            self._row.extend([""] * (self._colspan - 1))
        self._cell = None
        self._colspan = 1

    def _close_row(self) -> None:
        self._close_cell()
        if self._row is not None and self._stack:
            self._stack[-1].append(self._row)
        self._row = None

    def close(self) -> None:
        super().close()
        while self._stack:
            self._close_row()
            self.tables.append(self._stack.pop())


def iter_html_rows(text: str) -> Iterator[list[str]]:
    """The rows (lists of cell texts) of the largest table in ``text``."""
    parser = _Tables()
    parser.feed(text)
    parser.close()
    if not parser.tables:
        return
    yield from max(parser.tables, key=len)
