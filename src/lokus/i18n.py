"""User-facing text in Bahasa Indonesia (default) and English.

Messages live in small catalogues per capability (``MESSAGES`` here plus whatever a module
registers with :func:`register`). ``t(key, lang, **params)`` formats one message. The language
comes from ``--lang``, else ``LOKUS_LANG``, else Bahasa Indonesia.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["DEFAULT_LANG", "LANGS", "t", "register", "current_lang", "MESSAGES"]

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


def t(message_key: str, lang: str = DEFAULT_LANG, /, **params: Any) -> str:
    """Format message ``key`` in ``lang``; unknown params render as-is, never raise."""
    texts = MESSAGES.get(message_key)
    if texts is None:
        return message_key + (" " + repr(params) if params else "")
    text = texts.get(lang) or texts[DEFAULT_LANG]
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text
