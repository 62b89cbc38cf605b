"""The one writer of files a person gets: CSV, XLSX or JSON, chosen by the file's extension.

Every table a command, the meeting pack or the web app hands to a person goes through
:func:`write_table` (many sheets: :func:`write_workbook`; a summary object: :func:`write_json`), so
that all of them are formula-safe, keep identifiers (NIK, KK) as text and name the format by the
extension. Tables printed on standard output as CSV or JSON use the same cell rule
(:func:`table_text`).

Guarantees:

* the extension decides the format (``.csv``, ``.xlsx``, ``.json``); an unknown extension, or one
  that disagrees with an explicit format, is refused with one sentence (:class:`ConfigError`);
* a missing or read-only folder is one sentence (:class:`OutputError`), never a traceback;
* the file appears whole or not at all (written beside it, then renamed);
* with ``audit=``, the personal-data audit row is written only after the file exists.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import lokus.reports._messages  # noqa: F401 - registers the messages
from lokus.errors import ConfigError, LokusError, OutputError, os_reason
from lokus.i18n import DEFAULT_LANG, fmt_date, t
from lokus.reports._sheets import Sheet, cell_value, csv_text, rows_of, safe_text, write_csv, write_xlsx

__all__ = [
    "FORMATS", "Audit", "check_output", "csv_rows", "format_of", "json_text", "sources_line", "table_text",
    "write_csv_parts", "write_json", "write_table", "write_workbook",
]

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".json": "json"}


@dataclass(frozen=True)
class Audit:
    """The audit row to write once a file of personal data exists (see :func:`lokus.privacy.audit`)."""

    ws: Any  # lokus.workspace.Workspace
    action: str
    target: str
    rows: int
    scope: str | None = None
    pseudonymised: bool = False
    records: tuple[str, ...] = ()  # the NIKs (else KKs) in the file, for subject access

    def record(self, output: str | None) -> None:
        from lokus.privacy import audit

        audit(self.ws, self.action, target=self.target, rows=self.rows, scope=self.scope,
              pseudonymised=self.pseudonymised, output=output, records=self.records)


def format_of(path: str | os.PathLike[str], fmt: str | None = None, *, allowed: Iterable[str] = FORMATS.values()) -> str:
    """The format of output ``path`` (``csv``, ``xlsx`` or ``json``), from its extension.

    Raises :class:`ConfigError` (one sentence) when the extension is unknown, not among ``allowed``,
    or disagrees with an explicit ``fmt``."""
    p = Path(path)
    suffix = p.suffix.lower()
    ok = [s for s, k in FORMATS.items() if k in set(allowed)]
    kind = FORMATS.get(suffix)
    if kind is None or suffix not in ok:
        raise ConfigError("error.output.suffix", path=str(p), suffix=suffix or "-", valid=", ".join(ok))
    if fmt and fmt != kind:
        raise ConfigError("error.output.mismatch", path=str(p), suffix=suffix, fmt=fmt)
    return kind


def check_output(path: str | os.PathLike[str], fmt: str | None = None, *,
                 allowed: Iterable[str] = FORMATS.values()) -> str:
    """Check, before any work, that ``path`` can be written in a known format: extension and folder.
    Returns the format."""
    kind = format_of(path, fmt, allowed=allowed)
    p = Path(path)
    folder = p.parent if str(p.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError("error.output.folder", path=str(p), folder=str(folder))
    return kind


def make_folder(path: str | os.PathLike[str]) -> Path:
    """Create the output folder ``path`` (and its parents) and return it. Raises :class:`OutputError` with
    one sentence, never an OS error, when a part of the path is a file or the folder cannot be made."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        part = next((p for p in [folder, *folder.parents] if p.exists() and not p.is_dir()), None)
        if part is not None:
            raise OutputError("error.output.folder_file", path=str(folder), file=str(part)) from None
        raise OutputError("error.output.make_folder", path=str(folder), detail=os_reason(exc)) from None
    return folder


def _atomic(path: Path, write: Callable[[Path], Any]) -> Path:
    """Write through a temporary file beside ``path``, then rename: whole or nothing."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError("error.output.folder", path=str(path), folder=str(folder))
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    try:
        write(tmp)
        os.replace(tmp, path)
    except LokusError:  # raised while the content was made (a file read in batches): not a write error
        _unlink(tmp)
        raise
    except OSError as exc:
        _unlink(tmp)
        raise OutputError("error.output.write", path=str(path), detail=os_reason(exc)) from None
    except Exception as exc:  # xlsxwriter wraps OS errors in its own classes
        _unlink(tmp)
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, OSError) or type(exc).__module__.startswith("xlsxwriter"):
            raise OutputError("error.output.write", path=str(path), detail=os_reason(cause or exc)) from None
        raise
    return path


def _atomic_columns(path: Path, table: Any) -> bool:
    """CSV of a pyarrow/Polars table written column by column (same bytes as the per-cell path, much
    faster); False, with nothing written, when the table needs the per-cell path."""
    from lokus.reports._columnar import csv_frame, write_csv_frame

    frame = csv_frame(table)
    if frame is None:
        return False
    _atomic(path, lambda tmp: write_csv_frame(tmp, frame, [str(c) for c in frame.columns]))
    return True


def _unlink(p: Path) -> None:
    try:
        p.unlink()
    except OSError:
        pass


def _json_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return cell_value(value)


def _json_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
    return [{c: _json_value(v) for c, v in zip(columns, row, strict=True)} for row in rows]


def json_text(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """JSON text: a list of objects with stable snake_case keys. JSON is data, not a spreadsheet:
    values are kept as they are (no quote prefix)."""
    return json.dumps(_json_rows(columns, rows), ensure_ascii=False, indent=2, default=str)


def table_text(table: Any, fmt: str) -> str:
    """A table as CSV or JSON text for standard output, with the same cell rule as files."""
    columns, dicts = rows_of(table)
    rows = [[r.get(c) for c in columns] for r in dicts]
    if fmt == "json":
        return json_text(columns, rows) + "\n"
    return csv_text(columns, rows)


def write_table(
    table: Any,
    path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    lang: str = DEFAULT_LANG,
    title: str | None = None,
    sheet_name: str = "data",
    note: str | None = None,
    notes: Iterable[str] = (),
    allowed: Iterable[str] = FORMATS.values(),
    audit: Audit | None = None,
    labels: Mapping[str, str] | None = None,
    topic: str | None = None,
    number_formats: Mapping[str, str] | None = None,
    wrap: Mapping[str, float] | None = None,
) -> Path:
    """Write one table (pyarrow, polars, pandas or a list of dicts) to ``path``.

    The format comes from the extension (``.csv``, ``.xlsx``, ``.json``; ``fmt`` must agree). CSV
    and JSON keep stable snake_case keys and the values as they are; XLSX is for people: every
    header in ``lang`` (``topic``: a capability's own headers first), the codes of the ``labels``
    columns as catalogue texts (column → catalogue family, see :class:`Sheet`), ``number_formats``
    for display only (column → Excel format such as ``0.00``: the stored number is unchanged),
    ``wrap`` columns of sentences wrapped inside a cell of the given width in characters, the
    ``title`` above and the ``note`` (e.g. the snapshots used) and further ``notes`` lines below. With ``audit``, the audit row
    is written after the file exists. Returns the path written. Errors: :class:`ConfigError`,
    :class:`OutputError`.
    """
    p = Path(path)
    kind = check_output(p, fmt, allowed=allowed)
    if kind == "csv" and _atomic_columns(p, table):
        if audit is not None:
            audit.record(str(p))
        return p
    sheet = Sheet.from_table(sheet_name, table, title=title, note=note)
    sheet.notes = list(notes)
    sheet.labels, sheet.topic = dict(labels or {}), topic
    sheet.number_formats = dict(number_formats or {})
    if wrap:
        sheet.wrap = frozenset(wrap)
        sheet.widths = {**(sheet.widths or {}), **wrap}
    if kind == "xlsx":
        _atomic(p, lambda tmp: write_xlsx(tmp, [sheet], lang=lang))
    elif kind == "json":
        text = json_text(sheet.columns, sheet.rows) + "\n"
        _atomic(p, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    else:
        _atomic(p, lambda tmp: write_csv(tmp, sheet))
    if audit is not None:
        audit.record(str(p))
    return p


def csv_rows(table: Any) -> tuple[list[str], bytes]:
    """(columns, the CSV rows without the header) of one table (pyarrow, Polars, pandas or a list of
    dicts), byte for byte as :func:`write_table` writes them: for a file written in parts
    (:func:`write_csv_parts`), one batch of rows at a time."""
    import io

    from lokus.reports._columnar import _write, csv_frame

    frame = csv_frame(table)
    if frame is not None:
        buf = io.BytesIO()
        if frame.height:
            _write(frame, buf)
        return [str(c) for c in frame.columns], buf.getvalue()
    sheet = Sheet.from_table("data", table)
    text = csv_text(sheet.columns, sheet.rows, sheet.text_columns)
    return list(sheet.columns), text[len(csv_text(sheet.columns, [], sheet.text_columns)):].encode("utf-8")


def write_csv_parts(path: str | os.PathLike[str], parts: Iterable[tuple[Sequence[str], bytes]], *,
                    audit: Audit | None = None) -> tuple[Path, int]:
    """Write a CSV from parts made by :func:`csv_rows` (the header from the first part's columns; the
    same bytes as :func:`write_table` of the parts' rows together), whole or not at all: an error
    while the parts are made leaves no file. Returns the path and the number of parts written."""
    p = Path(path)
    check_output(p, allowed=("csv",))
    count = 0

    def write(tmp: Path) -> None:
        nonlocal count
        count = 0
        with open(tmp, "wb") as fh:
            for columns, body in parts:
                if count == 0:
                    fh.write(csv_text(list(columns), []).encode("utf-8-sig"))
                fh.write(body)
                count += 1

    _atomic(p, write)
    if audit is not None:
        audit.record(str(p))
    return p, count


def write_workbook(
    path: str | os.PathLike[str], sheets: Sequence[Sheet], *, lang: str | None = None, audit: Audit | None = None
) -> Path:
    """Write several sheets to one XLSX workbook (``path`` must end in ``.xlsx``)."""
    p = Path(path)
    check_output(p, allowed=("xlsx",))
    _atomic(p, lambda tmp: write_xlsx(tmp, sheets, lang=lang))
    if audit is not None:
        audit.record(str(p))
    return p


def write_json(obj: Any, path: str | os.PathLike[str]) -> Path:
    """Write a JSON document (e.g. an ingest summary) to ``path``, with the same folder checks."""
    p = Path(path)
    check_output(p, allowed=("json",))
    text = json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n"
    return _atomic(p, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def sources_line(lang: str = DEFAULT_LANG, **sources: Any) -> str:
    """One line naming the data a table came from: ``Data: registri p3ke-2022, kebijakan …``.

    Keys: registry, policy, stunting_loci, measurements, lists, meeting, snapshot, as_of, region.
    Empty values are left out; a value may be a list."""
    parts = []
    for key, value in sources.items():
        if value is None or value == [] or value == "":
            continue
        if isinstance(value, (list, tuple, set)):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, date):  # "per 31 Agustus 2022", as the table titles say it
            value = fmt_date(value, lang)
        parts.append(t(f"reports.source.{key}", lang, name=value))
    return safe_text(t("reports.sources", lang, sources="; ".join(parts) or t("reports.source.none", lang)))
