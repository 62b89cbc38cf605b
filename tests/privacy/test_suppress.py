import pyarrow as pa
import pytest

from lokus.errors import ConfigError
from lokus.privacy import publishable_ranking, suppress_small_cells
from lokus.privacy._suppress import PUBLISHED_TABLE, Hierarchy, intervals, min_cell, protect, protect_table
from lokus.workspace import Workspace

from .test_suppress_solver import attacker_bounds


def test_threshold_is_a_setting_never_below_5(monkeypatch):
    assert min_cell() == 10
    monkeypatch.setenv("LOKUS_MIN_CELL", "7")
    assert min_cell() == 7
    with pytest.raises(ConfigError):
        min_cell(4)
    monkeypatch.setenv("LOKUS_MIN_CELL", "3")
    with pytest.raises(ConfigError):
        min_cell()


def test_single_blank_in_a_sum_gets_a_partner():
    leaves = {"18.04.01.2001": 3, "18.04.01.2002": 40, "18.04.01.2003": 25, "18.04.02.2001": 50}
    h = Hierarchy.from_leaves(leaves, {c: c.rsplit(".", 1)[0] for c in leaves} | {"18.04.01": "18.04",
                                                                                  "18.04.02": "18.04"})
    p = protect(h)
    assert p.primary == {"18.04.01.2001"}
    assert p.secondary == {"18.04.01.2003"}  # the smallest other village of the same kecamatan
    assert all(hi > lo for lo, hi in intervals(h, p.suppressed).values())


#: eligible = covered + gap pairs in two villages A, B and their kecamatan K: a table with margins both ways
PAIRS = {"A|cov": 5, "A|gap": 1, "A|elig": 6, "B|cov": 50, "B|gap": 40, "B|elig": 90,
         "K|cov": 55, "K|gap": 41, "K|elig": 96}
PAIR_SUMS = {"K|cov": ["A|cov", "B|cov"], "K|gap": ["A|gap", "B|gap"], "A|elig": ["A|cov", "A|gap"],
             "B|elig": ["B|cov", "B|gap"], "K|elig": ["K|cov", "K|gap"]}


def test_a_blank_pinned_through_sums_further_away_gets_its_complement_there():
    """A's eligible pairs (6) are K's minus B's: every sum it belongs to is blank already, so its
    complement is B's eligible pairs, two sums away (it used to give up and blank everything)."""
    h = Hierarchy(dict(PAIRS), {t: list(c) for t, c in PAIR_SUMS.items()})
    p = protect(h)
    assert p.primary == {"A|cov", "A|gap", "A|elig"}
    assert p.secondary == {"B|cov", "B|gap", "B|elig"}  # the kecamatan's three counts stay published
    assert all(hi - lo >= 1 for lo, hi in intervals(h, p.suppressed, integer=True).values())


def test_no_pattern_when_earlier_releases_published_every_way_out():
    h = Hierarchy(dict(PAIRS), {t: list(c) for t, c in PAIR_SUMS.items()})
    with pytest.raises(ConfigError) as err:
        protect(h, published={"B|elig", "K|elig", "K|cov", "K|gap"})
    assert err.value.key == "privacy.suppress.stuck"
    assert err.value.message("id").startswith("Sel A|elig tidak dapat dilindungi")
    assert "A|elig cannot be protected" in err.value.message("en")


def _table(counts):
    codes = sorted(counts)
    return pa.table({"code": codes, "people": [counts[c] for c in codes]})


VILLAGES = {"18.04.01.2001": 1, "18.04.01.2002": 14, "18.04.01.2003": 60, "18.04.02.2001": 4,
            "18.04.02.2002": 33, "18.04.03.2001": 12, "18.04.03.2002": 15}


def test_later_releases_of_a_snapshot_follow_the_recorded_pattern(workspace_path):
    with Workspace(workspace_path) as ws:
        first = protect_table(_table(VILLAGES), ["people"], ws=ws, snapshot="p3ke", release="villages")
        pattern = first.protections["people"].suppressed
        kec = {k: sum(v for c, v in VILLAGES.items() if c.startswith(k + ".")) for k in
               ("18.04.01", "18.04.02", "18.04.03")}
        second = protect_table(_table(kec), ["people"], ws=ws, snapshot="p3ke", release="kecamatan")
        shown = dict(zip(second.table["code"].to_pylist(), second.table["people"].to_pylist(), strict=True))
        assert {c for c, v in shown.items() if v is None} == pattern & set(kec)
        assert ws.con.execute(f"SELECT count(DISTINCT release) FROM {PUBLISHED_TABLE}").fetchone()[0] == 1
        # kecamatan published first, villages later: the union is still protected
        kec_first = protect_table(_table(kec), ["people"], ws=ws, snapshot="other", release="kecamatan")
        villages = protect_table(_table(VILLAGES), ["people"], ws=ws, snapshot="other", release="villages")
    seen = {c: None for c in villages.protections["people"].suppressed}
    truth = villages.hierarchies["people"].values
    seen = {c: (None if c in seen else v) for c, v in truth.items()}
    kec_seen = dict(zip(kec_first.table["code"].to_pylist(), kec_first.table["people"].to_pylist(), strict=True))
    assert all(seen[c] == v for c, v in kec_seen.items())
    assert all(hi > lo for lo, hi in attacker_bounds(seen, truth).values())


def test_suppress_small_cells_keeps_zero_and_large():
    t = pa.table({"village": ["a", "b", "c", "d"], "people": [0, 1, 9, 10], "households": [0, 1, 2, 19]})
    out = suppress_small_cells(t, ["people", "households"])
    assert out["people"].to_pylist() == [0, None, None, 10]
    assert out["households"].to_pylist() == [0, None, None, 19]
    assert out["suppressed"].to_pylist() == [None, "people, households", "people, households", None]


def test_suppress_rejects_bad_options():
    t = pa.table({"people": [1]})
    with pytest.raises(ConfigError):
        suppress_small_cells(t, ["nope"])
    with pytest.raises(ConfigError):
        suppress_small_cells(t, ["people"], k=1)


def test_publishable_ranking_hides_what_reveals_a_small_count():
    t = pa.table({
        "rank": [1, 2, 3, 4], "code": ["18.04.01.2001", "18.04.01.2002", "18.04.02.2001", "18.04.02.2002"],
        "decile1_people": [40, 30, 3, 20], "decile1_households": [10, 12, 1, 11],
        "decile1_share": [0.2, 0.1, 0.01, 0.05], "coverage": [0.4, 0.7, 0.73, 1.0], "rank_decile1_people": [1, 2, 4, 3],
        "reason": ["#1: 40 warga", "#2: 30 warga", "#3: 3 warga", "#4: 20 warga"],
    })
    out = publishable_ranking(t).to_pylist()
    assert out[0]["decile1_people"] == 40 and out[0]["reason"] == "#1: 40 warga"
    assert out[2]["decile1_people"] is None and out[2]["decile1_households"] is None
    assert out[2]["decile1_share"] is None and "3" not in out[2]["reason"]
    # 18.04.02.2002 is the complementary cell: kecamatan 18.04.02's total is published
    assert out[3]["decile1_people"] is None and out[3]["decile1_share"] is None
    # cumulative coverage is blanked from the first blanked row on (differences reveal counts)
    assert [r["coverage"] for r in out] == [0.4, 0.7, None, None]
    assert out[2]["rank"] == 3 and out[2]["rank_decile1_people"] == 4
