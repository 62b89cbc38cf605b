"""Stunting-locus lists: a file of village codes (a small spec over :mod:`lokus.tables`), checked
against the regions and stored."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from lokus import quarantine
from lokus.errors import InputFileError, SchemaError
from lokus.i18n import register
from lokus.regions import load_regions, try_normalize_code
from lokus.tables import FieldKind, FieldSpec, FormatSpec, TableSpec, check_frame, match_headers, read_frame
from lokus.workspace import (
    STUNTING_LOCI_TABLE,
    Kind,
    SnapshotInfo,
    Workspace,
    check_snapshot_name,
    ensure_tables,
    require_accepted,
    sha256_file,
)

KIND = Kind.stunting_loci.value

register(
    {
        "error.loci.outside": {
            "id": "Lokus stunting di luar kabupaten {district}: {codes}; hapus baris itu atau pilih kabupaten yang benar.",
            "en": "Stunting loci outside district {district}: {codes}; remove those rows or choose the right district.",
        },
        "stunting_loci.reason.village_missing": {"id": "kode desa kosong", "en": "the village code is empty"},
        "stunting_loci.reason.village_unknown": {
            "id": "kode desa tidak ada dalam daftar Kemendagri (harus 10 digit, mis. 18.04.04.2001)",
            "en": "the village code is not in the Kemendagri list (must be 10 digits, e.g. 18.04.04.2001)",
        },
        "stunting_loci.reason.village_outside_district": {
            "id": "desa berada di luar wilayah --district yang dipilih",
            "en": "the village lies outside the chosen --district",
        },
        "stunting_loci.ingest.summary": {
            "id": "{snapshot}: {rows_read} baris dibaca = {accepted} diterima + {quarantined} dikarantina; "
            "{villages} desa lokus stunting.",
            "en": "{snapshot}: {rows_read} rows read = {accepted} accepted + {quarantined} quarantined; "
            "{villages} stunting-locus villages.",
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


def _read_rows(
    p: Path, columns: Mapping[str, str] | None = None
) -> tuple[str, list[tuple[int, dict[str, str]]], list[tuple[int, str, str]]]:
    """(code column header, [(line, raw row)], lines that could not be split) of a stunting-locus
    file, read by the one reader (:mod:`lokus.tables`); ``columns`` maps ``village_code`` to an
    unknown header (``--column village_code="Kode Desa"``)."""
    table = read_frame(p)
    match = match_headers(STUNTING_LOCI_SPEC, table.headers, "list", columns)
    if "village_code" not in match.columns:
        raise SchemaError(path=str(p), missing="village_code", present=", ".join(table.headers) or "-")
    check_frame(table, match, STUNTING_LOCI_SPEC)  # two code columns that disagree: one sentence
    header = table.headers[match.columns["village_code"]]
    rows = list(zip(table.lines, table.frame.to_dicts(), strict=True))
    return header, rows, table.bad_lines


def _check_code(raw: str, regions: object, prefix: str | None) -> tuple[str | None, str | None]:
    """(village code, None) or (None, reason code) for one raw cell."""
    if not raw.strip():
        return None, "village_missing"
    code = try_normalize_code(raw)
    if code is None or code.count(".") != 3 or code not in regions:  # type: ignore[operator]
        return None, "village_unknown"
    if prefix and not code.startswith(prefix):
        return None, "village_outside_district"
    return code, None


def read_stunting_loci_file(
    path: str | os.PathLike[str], *, district: str | None = None, columns: Mapping[str, str] | None = None
) -> StuntingLociFile:
    """Read a file (CSV, XLSX, …) listing stunting-locus villages; every code must be a known village.

    With ``district`` every village must lie inside it; otherwise one message lists the others. A
    line that cannot be split stops the read with one sentence naming it. (:func:`ingest_stunting_loci`
    quarantines such rows instead.)
    """
    p = Path(path)
    column, rows, bad_lines = _read_rows(p, columns)
    if bad_lines:
        read_frame(p).refuse_bad_lines()
    raw_codes = [row.get(column) or "" for _, row in rows]
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


@dataclass(frozen=True)
class StuntingLociIngest:
    """What ``lokus ingest stunting-loci`` did (``rows_read == accepted + quarantined``)."""

    snapshot: str
    rows_read: int
    accepted: int
    quarantined: int
    reasons: dict[str, int]
    unchanged: bool = False
    previous: SnapshotInfo | None = None
    villages: int = 0  # distinct villages stored


def ingest_stunting_loci(
    ws: Workspace,
    path: str | os.PathLike[str],
    *,
    snapshot: str,
    district: str | None = None,
    columns: Mapping[str, str] | None = None,
    replace: bool = False,
) -> StuntingLociIngest:
    """Store a stunting-locus list as snapshot ``snapshot`` (kind ``stunting_loci``).

    Rows whose code is empty, unknown or outside ``district`` are quarantined with a reason
    (``village_missing``, ``village_unknown``, ``village_outside_district``; a line that cannot be
    split: ``row_malformed``); a repeated village is stored once. The same file again is a no-op; a
    different file into an existing snapshot needs ``replace``; a list of which no row is accepted
    raises :class:`InputFileError`.
    """
    p = Path(path)
    check_snapshot_name(snapshot)
    column, rows, bad_lines = _read_rows(p, columns)
    sha = sha256_file(p)
    existing = ws.find_snapshot(snapshot)
    regions = load_regions()
    district = regions.get(district).code if district else None
    if existing is not None and ws.holds_same_file(existing, KIND, sha, district=district, replace=replace):
        return StuntingLociIngest(snapshot, int(existing.rows_read or 0), int(existing.rows or 0),
                                  int(existing.quarantined or 0), quarantine.reason_counts(ws.con, snapshot),
                                  unchanged=True, previous=existing,
                                  villages=int(json.loads(existing.details or "{}").get("villages", 0)))
    previous = ws.replaceable(snapshot, KIND, replace=replace, source_file=p.name)
    prefix = district + "." if district else None
    codes: list[str] = []
    bad: list[tuple[int, list[str], str]] = [
        (line, ["row_malformed"], json.dumps({"_line": text, "_error": error}, ensure_ascii=False))
        for line, text, error in bad_lines
    ]
    for line, row in rows:
        code, reason = _check_code(row.get(column) or "", regions, prefix)
        if code is not None:
            codes.append(code)
        else:
            bad.append((line, [str(reason)], json.dumps(row, ensure_ascii=False)))
    bad.sort(key=lambda b: b[0])
    reasons: dict[str, int] = {}
    for _, rs, _ in bad:
        reasons[rs[0]] = reasons.get(rs[0], 0) + 1
    with ws.transaction() as con:
        require_accepted(p, len(rows) + len(bad_lines), len(codes), reasons, KIND)
        ensure_tables(con, STUNTING_LOCI_TABLE)
        con.execute(f"DELETE FROM {STUNTING_LOCI_TABLE} WHERE snapshot = ?", [snapshot])
        con.executemany(
            f"INSERT INTO {STUNTING_LOCI_TABLE} VALUES (?, ?)", [(snapshot, c) for c in sorted(set(codes))]
        )
        quarantine.clear(con, snapshot)
        if bad:
            quarantine.quarantine_arrow(con, snapshot=snapshot, kind=KIND, source_file=str(p), sheet=None, rows=pa.table({
                "source_line": pa.array([b[0] for b in bad], pa.int64()),
                "reasons": pa.array([b[1] for b in bad], pa.list_(pa.string())),
                "raw": pa.array([b[2] for b in bad], pa.string()),
            }))
        ws.record_snapshot(
            snapshot, KIND, source_file=str(p), sha256=sha,
            rows_read=len(rows) + len(bad_lines), rows=len(codes), quarantined=len(bad),
            details=json.dumps({"district": district, "columns": {"village_code": column},
                                "villages": len(set(codes))}),
        )
    return StuntingLociIngest(snapshot, len(rows) + len(bad_lines), len(codes), len(bad), reasons, previous=previous,
                              villages=len(set(codes)))
