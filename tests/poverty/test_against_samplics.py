"""FGT estimates and SEs against an independent implementation (samplics TaylorEstimator).

Golden values were computed once with samplics 0.6.1 (``TaylorEstimator(PopParam.mean)`` on
``d_i = (1 - y/z)^a 1[y < z]`` with ``samp_weight = w * size``, ``stratum = h``, ``psu = psu`` and,
for groups, ``domain = g``) on ``data/samplics_design.csv`` (240 rows, 5 strata, up to 4 PSUs each,
4 domains) with ``z = 550000``. samplics is not a dependency; the values are stored here.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from lokus.poverty import SurveyDesign, fgt

DATA = Path(__file__).parent / "data" / "samplics_design.csv"
GOLDEN = [
    ("a", "p0", 0.5321714139, 0.0829876967),
    ("all", "p0", 0.5005647323, 0.0363615368),
    ("b", "p0", 0.5530347248, 0.0754018388),
    ("c", "p0", 0.4414872294, 0.0747687274),
    ("d", "p0", 0.4836642623, 0.0717070639),
    ("a", "p1", 0.1491113456, 0.0265015852),
    ("all", "p1", 0.1689682453, 0.0120321064),
    ("b", "p1", 0.1679940729, 0.0260699204),
    ("c", "p1", 0.1761616658, 0.0272413315),
    ("d", "p1", 0.1825369672, 0.0317679264),
    ("a", "p2", 0.0630365947, 0.0137088027),
    ("all", "p2", 0.0752818045, 0.0056216695),
    ("b", "p2", 0.0680716033, 0.0121252371),
    ("c", "p2", 0.0839472552, 0.0142323065),
    ("d", "p2", 0.0853681096, 0.0198066197),
]


def test_matches_samplics_taylor_linearisation():
    df = pl.read_csv(DATA)
    out = fgt(df, 550_000, design=SurveyDesign("y", "w", "h", "psu", "size"), by="g", extreme_line=None)
    for group, measure, estimate, se in GOLDEN:
        row = out.filter(
            (pl.col("group") == (group if group != "all" else "(all)")) & (pl.col("measure") == measure)
        )
        assert row["estimate"][0] == pytest.approx(estimate, abs=1e-9)
        assert row["se"][0] == pytest.approx(se, abs=1e-9)
