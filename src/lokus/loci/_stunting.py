"""Stunting-locus lists: a file of village codes (a small spec over :mod:`lokus.tables`), checked
against the regions and stored."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lokus.errors import InputFileError, SchemaError
from lokus.i18n import register
from lokus.regions import load_regions, try_normalize_code
from lokus.tables import FieldKind, FieldSpec, FormatSpec, TableSpec, match_headers, read_frame
from lokus.workspace import Workspace, sha256_file

STUNTING_LOCI_TABLE = "stunting_loci"

register(
    {
        "error.loci.outside": {
            "id": "Lokus stunting di luar kabupaten {district}: {codes}; hapus baris itu atau pilih kabupaten yang benar.",
            "en": "Stunting loci outside district {district}: {codes}; remove those rows or choose the right district.",
        },
        "error.loci.bad_codes": {
            "id": "Kode desa lokus stunting tidak dikenal: {codes}; gunakan kode Kemendagri 10 digit.",
            "en": "Unknown stunting-locus village codes: {codes}; use 10-digit Kemendagri codes.",
        },
    }
)

STUNTING_LOCI_SPEC = TableSpec(
    name="stunting_loci",
    fields=(FieldSpec("village_code", FieldKind.VILLAGE, required=True, description="Kemendagri village code"),),
    formats=(
        FormatSpec(
            name="list",
            label="stunting-locus list",
            aliases={
                "village_code": (
                    "village_code", "kode_wilayah", "kode_desa", "kode_kemdagri", "kode_kemendagri", "kode",
                    "code",
                ),
            },
        ),
    ),
)


@dataclass(frozen=True)
class StuntingLociFile:
    path: str
    codes: list[str]
    sha256: str


def read_stunting_loci_file(
    path: str | os.PathLike[str], *, district: str | None = None, columns: Mapping[str, str] | None = None
) -> StuntingLociFile:
    """Read a file (CSV, XLSX, …) listing stunting-locus villages; every code must be a known village.

    The file is read by the one reader (:mod:`lokus.tables`); ``columns`` maps ``village_code`` to
    an unknown header (``--column village_code="Kode Desa"``). With ``district`` every village must
    lie inside it; otherwise one message lists the others. A line that cannot be split stops the
    read with one sentence naming it.
    """
    p = Path(path)
    table = read_frame(p)
    table.refuse_bad_lines()
    match = match_headers(STUNTING_LOCI_SPEC, table.headers, "list", columns)
    if "village_code" not in match.columns:
        raise SchemaError(path=str(p), missing="village_code", present=", ".join(table.headers) or "-")
    raw_codes = table.frame.get_column(table.headers[match.columns["village_code"]]).to_list()
    regions = load_regions()
    codes: list[str] = []
    bad: list[str] = []
    for raw in raw_codes:
        if raw is None or not raw.strip():
            continue
        code = try_normalize_code(raw)
        if code is None or code.count(".") != 3 or code not in regions:
            bad.append(raw.strip())
        else:
            codes.append(code)
    if bad:
        raise InputFileError("error.loci.bad_codes", codes=", ".join(bad[:10]))
    if district:
        prefix = regions.get(district).code + "."
        outside = [c for c in codes if not c.startswith(prefix)]
        if outside:
            raise InputFileError("error.loci.outside", district=district, codes=", ".join(outside[:10]))
    return StuntingLociFile(str(p), sorted(set(codes)), sha256_file(p))


def ingest_stunting_loci(
    ws: Workspace,
    path: str | os.PathLike[str],
    *,
    snapshot: str,
    district: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> int:
    """Store a stunting-locus list as snapshot ``snapshot`` (kind ``stunting_loci``); returns its size."""
    loci = read_stunting_loci_file(path, district=district, columns=columns)
    with ws.transaction() as con:
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {STUNTING_LOCI_TABLE} (snapshot VARCHAR, village_code VARCHAR)"
        )
        con.execute(f"DELETE FROM {STUNTING_LOCI_TABLE} WHERE snapshot = ?", [snapshot])
        con.executemany(
            f"INSERT INTO {STUNTING_LOCI_TABLE} VALUES (?, ?)", [(snapshot, c) for c in loci.codes]
        )
        ws.record_snapshot(
            snapshot, "stunting_loci", source_file=Path(path).name, sha256=loci.sha256,
            rows_read=len(loci.codes), rows=len(loci.codes), quarantined=0,
        )
    return len(loci.codes)
