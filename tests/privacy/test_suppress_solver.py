"""Acceptance: no suppressed cell can be pinned to one value from everything published together.

The attacker here is independent of the code under test: it sees only the published tables (the
village table with blanks, the kecamatan totals with blanks and the district total), writes every
sum it can read off them as an integer linear programme (HiGHS, with integrality), and minimises
and maximises each blank. Zeros are never blanked, so the attacker also knows every blank is ≥ 1.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from lokus.privacy._suppress import _highs, protect_table
from tests._lp import blank_bounds

DATA = Path(__file__).parent / "data"


def attacker_bounds(published: dict[str, int | None], truth: dict[str, int]) -> dict[str, tuple[float, float]]:
    """min/max of every blank given the published cells (code → value or None) and code-prefix sums."""
    import highspy

    blanks = sorted(c for c, v in published.items() if v is None)
    index = {c: i for i, c in enumerate(blanks)}
    if not blanks:
        return {}
    h = _highs()
    n = len(blanks)
    h.addVars(n, np.ones(n), np.full(n, highspy.kHighsInf))
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger, dtype=np.uint8))
    for total in published:
        children = [c for c in published if c.rsplit(".", 1)[0] == total and c != total]
        if not children:
            continue
        idx, coef, rhs = [], [], 0.0
        for c in [*children, total]:
            sign = -1.0 if c == total else 1.0
            if c in index:
                idx.append(index[c])
                coef.append(sign)
            else:
                rhs -= sign * published[c]
        if idx:
            h.addRow(rhs, rhs, len(idx), np.array(idx, dtype=np.int32), np.array(coef))
    out = blank_bounds(h, n, index, blanks)
    for c, res in out.items():
        assert res[0] <= truth[c] <= res[1]  # the truth is always feasible
    return out


def published_cells(village_counts: dict[str, int], *, k: int = 10) -> tuple[dict[str, int | None], dict]:
    """Run the real publication path and collect what an outsider sees: villages, kecamatan, district."""
    codes = sorted(village_counts)
    table = pa.table({"code": codes, "people": [village_counts[c] for c in codes]})
    release = protect_table(table, ["people"], k=k)
    h = release.hierarchies["people"]
    blank = release.protections["people"].suppressed
    seen: dict[str, int | None] = {c: (None if c in blank else v) for c, v in h.values.items()}
    # the village table as published must agree with the pattern
    shown = dict(zip(release.table["code"].to_pylist(), release.table["people"].to_pylist(), strict=True))
    assert all(shown[c] == seen[c] for c in codes)
    return seen, h.values


def random_district(rng: random.Random) -> dict[str, int]:
    counts = {}
    for kec in range(1, rng.randint(1, 6) + 1):
        for v in range(1, rng.randint(1, 9) + 1):
            r = rng.random()
            value = rng.randint(0, 9) if r < 0.4 else rng.randint(10, 30) if r < 0.7 else rng.randint(31, 400)
            counts[f"18.04.{kec:02d}.{2000 + v}"] = value
    return counts


def assert_protected(counts: dict[str, int], k: int = 10) -> int:
    seen, truth = published_cells(counts, k=k)
    for c, v in truth.items():
        if 1 <= v < k:
            assert seen[c] is None, f"small cell {c}={v} published"
    for c, (lo, hi) in attacker_bounds(seen, truth).items():
        assert hi - lo >= 1, f"{c} pinned to {lo} (true {truth[c]}) in {counts}"
    return sum(v is None for v in seen.values())


def test_1000_random_districts_no_blank_can_be_pinned():
    rng = random.Random(13)
    blanks = sum(assert_protected(random_district(rng)) for _ in range(1000))
    assert blanks > 1000  # the tables do have many small cells


def _demo_counts(column: str) -> dict[str, int]:
    with open(DATA / "demo_village_counts.csv", encoding="utf-8") as fh:
        return {r["code"]: int(r[column]) for r in csv.DictReader(fh)}


@pytest.mark.parametrize("column", ["residents", "decile1_people", "decile1_households", "measured", "stunted"])
def test_demo_district_no_blank_can_be_pinned(column):
    counts = _demo_counts(column)
    assert len(counts) == 136
    assert_protected(counts)


def test_the_issue_attack_village_minus_kecamatan_total_fails():
    """The attack from the issue: kecamatan total minus visible villages = the blank village."""
    counts = _demo_counts("decile1_households")
    seen, truth = published_cells(counts)
    for kec in {c.rsplit(".", 1)[0] for c in counts}:
        villages = [c for c in counts if c.startswith(kec + ".")]
        hidden = [c for c in villages if seen[c] is None]
        if seen[kec] is not None and hidden:
            assert len(hidden) >= 2, f"{kec}: one blank village next to a published total"
