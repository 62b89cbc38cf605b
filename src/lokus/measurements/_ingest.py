"""Ingest of child measurements (e-PPGBM exports): z-scores, village placement, quarantine.

One call, one transaction. Every row read is either accepted into ``growth_measurements`` or kept in
the workspace's one ``quarantine`` table with its raw values, line and reason codes (accepted +
quarantined = read). A load that accepts nothing fails and changes nothing; a different file into an
existing snapshot needs ``replace=True``.
The file's own z-score columns are kept beside ours and disagreements are flagged, never overwritten.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa

import lokus.measurements._messages  # noqa: F401 - registers the reason and warning messages
from lokus import quarantine
from lokus.errors import InputFileError, Phrase
from lokus.growth import parse_tanggal, zscores
from lokus.growth._parse import date_problems, parse_number
from lokus.measurements._relink import REGISTRY_DETAIL, registry_links_sql
from lokus.measurements._spec import MEASUREMENT_SPEC
from lokus.measurements._units import unit_doubts
from lokus.regions import load_regions, try_normalize_code
from lokus.tables import (
    check_columns,
    detect_format,
    loaded_rows,
    match_headers,
    open_table,
    raise_missing,
)
from lokus.workspace import (
    MEASUREMENTS_TABLE,
    QUARANTINE_TABLE,
    REGISTRY_TABLE,
    Kind,
    SnapshotInfo,
    Workspace,
    check_snapshot_name,
    ensure_tables,
    require_accepted,
    sha256_file,
)

if TYPE_CHECKING:
    from lokus.privacy import Tombstone

__all__ = ["MEASUREMENTS_TABLE", "QUARANTINE_TABLE", "MeasurementSummary", "ingest_measurements"]

KIND = Kind.measurements.value
ZS_TOLERANCE = 0.1  # the file's z-score and ours differ by more than this → flagged

# zscores() reason codes that make a row unusable for under-five growth.
_BLOCKING = {
    "sex_invalid": "sex_invalid",
    "sex_missing": "sex_missing",
    "age_invalid": "date_invalid",
    "age_negative": "measured_before_birth",
    "age_missing": "date_missing",
    "age_over_60mo": "age_over_5",
}


@dataclass
class MeasurementSummary:
    rows_read: int
    accepted: int
    quarantined: int
    reasons: dict[str, int]
    warnings: dict[str, int]
    snapshot: str
    sha256: str
    linked_to_registry: int = 0
    zs_disagreements: int = 0
    unchanged: bool = False
    by_village: dict[str, int] = field(default_factory=dict)
    previous: SnapshotInfo | None = None  # what the snapshot held before (None when new)
    registry_snapshot: str | None = None  # the registry snapshot the children were linked to (None: none yet)

    @property
    def replaced(self) -> bool:
        return self.previous is not None and not self.unchanged

    def summary_json(self) -> dict[str, Any]:
        return {
            "rows_read": self.rows_read, "accepted": self.accepted, "quarantined": self.quarantined,
            "reasons": self.reasons, "warnings": self.warnings, "snapshot": self.snapshot,
            "sha256": self.sha256, "linked_to_registry": self.linked_to_registry,
            "zs_disagreements": self.zs_disagreements, "unchanged": self.unchanged, "replaced": self.replaced,
            "registry_snapshot": self.registry_snapshot,
            "previous": self.previous.summary_json() if self.previous else None,
        }


def _name_key(value: object) -> str:
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"^(desa|pekon|kelurahan|kel|kecamatan|kec)\.?\s+", "", text.strip().lower())
    return re.sub(r"[^a-z0-9]", "", text)


@lru_cache(maxsize=8)
def _village_names(district: str | None) -> dict[tuple[str, str], str]:
    """(kecamatan key, village key) → village code; names that recur are dropped (ambiguous).

    Built once per district and process (about 84,000 villages for the whole country), only when a
    row needs it."""
    regions = load_regions()
    root = district or None
    villages = regions.descendants(root, "village") if root else regions.all("village")
    out: dict[tuple[str, str], str] = {}
    seen: dict[tuple[str, str], int] = {}
    for v in villages:
        kec = regions.get(v.parent_code) if v.parent_code else None
        key = (_name_key(kec.name if kec else ""), _name_key(v.name))
        seen[key] = seen.get(key, 0) + 1
        out[key] = v.code
    return {k: c for k, c in out.items() if seen[k] == 1}


def _registry_links(
    ws: Workspace, registry_snapshot: str | None, niks: list[str]
) -> dict[str, tuple[str | None, str | None, int | None]]:
    """NIK → (village code, household id, decile) in registry snapshot ``registry_snapshot`` (resolved:
    :func:`_linked_registry`; None: no registry, nothing linked), for ``niks`` only.

    The registry is joined in DuckDB to the file's own NIKs (:func:`lokus.measurements._relink.registry_links_sql`),
    so memory follows the file, not the registry."""
    if not niks or registry_snapshot is None:
        return {}
    con = ws.con
    wanted = pa.table({"nik": pa.array(sorted(set(niks)), pa.string())})
    con.register("__lokus_meas_nik", wanted)
    try:
        table = con.sql(registry_links_sql("SELECT nik FROM __lokus_meas_nik"),
                        params={"reg": registry_snapshot}).to_arrow_table()
    finally:
        con.unregister("__lokus_meas_nik")
    columns = [table.column(c).to_pylist() for c in ("nik", "village_code", "household_id", "decile")]
    return {nik: (village, household, decile) for nik, village, household, decile in zip(*columns, strict=True)}


def _linked_registry(ws: Workspace, registry_snapshot: str | None) -> str | None:
    """The registry snapshot the children are linked to: the one named, else the latest; None when the
    workspace holds no registry (then no child is known to be in it or not)."""
    if registry_snapshot is None and (not ws.has_table(REGISTRY_TABLE) or ws.latest_name(Kind.registry) is None):
        return None
    return ws.resolve_snapshot(Kind.registry, registry_snapshot)  # a named one must exist (one sentence if not)


def _numbers(values: pl.Series) -> pl.Series:
    parsed, _, _ = parse_number(values)
    return pl.Series(values.name, parsed).fill_nan(None)


def ingest_measurements(
    ws: Workspace,
    path: str | os.PathLike[str],
    *,
    snapshot: str | None = None,
    district: str | None = None,
    sheet: str | None = None,
    registry_snapshot: str | None = None,
    fmt: str = "auto",
    today: date | None = None,
    columns: Mapping[str, str] | None = None,
    replace: bool = False,
) -> MeasurementSummary:
    """Load a measurement file into snapshot ``snapshot`` (default ``eppgbm-<file stem>``).

    ``columns`` maps canonical fields to headers the aliases do not know (``--column``).
    The same file again is a no-op (``unchanged``); a different file into an existing snapshot
    needs ``replace`` (else :class:`WorkspaceError`); a file of which no row is accepted raises
    :class:`InputFileError` and changes nothing.
    """
    today = today or date.today()
    p = Path(path)
    if not p.is_file():
        raise InputFileError("error.file.folder" if p.is_dir() else "error.file.missing", path=str(p))
    district_code = load_regions().get(district).code if district else None
    sha = sha256_file(p)
    name = check_snapshot_name(snapshot or f"eppgbm-{p.stem}")
    existing = ws.find_snapshot(name)
    if registry_snapshot is not None:  # checked before anything, even when the file is already loaded
        _linked_registry(ws, registry_snapshot)
    if ws.holds_same_file(existing, KIND, sha, district=district_code, replace=replace):
        return _summary_from_workspace(ws, name, unchanged=True, previous=existing)
    previous = ws.replaceable(name, KIND, replace=replace, source_file=p.name)
    con = ws.con
    with ws.transaction():
        ensure_tables(con, MEASUREMENTS_TABLE, QUARANTINE_TABLE)
        with open_table(con, p, sheet=sheet, schema="main") as table:
            if len(table.headers) < 2:
                raise InputFileError("error.file.not_table", path=str(p), detail=Phrase("error.file.one_column"))
            used = detect_format(MEASUREMENT_SPEC, table.headers) if fmt == "auto" else fmt
            match = match_headers(MEASUREMENT_SPEC, table.headers, used, columns)
            # the one rule for erased persons: a mention in another child's row (the mother's NIK) taken out
            from lokus.privacy import screen_erased

            stone = screen_erased(con, ws.path, table, match.columns.get("nik"))
            data, bad_lines = loaded_rows(con, table)
            raw_any = pl.from_arrow(data)
            raw = raw_any.to_frame() if isinstance(raw_any, pl.Series) else raw_any
            if raw.height == 0 and not bad_lines:
                raise InputFileError("error.file.not_table", path=str(p), detail=Phrase("error.file.no_rows"))
            raise_missing(MEASUREMENT_SPEC, str(p), table.headers, match)
            # two columns for one field that disagree, a date column in both day/month orders: one sentence each
            check_columns(con, table.relation, str(p), table.headers, match, MEASUREMENT_SPEC)
            headers, sheet_used = list(table.headers), table.sheet
            literal = set(table.literal_quotes)
        frame = _canonical(raw, match.columns)
        linked = _linked_registry(ws, registry_snapshot)
        accepted, rejected = _validate(ws, frame, raw, headers, district_code, linked, today, literal)
        accepted, rejected = _set_aside_erased(stone, accepted, rejected)
        con.execute(f"DELETE FROM {MEASUREMENTS_TABLE} WHERE snapshot = ?", [name])
        quarantine.clear(con, name)
        _write(con, name, accepted, rejected, bad_lines, p.name, sheet_used)
        rows_read = raw.height + len(bad_lines)
        n_quarantined = rejected.height + len(bad_lines)
        require_accepted(p, rows_read, accepted.height, quarantine.reason_counts(con, name), KIND)
        details = {"format": used, "sheet": sheet_used, "district": district_code,
                   "registry": registry_snapshot, REGISTRY_DETAIL: linked,
                   "columns": {f: headers[i] for f, i in match.columns.items()}}
        ws.record_snapshot(name, KIND, source_file=p.name, sha256=sha, rows_read=rows_read,
                           rows=accepted.height, quarantined=n_quarantined, details=json.dumps(details))
        if accepted.height + n_quarantined != rows_read:  # pragma: no cover - guarded by construction
            raise RuntimeError("measurement rows lost")
    return _summary_from_workspace(ws, name, unchanged=False, previous=previous)


def _set_aside_erased(stone: Tombstone, accepted: pl.DataFrame, rejected: pl.DataFrame
                      ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Move the rows of erased persons (:func:`lokus.privacy.screen_erased`) to the rejected ones, reason
    ``subject_erased`` and no raw cells: the child's own NIK, or an erased NIK still in the row's cells (their
    own NIK cell written so that it was not kept as a NIK; a file without a NIK column). A mention in another
    child's row (the mother's NIK) was taken out before the rows were read."""
    from lokus.privacy import SUBJECT_ERASED

    if not stone or accepted.height == 0:
        return accepted, rejected
    gone = pl.Series([
        stone.holds(nik) or bool(stone.erased_in(extra))
        for nik, extra in zip(accepted["nik"].to_list(), accepted["extra"].to_list(), strict=True)
    ], dtype=pl.Boolean)
    if not gone.any():
        return accepted, rejected
    moved = accepted.filter(gone).select(
        "source_line", pl.lit([SUBJECT_ERASED], pl.List(pl.String)).alias("reasons"),
        pl.lit(None, pl.String).alias("raw"))
    return accepted.filter(~gone), pl.concat([rejected, moved.cast(rejected.schema)]).sort("source_line")


def _canonical(raw: pl.DataFrame, columns: dict[str, int]) -> pl.DataFrame:
    exprs = [pl.col("__line").alias("source_line")]
    for spec in MEASUREMENT_SPEC.fields:
        idx = columns.get(spec.name)
        exprs.append((pl.col(f"c{idx}") if idx is not None else pl.lit(None, pl.String)).alias(spec.name))
    return raw.select(exprs)


def _reason_lists(parts: list[tuple[str | pl.Series, np.ndarray | None]], n: int) -> pl.Series:
    """Per row, the codes that apply, in the order of ``parts``, as a list column (empty when none).

    ``parts``: (code, mask) — the code where the boolean mask holds — or (per-row codes, None) with
    None where a row has no code."""
    columns: dict[str, Any] = {}
    exprs: list[pl.Expr] = []
    for i, (code, mask) in enumerate(parts):
        if isinstance(code, pl.Series):
            columns[f"p{i}"] = code.cast(pl.String)
            exprs.append(pl.col(f"p{i}"))
        else:
            columns[f"p{i}"] = pl.Series(mask, dtype=pl.Boolean)
            exprs.append(pl.when(pl.col(f"p{i}")).then(pl.lit(code, pl.String)))
    if not exprs:
        return pl.Series("codes", [[] for _ in range(n)], pl.List(pl.String))
    return pl.DataFrame(columns).select(pl.concat_list(exprs).list.drop_nulls().alias("codes"))["codes"]


def _id_checks(ws: Workspace, niks: pl.Series, kks: pl.Series, today: date
               ) -> tuple[list[str], list[bool], list[str], list[str | None]]:
    """Per row: the normalised NIK ("" when empty), whether it is a valid NIK, the normalised KK and
    its problem code (None when usable or empty) — :func:`lokus.nik.normalize_nik`, :func:`check_nik`
    and :func:`kk_problem` as their SQL twins (the registry ingest's), one vectorised pass in DuckDB
    instead of three Python calls per row."""
    from lokus.nik import kk_problem_sql
    from lokus.tables._sqlnorm import ident_sql, nik_reason_sql

    cur = ws.con.cursor()
    cur.register("__lokus_ids", pa.table({"n": niks.cast(pl.String).to_arrow(), "k": kks.cast(pl.String).to_arrow()}))
    try:
        out = cur.sql(
            f"SELECT coalesce(n, '') AS nik, {nik_reason_sql('n', today)} IS NULL AS ok, coalesce(k, '') AS kk, "
            f"{kk_problem_sql('k')} AS kk_code FROM (SELECT {ident_sql('n')} AS n, {ident_sql('k')} AS k "
            "FROM __lokus_ids)"
        ).to_arrow_table()
    finally:
        cur.unregister("__lokus_ids")
        cur.close()
    return (out.column("nik").to_pylist(), out.column("ok").to_pylist(), out.column("kk").to_pylist(),
            out.column("kk_code").to_pylist())


def _validate(
    ws: Workspace, frame: pl.DataFrame, raw: pl.DataFrame, headers: list[str], district: str | None,
    registry_snapshot: str | None, today: date, literal: set[int] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    n = frame.height

    # Exact duplicate rows (every raw cell equal): the later copies are quarantined.
    cells = [c for c in raw.columns if c != "__line"]
    dup = raw.select(pl.struct(cells).is_first_distinct().not_().alias("d"))["d"].to_numpy()

    z = zscores(frame.select(
        "sex", "birth_date", "measure_date", "weight_kg", "lenhei_cm",
        pl.col("measure").fill_null(""), pl.col("oedema").fill_null("n"),
    ).with_columns(pl.when(pl.col("measure") == "").then(None).otherwise(pl.col("measure")).alias("measure")))
    zr = z["reason"]
    weight = _numbers(frame["weight_kg"])
    lenhei = _numbers(frame["lenhei_cm"])
    birth = parse_tanggal(frame["birth_date"])
    measured = parse_tanggal(frame["measure_date"])
    two_digit = (np.asarray(date_problems(frame["birth_date"]), dtype=object) == "date_two_digit_year") | (
        np.asarray(date_problems(frame["measure_date"]), dtype=object) == "date_two_digit_year")
    lines = frame["source_line"].to_numpy()

    # Village: a code column, else the registry by NIK, else kecamatan + village names.
    # Only a valid NIK and a usable KK are kept: a placeholder (0, all zeros/nines) or broken one
    # would join different children into one (the raw cell stays in ``extra``).
    nik, nik_ok, kk, kk_codes = _id_checks(ws, frame["nik"], frame["kk"], today)
    link_map = _registry_links(ws, registry_snapshot, [v for v, ok in zip(nik, nik_ok, strict=True) if ok])
    regions = load_regions()
    code_of: dict[str, str | None] = {}  # each distinct village cell is read once
    for raw_code in frame["village_code"].drop_nulls().unique().to_list():
        code = try_normalize_code(raw_code) if raw_code else None
        code_of[raw_code] = code if code is not None and code.count(".") == 3 and code in regions else None
    names: dict[tuple[str, str], str] | None = None  # built only when a row needs it
    codes: list[str | None] = []
    sources: list[str | None] = []
    households: list[str | None] = []
    deciles: list[int | None] = []
    in_registry: list[bool | None] = []
    nik_warning: list[str | None] = []
    for i, (code_raw, kec, vil) in enumerate(
        zip(frame["village_code"].to_list(), frame["district_name"].to_list(), frame["village_name"].to_list(),
            strict=True)
    ):
        link = link_map.get(nik[i]) if nik_ok[i] else None
        in_registry.append(link is not None if registry_snapshot is not None else None)  # None: no registry yet
        households.append(link[1] if link else None)
        deciles.append(link[2] if link else None)
        code = code_of.get(code_raw) if code_raw else None
        if code is not None:
            codes.append(code)
            sources.append("code")
        elif link is not None and link[0]:
            codes.append(link[0])
            sources.append("registry")
        else:
            if names is None:
                names = _village_names(district)
            hit = names.get((_name_key(kec), _name_key(vil)))
            codes.append(hit)
            sources.append("name" if hit else None)
        nik_warning.append("nik_missing" if not nik[i] else "nik_invalid" if not nik_ok[i]
                           else "not_in_registry" if link is None and registry_snapshot is not None else None)

    file_z = {k: _numbers(frame[f"file_{k}"]) for k in ("zlen", "zwei", "zwfl")}
    disagree = np.zeros(n, dtype=bool)
    for k, series in file_z.items():
        ours = z[k].to_numpy()
        theirs = series.to_numpy()
        with np.errstate(invalid="ignore"):
            differ = np.abs(ours - theirs) > ZS_TOLERANCE
            one_sided = np.isnan(ours.astype(float)) != np.isnan(theirs.astype(float))
        present = ~np.isnan(theirs.astype(float))
        disagree |= present & (differ | one_sided)

    # Reasons, in this order: duplicate, the z-score codes that block a child (in the fixed order of
    # lokus.growth's reasons), no measurement, a future date, the village.
    zcodes = zr.fill_null("").str.split(";")
    reason_parts: list[tuple[str | pl.Series, np.ndarray | None]] = [("duplicate_row", dup)]
    for code, mapped in _BLOCKING.items():
        has = zcodes.list.contains(code).to_numpy()
        if mapped == "date_invalid":
            reason_parts += [("date_two_digit_year", has & two_digit), ("date_invalid", has & ~two_digit)]
        else:
            reason_parts.append((mapped, has))
    reason_parts.append(("measurement_missing", (weight.is_null() & lenhei.is_null()).to_numpy()))
    # a weight in grams or a length in millimetres: refused with a sentence, never converted
    weight_doubt, lenhei_doubt = unit_doubts(weight.fill_null(np.nan).to_numpy(), lenhei.fill_null(np.nan).to_numpy())
    reason_parts += [("weight_unit", weight_doubt), ("lenhei_unit", lenhei_doubt)]
    measured_np = measured.to_numpy()
    with np.errstate(invalid="ignore"):
        reason_parts.append(("measure_date_future", ~np.isnat(measured_np) & (measured_np > np.datetime64(today))))
    code_series = pl.Series("village_code", codes, pl.String)
    unresolved = code_series.is_null().to_numpy()
    reason_parts.append(("village_unresolved", unresolved))
    if district:
        outside = ~code_series.str.starts_with(district + ".").fill_null(True).to_numpy()
        reason_parts.append(("village_outside_district", outside & ~unresolved))
    reasons = _reason_lists(reason_parts, n)
    quoted = np.isin(lines, np.fromiter(literal, dtype=np.int64)) if literal else np.zeros(n, dtype=bool)
    # A z-score beyond the WHO's plausibility limits (flen … fbmi, as anthro flags them): usually a typing
    # error (1.234,5 kg), told in the summary rather than left to be found in the table.
    implausible = np.zeros(n, dtype=bool)
    for flag in ("flen", "fwei", "fwfl", "fbmi"):
        implausible |= z[flag].fill_null(0).to_numpy() == 1
    warnings = _reason_lists([(pl.Series(nik_warning, dtype=pl.String), None),
                              (pl.Series(kk_codes, dtype=pl.String), None),
                              ("quote_literal", quoted), ("zs_disagree", disagree), ("z_implausible", implausible)],
                             n)

    age_days = np.where(np.isnat(measured_np) | np.isnat(birth.to_numpy()), -1,
                        (measured_np - birth.to_numpy()).astype("timedelta64[D]").astype(np.int64))
    csex = z["csex"]
    out = frame.select("source_line", "nik", "kk", "name", "posyandu", "puskesmas").with_columns(
        pl.Series("nik", [v if ok else None for v, ok in zip(nik, nik_ok, strict=True)], pl.String),
        pl.Series("kk", [v if v and c is None else None for v, c in zip(kk, kk_codes, strict=True)], pl.String),
        csex.replace_strict({1: "L", 2: "P"}, default=None, return_dtype=pl.String).alias("sex"),
        birth.alias("birth_date"),
        measured.alias("measure_date"),
        pl.Series("age_days", age_days, pl.Int32).replace(-1, None),
        weight.alias("weight_kg"),
        lenhei.alias("lenhei_cm"),
        z["cmeasure"].cast(pl.String).alias("measure"),
        code_series,
        pl.Series("village_source", sources, pl.String),
        pl.Series("in_registry", in_registry, pl.Boolean),
        pl.Series("household_id", households, pl.String),
        pl.Series("decile", deciles, pl.Int32),
        *[z[c].cast(pl.Float64).alias(c) for c in ("clenhei", "zlen", "zwei", "zwfl", "zbmi")],
        *[z[c].cast(pl.Int8).alias(c) for c in ("flen", "fwei", "fwfl", "fbmi")],
        z["cmeasure"].cast(pl.String).alias("cmeasure"),
        zr.cast(pl.String).alias("zscore_reason"),
        *[file_z[k].alias(f"file_{k}") for k in ("zlen", "zwei", "zwfl")],
        pl.Series("zs_disagree", disagree, pl.Boolean),
        warnings.alias("warnings"),
        reasons.alias("reasons"),
    )
    extra_cols = [c for c in raw.columns if c != "__line"]
    raw_json = raw.select(
        pl.struct([pl.col(c).alias(headers[int(c[1:])]) for c in extra_cols]).struct.json_encode().alias("raw")
    )["raw"]
    out = out.with_columns(raw_json.alias("extra"))
    is_bad = out["reasons"].list.len() > 0
    return out.filter(~is_bad), out.filter(is_bad).select("source_line", "reasons", pl.col("extra").alias("raw"))


def _write(
    con: duckdb.DuckDBPyConnection, name: str, accepted: pl.DataFrame, rejected: pl.DataFrame,
    bad_lines: list[tuple[int, str, str]], source: str, sheet: str | None,
) -> None:
    cols = ["source_line", "nik", "kk", "name", "sex", "birth_date", "measure_date", "age_days", "weight_kg",
            "lenhei_cm", "measure", "village_code", "village_source", "posyandu", "puskesmas", "in_registry",
            "household_id", "decile", "clenhei", "cmeasure", "zlen", "flen", "zwei", "fwei", "zwfl", "fwfl",
            "zbmi", "fbmi", "zscore_reason", "file_zlen", "file_zwei", "file_zwfl", "zs_disagree", "warnings",
            "extra"]
    acc = accepted.select(cols).to_arrow()
    con.register("__lokus_meas", acc)
    con.execute(
        f"INSERT INTO {MEASUREMENTS_TABLE} SELECT ? AS snapshot, {', '.join(cols[:-1])}, extra::JSON "
        "FROM __lokus_meas", [name]
    )
    con.unregister("__lokus_meas")
    q = rejected.to_arrow()
    if bad_lines:
        malformed = pa.table({
            "source_line": pa.array([b[0] for b in bad_lines], pa.int64()),
            "reasons": pa.array([["row_malformed"] for _ in bad_lines], pa.list_(pa.string())),
            "raw": pa.array([json.dumps({"_line": b[1], "_error": b[2]}, ensure_ascii=False) for b in bad_lines],
                            pa.string()),
        })
        q = pa.concat_tables([q.cast(malformed.schema), malformed])
    quarantine.quarantine_arrow(con, snapshot=name, kind=KIND, source_file=source, sheet=sheet, rows=q)


def _summary_from_workspace(
    ws: Workspace, name: str, *, unchanged: bool, previous: SnapshotInfo | None
) -> MeasurementSummary:
    info = ws.snapshot(name, KIND)
    con = ws.con
    reasons = quarantine.reason_counts(con, name)
    warnings = quarantine.warning_counts(con, MEASUREMENTS_TABLE, name)
    stats = con.execute(
        f"SELECT count(*) FILTER (WHERE in_registry), count(*) FILTER (WHERE zs_disagree) "
        f"FROM {MEASUREMENTS_TABLE} WHERE snapshot = ?", [name]).fetchall()[0]
    by_village = dict(con.execute(
        f"SELECT village_code, count(*) FROM {MEASUREMENTS_TABLE} WHERE snapshot = ? GROUP BY 1 ORDER BY 1",
        [name]).fetchall())
    return MeasurementSummary(
        rows_read=int(info.rows_read or 0), accepted=int(info.rows or 0), quarantined=int(info.quarantined or 0),
        reasons=reasons, warnings=warnings, snapshot=name, sha256=info.sha256 or "",
        linked_to_registry=int(stats[0]), zs_disagreements=int(stats[1]), unchanged=unchanged,
        by_village=by_village, previous=previous,
        registry_snapshot=json.loads(info.details or "{}").get(REGISTRY_DETAIL),
    )

