"""``prevalence``: stunting, wasting, underweight and overweight like ``anthro_prevalence`` (spec §9).

Output: one row per group (``Group`` = "All", "Age group: 00-05 mo" …, "Sex: Female", "Sex: Male",
"Age + sex: 00-05 mo.Female" …, then "<column>: <value>" for each ``by`` column), and the estimate
columns of the R package with the same names (``HAZ_pop``, ``HA_2_r`` …; see ``docs/methods/growth.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from lokus.errors import ConfigError, SchemaError
from lokus.growth._core import DAYS_PER_MONTH, round_half_up
from lokus.growth._estimators import Design, Estimate, estimate
from lokus.growth._frames import column_names, like, to_arrow
from lokus.growth._inputs import read_measurements
from lokus.growth._parse import parse_number
from lokus.growth._zscores import compute_measurements

__all__ = ["prevalence", "AGE_GROUPS", "INDICATORS", "CUTOFFS"]

AGE_GROUPS = ("00-05 mo", "06-11 mo", "12-23 mo", "24-35 mo", "36-47 mo", "48-59 mo")
_AGE_BREAKS = np.array([0, 6, 12, 24, 36, 48, 60], dtype=np.float64)
# label, prevalence column (flag-cleaned, oedema = -3.1), summary column (flag- and oedema-cleaned)
INDICATORS = (("HA", "zlen"), ("WA", "zwei"), ("BMI", "zbmi"), ("WH", "zwfl"))
CUTOFFS = (("_3", -3.0), ("_2", -2.0), ("_1", -1.0), ("1", 1.0), ("2", 2.0), ("3", 3.0))
_OEDEMA_Z = -3.1


def _age_group_codes(age_days: np.ndarray) -> np.ndarray:
    """0…5 for [0,6), [6,12), [12,24), [24,36), [36,48), [48,60) months (unrounded); -1 otherwise."""
    with np.errstate(invalid="ignore"):
        months = age_days / DAYS_PER_MONTH
        idx = np.searchsorted(_AGE_BREAKS, months, side="right") - 1
        ok = (months >= 0) & (months < 60)
    return np.where(ok, idx, -1).astype(np.int64)


def _design(n: int, weights: np.ndarray | None, cluster: np.ndarray | None,
            strata: np.ndarray | None) -> Design:
    if cluster is None and strata is None:
        if weights is None or bool(np.all(weights == 1)):
            return Design("simple", n)
        return Design("hybrid", n, weights=weights)
    w = np.ones(n) if weights is None else weights
    if cluster is None or len(np.unique(cluster)) == 1:
        cluster = np.arange(n)  # ids = ~1: every row is its own PSU
    if strata is None:
        strata = np.zeros(n, dtype=np.int64)
    pairs = pl.DataFrame({"s": strata, "c": cluster})
    psu = pairs.select(pl.struct("s", "c").rank("dense") - 1).to_series().to_numpy().astype(np.int64)
    n_psu = int(psu.max()) + 1 if n else 0
    s_codes = pairs.select(pl.col("s").rank("dense") - 1).to_series().to_numpy().astype(np.int64)
    stratum_of_psu = np.zeros(n_psu, dtype=np.int64)
    stratum_of_psu[psu] = s_codes
    return Design("survey", n, weights=w, psu=psu, stratum_of_psu=stratum_of_psu)


def _column_values(frame: pl.DataFrame, name: str) -> np.ndarray:
    return frame[name].to_numpy()


def _groupings(age_days: np.ndarray, sex: np.ndarray, frame: pl.DataFrame, by: Sequence[str],
               standard: bool) -> list[tuple[list[str], np.ndarray]]:
    """(labels, codes) partitions in output order."""
    n = len(age_days)
    out: list[tuple[list[str], np.ndarray]] = [(["All"], np.zeros(n, dtype=np.int64))]
    if standard:
        ag = _age_group_codes(age_days)
        sx = np.where(sex == 2, 0, np.where(sex == 1, 1, -1))  # Female first, as R's factor levels
        out.append(([f"Age group: {g}" for g in AGE_GROUPS], ag))
        out.append((["Sex: Female", "Sex: Male"], sx))
        both = np.where((ag >= 0) & (sx >= 0), sx * len(AGE_GROUPS) + ag, -1)
        labels = [f"Age + sex: {g}.{s}" for s in ("Female", "Male") for g in AGE_GROUPS]
        out.append((labels, both))
    for col in by:
        values = frame[col]
        if values.null_count() == len(values):
            continue
        uniq = values.drop_nulls().unique().sort()
        codes = values.replace_strict(uniq, pl.Series(range(len(uniq))), default=-1,
                                      return_dtype=pl.Int64).to_numpy()
        out.append(([f"{col}: {v}" for v in uniq.cast(pl.String).to_list()], codes))
    return out


def prevalence(table: Any, *, by: str | Sequence[str] | None = None, weights: str | None = None,
               cluster: str | None = None, strata: str | None = None, standard_groups: bool = True,
               source: str = "tabel") -> Any:
    """Prevalence estimates per group, as the WHO ``anthro_prevalence`` computes them.

    ``table`` holds raw measurements (the :func:`lokus.growth.zscores` input columns); z-scores are
    computed inside. ``by`` adds one group per value of each named column (e.g. ``village_code``);
    ``weights``, ``cluster`` and ``strata`` name design columns. Rows older than 1826 days are left out,
    flagged z-scores are not used, oedema counts as below -3 SD for the weight-based prevalences, and rows
    with an unreadable value (a ``reason`` that blanks them) are left out. Returns the caller's table type.
    """
    from lokus.tables import header_named

    names = column_names(table)
    # each option names its column as the reader compares headers ("Kode Desa" names "kode_desa")
    by_cols = [header_named(names, c) or c for c in ([by] if isinstance(by, str) else list(by or []))]
    weights, cluster, strata = (header_named(names, c) or c if c else c for c in (weights, cluster, strata))
    design_cols = [c for c in (weights, cluster, strata) if c]
    missing = [c for c in (*by_cols, *design_cols) if c not in names]
    if missing:
        raise SchemaError(path=source, missing=", ".join(missing), present=", ".join(names[:12]) or "-")
    m = read_measurements(table, source)
    z = compute_measurements(m)
    extra = pl.from_arrow(to_arrow(table, by_cols + design_cols)) if by_cols or design_cols else None
    if isinstance(extra, pl.Series):
        extra = extra.to_frame()

    keep = ~m.blocked & (np.isnan(m.age_days) | (round_half_up(m.age_days) <= 1826))
    w = cl = st = None
    if weights:
        w, _, w_bad = parse_number(extra[weights], path=source)  # type: ignore[index]
        if (w < 0).any() or w_bad.any():
            raise ConfigError("growth.error.option", key=f"--weight ({weights})", value="< 0 / teks",
                              valid_values="bobot >= 0")
        w = np.where(np.isnan(w), 0.0, w)  # R: missing weights become 0
    if cluster:
        cl_s = extra[cluster]  # type: ignore[index]
        keep &= cl_s.is_not_null().to_numpy()
        cl = cl_s.cast(pl.String).to_numpy()
    if strata:
        st_s = extra[strata]  # type: ignore[index]
        keep &= st_s.is_not_null().to_numpy()
        st = st_s.cast(pl.String).to_numpy()
    idx = np.flatnonzero(keep)
    n = len(idx)
    design = _design(n, None if w is None else w[idx], None if cl is None else cl[idx],
                     None if st is None else st[idx])
    oedema = m.oedema[idx]
    frame = extra[idx] if extra is not None else pl.DataFrame()
    groups = _groupings(m.age_days[idx], m.sex[idx], frame, by_cols, standard_groups)

    def estimates(p: int) -> Iterator[Estimate]:
        labels, codes = groups[p]
        for x, proportion in variables(z, oedema, idx):
            yield estimate(design, codes, x, len(labels), proportion)

    return like(table, prevalence_columns([labels for labels, _ in groups], estimates))


def variables(z: Any, oedema: np.ndarray, idx: np.ndarray | None = None) -> Iterator[tuple[np.ndarray, bool]]:
    """The per-row variables of the estimates, in output order, with whether each is a proportion: per
    indicator (HA, WA, BMI, WH) the six cut-off indicators (1/0, NaN where unusable; flagged z-scores are not
    used, oedema counts as z = -3.1 for the weight-based ones), then the z-score itself (flagged and oedema rows
    NaN); then HA < -2 & WH < -2 and HA < -2 & WH > 2. ``z``: a :class:`ZScores`; ``idx``: the rows used (all
    when None); ``oedema``: per used row. Made one at a time (each is a float per row)."""
    prev: dict[str, np.ndarray] = {}
    for label, col in INDICATORS:
        zz = getattr(z, col)[idx].copy() if idx is not None else getattr(z, col).copy()
        flag = getattr(z, "f" + col[1:])
        zz[(flag[idx] if idx is not None else flag) == 1] = np.nan  # flagged → not used
        if label == "HA":
            summ = prev[label] = zz
        else:
            zz[oedema] = np.nan
            summ = zz
            prev[label] = np.where(oedema, _OEDEMA_Z, zz)
        zp = prev[label]
        for _suffix, cut in CUTOFFS:
            with np.errstate(invalid="ignore"):
                yield np.where(np.isnan(zp), np.nan, (zp < cut) if cut < 0 else (zp > cut)).astype(float), True
        yield summ, False
    zl, zw = prev["HA"], prev["WH"]
    either_na = np.isnan(zl) | np.isnan(zw)
    with np.errstate(invalid="ignore"):
        for hit in ((zl < -2) & (zw < -2), (zl < -2) & (zw > 2)):
            yield np.where(either_na, np.nan, hit.astype(float)), True


def prevalence_columns(partitions: Sequence[Sequence[str]], estimates: Callable[[int], Iterator[Estimate]]
                       ) -> pa.Table:
    """The result table: ``partitions`` holds each partition's group labels (in output order) and
    ``estimates(p)`` yields partition ``p``'s :class:`Estimate` per variable, in the order of :func:`variables`."""
    columns: dict[str, list[float]] = {}
    labels: list[str] = []
    for p, group_labels in enumerate(partitions):
        labels.extend(group_labels)
        it = estimates(p)
        for label, _ in INDICATORS:
            first = None
            for suffix, _cut in CUTOFFS:
                e = next(it)
                first = first or e
                for part in ("r", "se", "ll", "ul"):
                    columns.setdefault(f"{label}{suffix}_{part}", []).extend(getattr(e, part))
            if first is not None:
                columns.setdefault(f"{label}Z_pop", []).extend(first.pop)
                columns.setdefault(f"{label}Z_unwpop", []).extend(first.unwpop)
            e = next(it)
            for part in ("r", "se", "ll", "ul", "stdev"):
                columns.setdefault(f"{label}_{part}", []).extend(getattr(e, part))
        for name in ("HA_2_WH_2", "HA_2_WH2"):
            e = next(it)
            if name == "HA_2_WH_2":
                columns.setdefault(f"{name}_pop", []).extend(e.pop)
                columns.setdefault(f"{name}_unwpop", []).extend(e.unwpop)
            for part in ("r", "se", "ll", "ul"):
                columns.setdefault(f"{name}_{part}", []).extend(getattr(e, part))
    return prevalence_table(labels, columns)


def prevalence_table(labels: list[str], columns: dict[str, list[float]]) -> pa.Table:
    """The prevalence result in WHO ``anthro_prevalence``'s column order: ``Group`` (one row per label), then
    per indicator (HA, WA, BMI, WH) its population counts, each cut-off's estimate, SE and 95% limits (``_r``,
    ``_se``, ``_ll``, ``_ul``), the mean z-score with its SD, then the combined HA<-2 & WH<-2 and HA<-2 & WH>2
    rows. ``columns`` maps each of those names to one float per group; NaN becomes null."""
    order = []
    for label, _ in INDICATORS:
        order += [f"{label}Z_pop", f"{label}Z_unwpop"]
        order += [f"{label}{s}_{p}" for s, _ in CUTOFFS for p in ("r", "se", "ll", "ul")]
        order += [f"{label}_{p}" for p in ("r", "se", "ll", "ul", "stdev")]
    order += ["HA_2_WH_2_pop", "HA_2_WH_2_unwpop"] + [f"HA_2_WH_2_{p}" for p in ("r", "se", "ll", "ul")]
    order += [f"HA_2_WH2_{p}" for p in ("r", "se", "ll", "ul")]
    data = {"Group": pa.array(labels, type=pa.string())}
    for name in order:
        data[name] = pa.array(np.asarray(columns[name], dtype=np.float64), from_pandas=True)
    return pa.table(data)
