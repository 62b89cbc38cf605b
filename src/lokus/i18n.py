"""User-facing text in Bahasa Indonesia (default) and English.

Messages live in small catalogues per capability (``MESSAGES`` here plus whatever a module
registers with :func:`register`). ``t(key, lang, **params)`` formats one message. The language
comes from ``--lang``, else ``LOKUS_LANG``, else Bahasa Indonesia.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DEFAULT_LANG", "LANGS", "MESSAGES", "current_lang", "fmt_date", "fmt_datetime", "fmt_int", "fmt_number", "fmt_ordinal",
    "fmt_pct", "fmt_sig", "fmt_weighted",
    "has", "has_header", "header", "label", "localized", "register", "t", "t_n", "yes_no",
]

LANGS = ("id", "en")
DEFAULT_LANG = "id"

MESSAGES: dict[str, dict[str, str]] = {
    "error.generic": {
        "id": "Terjadi kesalahan: {detail}.",
        "en": "Something went wrong: {detail}.",
    },
    "error.config": {
        "id": "Nilai '{value}' tidak valid untuk {key}; pilihan yang valid: {valid_values}.",
        "en": "'{value}' is not a valid {key}; valid values: {valid_values}.",
    },
    "error.file": {
        "id": "Berkas {path} tidak dapat dipakai: {detail}.",
        "en": "File {path} cannot be used: {detail}.",
    },
    "error.file.missing": {
        "id": "Berkas {path} tidak ditemukan; periksa nama dan foldernya.",
        "en": "File {path} does not exist; check the name and folder.",
    },
    "error.file.folder": {
        "id": "{path} adalah folder, bukan berkas; sebutkan berkas di dalamnya (mis. {path}/data.csv).",
        "en": "{path} is a folder, not a file; name a file inside it (e.g. {path}/data.csv).",
    },
    "error.file.empty": {
        "id": "Berkas {path} kosong; ekspor ulang data dari aplikasi sumber.",
        "en": "File {path} is empty; export the data again from the source application.",
    },
    "error.file.not_table": {
        "id": "Berkas {path} bukan tabel yang bisa dibaca ({detail}); gunakan CSV, XLSX, XLS atau Parquet.",
        "en": "File {path} is not a readable table ({detail}); use CSV, XLSX, XLS or Parquet.",
    },
    "error.schema": {
        "id": "Berkas {path} tidak memiliki kolom wajib {missing}; kolom yang ada dan paling mirip: {present}.",
        "en": "File {path} lacks the required columns {missing}; closest headers present: {present}.",
    },
    "error.workspace": {
        "id": "Workspace {path}: {detail}.",
        "en": "Workspace {path}: {detail}.",
    },
    "error.workspace.no_snapshot": {
        "id": "Snapshot '{name}' tidak ada di workspace {path}; snapshot yang ada: {available}.",
        "en": "Snapshot '{name}' is not in workspace {path}; available snapshots: {available}.",
    },
    "error.workspace.snapshot_kind": {
        "id": "Snapshot '{name}' berisi data {kind}, bukan {wanted}; snapshot {wanted} yang ada: {available}.",
        "en": "Snapshot '{name}' holds {kind} data, not {wanted}; {wanted} snapshots available: {available}.",
    },
    "error.engine.no_table": {
        "id": "Mesin {engine} tidak memiliki tabel {table} berisi data; sebutkan lokasinya di LOKUS_SPARK_TABLES "
              "({table}=parquet:PATH), lihat docs/engines.md.",
        "en": "The {engine} engine has no {table} table with rows; name its location in LOKUS_SPARK_TABLES "
              "({table}=parquet:PATH), see docs/engines.md.",
    },
    "error.workspace.locked": {
        "id": "Workspace {path} sedang dipakai proses lain; tunggu sampai selesai lalu coba lagi.",
        "en": "Workspace {path} is in use by another process; wait for it to finish and try again.",
    },
    "error.region.unknown": {
        "id": "Kode wilayah '{code}' tidak dikenal dalam daftar Kemendagri; contoh kode yang benar: 18.04.",
        "en": "Region code '{code}' is not in the Kemendagri list; a valid example is 18.04.",
    },
    "error.region.malformed": {
        "id": "'{code}' bukan kode wilayah Kemendagri; tulis seperti 18, 18.04, 18.04.04 atau 18.04.04.2001.",
        "en": "'{code}' is not a Kemendagri region code; write it like 18, 18.04, 18.04.04 or 18.04.04.2001.",
    },
    "error.option": {
        "id": "Opsi tidak valid: {detail}. Lihat `lokus {command} --help`.",
        "en": "Invalid option: {detail}. See `lokus {command} --help`.",
    },
    "error.internal": {
        "id": "Kesalahan internal ({detail}); jalankan ulang dengan --debug dan laporkan.",
        "en": "Internal error ({detail}); run again with --debug and report it.",
    },
}


def has(message_key: str) -> bool:
    """Whether the catalogue knows ``message_key``."""
    return message_key in MESSAGES


def register(messages: dict[str, dict[str, str]]) -> None:
    """Add a capability's messages. Each entry needs both languages."""
    for key, texts in messages.items():
        missing = [lang for lang in LANGS if lang not in texts]
        if missing:
            raise ValueError(f"message {key!r} lacks languages {missing}")
        MESSAGES[key] = texts


def current_lang(explicit: str | None = None) -> str:
    """The language to use: explicit, else LOKUS_LANG, else Bahasa Indonesia."""
    lang = (explicit or os.environ.get("LOKUS_LANG") or DEFAULT_LANG).strip().lower()
    return lang if lang in LANGS else DEFAULT_LANG


_CATALOGUES_LOADED = False


def _load_catalogues() -> None:
    """Import every capability's message catalogue (``lokus/<capability>/_messages.py`` and
    ``_reasons.py``), once: a sentence must not depend on which module a command happened to import
    before it (``ingest stunting-loci`` printed a bare key whose catalogue it never imported)."""
    global _CATALOGUES_LOADED
    if _CATALOGUES_LOADED:
        return
    _CATALOGUES_LOADED = True
    import importlib
    from pathlib import Path

    root = Path(__file__).resolve().parent
    for path in sorted([*root.glob("*/_messages.py"), *root.glob("*/_reasons.py")]):
        try:
            importlib.import_module(f"lokus.{path.parent.name}.{path.stem}")
        except ImportError:  # an optional capability whose dependencies are not installed
            continue


def t(message_key: str, lang: str = DEFAULT_LANG, /, **params: Any) -> str:
    """Format message ``key`` in ``lang``; unknown params render as-is, never raise. A key not registered
    yet loads every catalogue once before it is given up (and shown as the key itself)."""
    texts = MESSAGES.get(message_key)
    if texts is None and not _CATALOGUES_LOADED:
        _load_catalogues()
        texts = MESSAGES.get(message_key)
    if texts is None:
        return message_key + (" " + repr(params) if params else "")
    text = texts.get(lang) or texts[DEFAULT_LANG]
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def t_n(message_key: str, n: int | float | None, lang: str = DEFAULT_LANG, /, **params: Any) -> str:
    """:func:`t` for a text about ``n`` things: ``<key>.one`` when ``n`` is 1 and the catalogue has it ("1 row
    was"), else ``key`` ("2 rows were"; Indonesian has no plural, its two texts are the same). ``n`` reaches the
    text as ``{n}``, the language's way (``1.234`` / ``1,234``), unless ``params`` give ``n``. A sentence with
    several counts says each as a count phrase: ``t_n("count.row", rows, lang)`` → "1 row" / "3 rows" / "3 baris"
    (the ``count.*`` phrases below)."""
    params.setdefault("n", fmt_int(n, lang))
    key = f"{message_key}.one" if n == 1 and f"{message_key}.one" in MESSAGES else message_key
    if key not in MESSAGES and not _CATALOGUES_LOADED:
        _load_catalogues()
        key = f"{message_key}.one" if n == 1 and f"{message_key}.one" in MESSAGES else message_key
    return t(key, lang, **params)


# --- numbers, dates and headers -------------------------------------------------------------------
# Bahasa Indonesia groups thousands with "." and writes decimals with "," (313.776; 16,6%);
# English uses "," and "." (313,776; 16.6%). CSV and JSON never go through these: they keep raw
# values and stable snake_case keys.


@dataclass(frozen=True)
class _Locale:
    thousands: str
    decimal: str
    time_sep: str
    months: tuple[str, ...]


_LOCALES = {
    "id": _Locale(".", ",", ".", ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                                "September", "Oktober", "November", "Desember")),
    "en": _Locale(",", ".", ":", ("January", "February", "March", "April", "May", "June", "July", "August",
                                "September", "October", "November", "December")),
}


def _locale(lang: str) -> _Locale:
    return _LOCALES.get(lang, _LOCALES[DEFAULT_LANG])


def _localise(text: str, lang: str) -> str:
    """Python's ``1,234.5`` with the separators of ``lang``."""
    loc = _locale(lang)
    return text.replace(",", "\0").replace(".", loc.decimal).replace("\0", loc.thousands)


def fmt_int(value: int | float | None, lang: str = DEFAULT_LANG) -> str:
    """``313776`` → ``313.776`` (id) / ``313,776`` (en); None → empty."""
    if value is None:
        return ""
    return _localise(f"{round(value):,}", lang)


def fmt_number(value: float | int | None, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    """A decimal with ``digits`` places: ``1234.56`` → ``1.234,6`` (id) / ``1,234.6`` (en).

    Negative zero prints as zero (``-0.04`` with one digit is ``0,0``, not ``-0,0``)."""
    if value is None:
        return ""
    text = f"{value:,.{digits}f}"
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]
    return _localise(text, lang)


def fmt_weighted(value: float | None, lang: str = DEFAULT_LANG, digits: int = 2) -> str:
    """A weighted count (a sum of survey weights) at its real value: whole numbers as such (``1.234``),
    otherwise up to ``digits`` decimals without trailing zeros — ``4.5`` → ``4,5`` (id) / ``4.5`` (en),
    never rounded to ``4``; NaN or None → empty."""
    if value is None or value != value:
        return ""
    text = fmt_number(value, "en", digits)  # Python's own separators: the trailing zeros go before localising
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return _localise(text, lang)


def fmt_pct(value: float | None, lang: str = DEFAULT_LANG, digits: int = 1, *, share: bool = True) -> str:
    """A percentage: ``0.166`` (a share) → ``16,6%`` (id) / ``16.6%`` (en); ``share=False`` if
    ``value`` is already in percent."""
    if value is None:
        return ""
    return fmt_number(value * 100 if share else value, lang, digits) + "%"


def fmt_sig(value: float | int | None, lang: str = DEFAULT_LANG, digits: int = 4) -> str:
    """A number with ``digits`` significant digits (Python's ``g``): ``0.1234`` → ``0,1234`` (id)."""
    if value is None:
        return ""
    text = f"{value:.{digits}g}" if isinstance(value, float) else str(value)
    return text.replace(".", _locale(lang).decimal)


def fmt_ordinal(n: int, lang: str = DEFAULT_LANG) -> str:
    """``ke-3`` (id) / ``3rd`` (en)."""
    if _locale(lang) is _LOCALES["id"]:
        return f"ke-{n}"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def fmt_date(value: Any, lang: str = DEFAULT_LANG) -> str:
    """A date for people: ``30 November 2026`` (id) / ``30 November 2026`` (en, month in English);
    a datetime adds the time (``14.05`` / ``14:05``)."""
    if value is None:
        return ""
    loc = _locale(lang)
    text = f"{value.day} {loc.months[value.month - 1]} {value.year}"
    if hasattr(value, "hour"):
        text += f" {value.hour:02d}{loc.time_sep}{value.minute:02d}"
    return text


def fmt_datetime(value: Any, lang: str = DEFAULT_LANG) -> str:
    """A moment lokus recorded, for people: ``2 Desember 2026 19.29 WIB`` (id) / ``2 December 2026 19:29 WIB``
    (en). Workspace timestamps are stored as UTC without a zone (erasures, snapshots, the audit trail); a naive
    value is read as UTC and shown in this computer's time zone, named, so the clock time is never ambiguous."""
    if value is None:
        return ""
    from datetime import UTC, datetime

    if not isinstance(value, datetime):
        return fmt_date(value, lang)
    local = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone()
    zone = local.tzname() or ""
    return f"{fmt_date(local, lang)} {zone}".rstrip()


def yes_no(value: bool | None, lang: str = DEFAULT_LANG) -> str:
    """``ya``/``tidak`` (id), ``yes``/``no`` (en); None → empty."""
    if value is None:
        return ""
    return t("word.yes" if value else "word.no", lang)


def localized(values: Any, key: str, lang: str = DEFAULT_LANG) -> str:
    """The text of field ``key`` of a packaged data record (a CSV row, a TOML table) in ``lang``.

    Data files carry their text in one language under ``key`` and the other language under
    ``<key>_<lang>`` (``title`` / ``title_en`` in a policy, ``name`` / ``name_en`` in the program
    catalogue, ``publication`` / ``publication_id`` in the indicator files). The ``<key>_<lang>``
    text wins when it is present and not empty; otherwise ``key``'s text is returned (a user's file
    with one language only still shows its text). ``values`` is a mapping or an object with
    attributes (a row dict, a dataclass)."""
    def get(name: str) -> Any:
        if isinstance(values, dict):
            return values.get(name)
        return getattr(values, name, None)

    own = get(f"{key}_{lang}")
    if isinstance(own, str) and own.strip():
        return own
    base = get(key)
    return "" if base is None else str(base)


def header(column: str, lang: str = DEFAULT_LANG, topic: str | None = None) -> str:
    """The human header of a snake_case column, from the catalogue key ``col.<column>``.

    ``topic`` names a capability whose meaning of a shared name differs (``col.<topic>.<column>`` is
    tried first: ``measure`` is a poverty measure in general, the measuring position in growth
    tables). A column of a family gets its family's header: ``gap_<program>`` (``Belum PKH``),
    ``<column>_a`` / ``<column>_b`` of a comparison (``Warga A``), ``raw:<header>`` of a quarantined
    row (``NIK (asli)``). Unknown columns fall back to the column name itself (a test checks that
    every column the CLI, the pack and the web app show has a catalogue entry)."""
    if topic is not None and f"col.{topic}.{column}" in MESSAGES:
        return t(f"col.{topic}.{column}", lang)
    key = f"col.{column}"
    if key in MESSAGES:
        return t(key, lang)
    for prefix in _COLUMN_PATTERNS:
        rest = column.removeprefix(prefix)
        if rest != column and rest:
            return t(f"colpattern.{prefix}", lang, name=rest if prefix.endswith(":") else rest.upper())
    for suffix in _COLUMN_SUFFIXES:
        rest = column.removesuffix(suffix)
        if rest != column and rest and has_header(rest):
            return t(f"colsuffix.{suffix}", lang, name=header(rest, lang, topic))
    return column


def has_header(column: str) -> bool:
    """Whether :func:`header` knows ``column`` (its own key or a column family such as ``gap_<program>``)."""
    return f"col.{column}" in MESSAGES or any(
        column.startswith(p) and column != p for p in _COLUMN_PATTERNS
    ) or any(column.endswith(s) and column != s and has_header(column.removesuffix(s)) for s in _COLUMN_SUFFIXES)


def label(enum: str, value: Any, lang: str = DEFAULT_LANG, sep: str = ", ") -> str:
    """The text of code ``value`` from the catalogue key ``<enum>.<value>`` (the code itself when
    the catalogue has no such key; None → empty). A list of codes, or one text of codes joined by
    ``;`` (e.g. a growth ``reason``) or ``,`` (the columns a published table blanked, family ``col``:
    ``decile1_households`` → ``KK desil 1``), gives each code's text, joined by ``sep``."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        codes = list(value)
    elif isinstance(value, str) and (";" in value or "," in value) and f"{enum}.{value}" not in MESSAGES:
        codes = [c.strip() for c in value.split(";" if ";" in value else ",") if c.strip()]
    else:
        codes = [value]
    return sep.join(t(f"{enum}.{c}", lang) if f"{enum}.{c}" in MESSAGES else str(c) for c in codes)


register({
    "word.yes": {"id": "ya", "en": "yes"},
    "word.no": {"id": "tidak", "en": "no"},
    "word.error": {"id": "Galat", "en": "Error"},
    "word.aborted": {"id": "Dibatalkan.", "en": "Aborted."},
})


def _count_phrases(nouns: dict[str, tuple[str, str, str]]) -> dict[str, dict[str, str]]:
    """``count.<noun>`` and ``count.<noun>.one`` from (Indonesian, English singular, English plural)."""
    out: dict[str, dict[str, str]] = {}
    for noun, (ind, one, many) in nouns.items():
        out[f"count.{noun}"] = {"id": "{n} " + ind, "en": "{n} " + many}
        out[f"count.{noun}.one"] = {"id": "{n} " + ind, "en": "{n} " + one}
    return out


#: Count phrases for sentences with several counts (:func:`t_n`): "1 row", "2 rows", "2 baris".
register(_count_phrases({
    "row": ("baris", "row", "rows"),
    "table": ("tabel", "table", "tables"),
    "mention": ("sebutan", "mention", "mentions"),
    "audit_detail": ("rincian audit", "audit detail", "audit details"),
    "audit_row": ("baris audit", "audit row", "audit rows"),
    "quarantine_row": ("baris karantina", "quarantine row", "quarantine rows"),
    "day": ("hari", "day", "days"),
    "household": ("keluarga", "household", "households"),
}))


def _register_columns() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from lokus._columns import COLUMNS, PATTERNS, SUFFIXES

    register({f"col.{c}": {"id": i, "en": e} for c, (i, e) in COLUMNS.items()})
    register({f"colpattern.{p}": {"id": i, "en": e} for p, (i, e) in PATTERNS.items()})
    register({f"colsuffix.{s}": {"id": i, "en": e} for s, (i, e) in SUFFIXES.items()})
    return tuple(PATTERNS), tuple(SUFFIXES)


_COLUMN_PATTERNS, _COLUMN_SUFFIXES = _register_columns()
