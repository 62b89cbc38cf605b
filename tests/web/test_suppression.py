"""Small cells for viewers without detail: one threshold (the core's), and no blank recoverable.

The attacks are the break-tester's: a village's households minus its nine other deciles, gap pairs
minus the visible gaps per program, eligible minus covered pairs, a blank on one page read off
another page, and a village's blank from a kecamatan/district total minus the other villages.
The attacker below is written independently of the web app: it reads only the JSON the account
gets (plus, as the worst case, every region total the pattern leaves published), writes every sum
it knows as an integer programme and minimises and maximises each blank.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import numpy as np
import pytest

from tests._lp import blank_bounds
from tests.web._fixture import MINE

PASAR_LIWA = "18.04.04.1001"  # 7 households in decile 1: blank at k = 10 (was shown at the old k = 5)
DECILES = [f"decile_{i}" for i in range(1, 11)]


def _seen(client: Any) -> tuple[dict[str, dict[str, int | None]], dict[str, dict[str, set[int | None]]]]:
    """Every count the account is shown, per village and variable: (merged view, every value seen)."""
    seen: dict[str, dict[str, set[int | None]]] = defaultdict(lambda: defaultdict(set))
    for r in client.get("/api/loci").json()["rows"]:
        seen[r["code"]]["people"].add(r["residents"])
        seen[r["code"]]["decile_1"].add(r["decile1_households"])
        seen[r["code"]]["decile1_people"].add(r["decile1_people"])
    codes = [r["code"] for r in client.get("/api/villages").json()["rows"]]
    for r in client.get("/api/villages").json()["rows"]:
        seen[r["code"]]["households"].add(r["households"])
        seen[r["code"]]["people"].add(r["people"])
        seen[r["code"]]["decile_1"].add(r["decile1_households"])
    for code in codes:
        body = client.get(f"/api/villages/{code}").json()
        v = body["village"]
        seen[code]["households"].add(v["households"])
        seen[code]["people"].add(v["people"])
        for name, x in zip(DECILES, v["deciles"], strict=True):
            seen[code][name].add(x)
        for name, x in (v["growth"] or {}).items():
            seen[code][name].add(x)
        for name, x in (body["programs"] or {}).items():
            if name in ("eligible_pairs", "covered_pairs") or name.startswith("gap_"):
                seen[code][name].add(x)
    # a program without data has no gap anywhere ("tidak ada data"): not a count
    no_data = {k for row in seen.values() for k in row if k.startswith("gap_")}
    no_data -= {k for row in seen.values() for k, xs in row.items() if xs != {None}}
    for row in seen.values():
        for k in no_data & set(row):
            del row[k]
    merged = {c: {k: next(iter(xs)) for k, xs in row.items()} for c, row in seen.items()}
    return merged, seen


def _attacker(shown: dict[str, dict[str, int | None]], totals: dict[tuple[str, str], int],
              truth: dict[str, dict[str, int]]) -> dict[tuple[str, str], tuple[float, float]]:
    """Bounds of every blank from the shown counts, the region ``totals`` and the sums linking them."""
    import highspy

    from lokus.privacy._suppress import _highs

    blanks = sorted((c, k) for c, row in shown.items() for k, x in row.items() if x is None)
    blanks += sorted(key for key, x in totals.items() if x is None)
    if not blanks:
        return {}
    # a count the account is not shown at all (a village head sees only the ranking of the others)
    # is unknown and ≥ 0; a village with no residents has nothing but zeros
    every = {var for _, var in totals}
    unseen = sorted((c, var) for c, row in shown.items() if row.get("people") != 0 for var in every - set(row))
    index = {b: i for i, b in enumerate([*blanks, *unseen])}
    h = _highs()
    n = len(index)
    h.addVars(n, np.array([1.0] * len(blanks) + [0.0] * len(unseen)), np.full(n, highspy.kHighsInf))
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                            np.full(n, highspy.HighsVarType.kInteger, dtype=np.uint8))

    def value(cell: tuple[str, str]) -> int | None:
        code, var = cell
        if cell in totals:
            return totals[cell]
        if cell in index and cell not in shown.get(code, {}):
            return None
        return shown.get(code, {}).get(var, 0)

    def equation(terms: list[tuple[tuple[str, str], float]]) -> None:
        idx, coef, rhs = [], [], 0.0
        for cell, sign in terms:
            x = value(cell)
            if x is None:
                idx.append(index[cell])
                coef.append(sign)
            else:
                rhs -= sign * x
        if idx:
            h.addRow(rhs, rhs, len(idx), np.array(idx, dtype=np.int32), np.array(coef))

    gaps = sorted({k for row in shown.values() for k in row if k.startswith("gap_") and k != "gap_pairs"})
    regions = sorted({c for c, _ in totals})
    for code in [*shown, *regions]:  # sums inside a village (or region): what a page shows side by side
        equation([((code, "households"), -1.0), *(((code, d), 1.0) for d in DECILES)])
        if gaps:
            equation([((code, "gap_pairs"), -1.0), *(((code, g), 1.0) for g in gaps)])
            equation([((code, "eligible_pairs"), -1.0), ((code, "covered_pairs"), 1.0), ((code, "gap_pairs"), 1.0)])
    for region, var in totals:  # a region's total minus its other villages
        members = [c for c in shown if c.startswith(region + ".") and c.count(".") == 3]
        equation([((region, var), -1.0), *(((c, var), 1.0) for c in members)])
    out = blank_bounds(h, n, index, blanks)
    for cell, bounds in out.items():
        code, var = cell
        true = truth.get(code, {}).get(var)
        if true is not None:
            assert bounds[0] - 0.5 <= true <= bounds[1] + 0.5, (cell, true, bounds)
    return out


def _truth_and_totals(app: Any, known_scope: str | None) -> tuple[dict[str, dict[str, int]], dict]:
    pub = app.state.store.public(known_scope)
    truth = pub.values
    totals = {(code, var): pub.get(code, var) for code, row in truth.items() if code.count(".") < 3
              for var in row if "__" not in var}
    return truth, totals


@pytest.fixture(scope="module")
def province_view(client_as: Any) -> tuple[dict, dict]:
    return _seen(client_as("prov"))


def test_one_threshold_everywhere(province_view):
    shown, seen = province_view
    for code, row in seen.items():
        for var, values in row.items():
            assert len(values) == 1, f"{code} {var} differs between pages: {values}"  # a blank stays blank
            x = next(iter(values))
            assert x is None or x == 0 or x >= 10, (code, var, x)
    assert shown[PASAR_LIWA]["decile_1"] is None  # "–" on /loci, /villages and the village page alike


def test_households_minus_other_deciles_recovers_nothing(province_view):
    shown, _ = province_view
    for code, row in shown.items():
        if "decile_2" not in row:
            continue
        blanks = [d for d in DECILES if row[d] is None]
        assert row["households"] is None or len(blanks) != 1, (code, row)
    assert any(row.get("decile_10") is None for row in shown.values())  # the fixture has blanks to protect


def test_gap_pairs_and_eligible_minus_covered_recover_nothing(province_view):
    shown, _ = province_view
    for code, row in shown.items():
        gaps = [k for k in row if k.startswith("gap_") and k != "gap_pairs"]
        if not gaps:
            continue
        blanks = [g for g in gaps if row[g] is None]
        assert row["gap_pairs"] is None or len(blanks) != 1, (code, row)
        if row["gap_pairs"] is None:
            assert row["eligible_pairs"] is None or row["covered_pairs"] is None, (code, row)
    assert any(row.get("gap_blt_dd") is None for row in shown.values())  # 3 in Pampangan: blank


def test_province_cannot_pin_any_blank(app, client_as, province_view):
    shown, _ = province_view
    truth, totals = _truth_and_totals(app, None)
    page = client_as("prov").get("/").text  # the overview shows the district's households and people
    district = min(totals)[0][:5]
    for var in ("households", "people"):
        assert totals[(district, var)] is not None
    assert re.sub(r"\D", "", f"{totals[(district, 'households')]:,}") in re.sub(r"[.,]", "", page)
    bounds = _attacker(shown, totals, truth)
    assert bounds, "the fixture has no blank"
    pinned = {cell: b for cell, b in bounds.items() if b[1] - b[0] < 0.5}
    assert not pinned


def test_village_head_cannot_pin_his_neighbours_blanks(app, client_as):
    c = client_as("pera")
    shown, _ = _seen(c)
    assert shown[MINE]["decile_10"] == 4  # his own pekon in detail
    truth, totals = _truth_and_totals(app, MINE)
    for var, x in truth[MINE].items():  # he knows every count of his own pekon
        if "__" not in var:
            shown[MINE][var] = x
    bounds = _attacker(shown, totals, truth)
    assert bounds

    def others(cell: tuple[str, str]) -> int:  # what a cell holds beyond his own pekon
        code, var = cell
        mine = truth[MINE].get(var, 0) if MINE.startswith(code + ".") or code == MINE else 0
        return truth[code][var] - mine

    pinned = {cell: b for cell, b in bounds.items() if b[1] - b[0] < 0.5}
    assert pinned and not {cell: b for cell, b in pinned.items() if others(cell) != 0}


def test_notices_state_the_threshold(client_as):
    c = client_as("prov")
    for url in ("/villages", f"/villages/{PASAR_LIWA}", "/loci"):
        text = c.get(url).text
        assert "Angka 1–9 disamarkan" in text and "sel &lt; 10" in text, url
        assert "1–4" not in text
    reason = next(r for r in c.get("/api/loci").json()["rows"] if r["code"] == PASAR_LIWA)["reason"]
    assert reason == "(disamarkan: sel < 10)"
    c.get("/lang/en?next=/")
    try:
        text = c.get("/villages").text
        assert "Counts of 1–9 are suppressed" in text and "cell &lt; 10" in text
    finally:
        c.get("/lang/id?next=/")


def test_notice_follows_lokus_min_cell(monkeypatch):
    from lokus.web._app import suppression_notes

    monkeypatch.setenv("LOKUS_MIN_CELL", "12")
    for lang, first in (("id", "Angka 1–11"), ("en", "Counts of 1–11")):
        notes = suppression_notes(lang)
        assert first in notes["help"] and "< 12" in notes["help"] and "< 12" in notes["note"]


def test_earlier_cli_release_keeps_its_blanks(fresh_app):
    """A cell `lokus loci --publish` blanked for this registry snapshot stays blank in the web app."""
    from fastapi.testclient import TestClient

    from lokus.privacy import Hierarchy
    from lokus.privacy._suppress import record_release
    from tests.web.conftest import login

    ws = fresh_app.state.store.ws()
    # 309 households in decile 1: the web app alone would publish it
    record_release(ws, "p3ke-2022", "decile1_households", Hierarchy({MINE: 309}, {}), {MINE}, "loci")
    c = TestClient(fresh_app)
    assert login(c, "prov").status_code == 303
    loci = {r["code"]: r for r in c.get("/api/loci").json()["rows"]}
    villages = {r["code"]: r for r in c.get("/api/villages").json()["rows"]}
    assert loci[MINE]["decile1_households"] is None and villages[MINE]["decile1_households"] is None
    assert c.get(f"/api/villages/{MINE}").json()["village"]["deciles"][0] is None


#: the ranking's counts and the web's cells they are (lokus.web._public.RECORDED)
_RANKING_CELLS = {"decile1_households": "decile_1", "residents": "people", "decile1_people": "decile1_people"}


def _published(ws, release: str | None = None) -> dict[tuple[str, str], bool]:
    rows = ws.con.execute("SELECT variable, code, suppressed, release FROM published_cells "
                          "WHERE snapshot = 'p3ke-2022'").fetchall()
    return {(v, c): s for v, c, s, r in rows if release is None or r == release}


def test_the_web_release_is_recorded_and_a_later_publish_keeps_it(fresh_app):
    """What the web app released binds `lokus loci --publish` of the same snapshot: cell for cell the same
    blanks, so the two channels together give back no blank."""
    from lokus.privacy import publishable_ranking

    store = fresh_app.state.store
    pub = store.public()
    recorded = _published(store.ws(), "web")
    for column, var in _RANKING_CELLS.items():
        assert {c for (v, c), s in recorded.items() if v == column and s} == pub.blanked_codes(var), column
    assert recorded[("households", "18.04")] is False and ("decile_10", PASAR_LIWA) in recorded
    measured = store.ws().con.execute("SELECT count(*) FROM published_cells WHERE snapshot = 'eppgbm-2022-08' "
                                      "AND variable = 'stunted' AND release = 'web'").fetchone()[0]
    assert measured == len(pub.cells("stunted"))
    table, _ = store.ranking()
    published = publishable_ranking(table, ws=store.ws(), snapshot="p3ke-2022", release="loci:test")
    assert _published(store.ws()) == recorded  # the ranking's cells were all recorded by the web release
    for row in published.to_pylist():
        for column, var in _RANKING_CELLS.items():
            assert (row[column] is None) == ((row["code"], var) in pub.blanked), (row["code"], column)
    assert any(row["decile1_households"] is None for row in published.to_pylist())


def test_a_restart_serves_the_recorded_pattern(fresh_app):
    from lokus.web._data import Store

    store = fresh_app.state.store
    first = store.public()
    recorded = _published(store.ws())
    path = store.path
    store.close()
    again = Store(path)
    try:
        assert again.public().blanked == first.blanked
        assert _published(again.ws()) == recorded  # nothing new to record
    finally:
        fresh_app.state.store = again


def test_a_scope_pattern_blanks_everything_the_release_blanked(app):
    """A village head's own figures free only his own cells: his pattern publishes nothing the recorded
    release blanks (it may blank more, where his figures would give a neighbour's blank back)."""
    store = app.state.store
    base, mine = store.public(), store.public(MINE)
    own = {(code, var) for code, var in base.blanked if code == MINE}
    assert mine.blanked >= base.blanked - own
    assert not {(c, v) for c, v in mine.blanked if c == MINE}


def test_scope_total_is_the_regions_own_cell():
    from lokus.web._public import Family, protect_villages

    villages = {"18.04.01.2001": {"people": 3}, "18.04.01.2002": {"people": 40}, "18.04.02.2001": {"people": 0},
                "18.04.02.2002": {"people": 50}}
    pub = protect_villages(villages, [Family(("people",))], k=10)
    assert pub.get("18.04.01.2001", "people") is None  # 3: blanked, and a complement with it
    assert sum(pub.get(c, "people") is None for c in villages) >= 2
    assert pub.total(villages, "people") == pub.get("18.04", "people")  # the district's own cell
    # the kecamatan's own cell, never the sum of its visible villages
    assert pub.total(["18.04.01.2001", "18.04.01.2002"], "people") == pub.get("18.04.01", "people")
    assert pub.total(["18.04.02.2002"], "people") == pub.get("18.04.02", "people")


@pytest.mark.parametrize("seed", range(8))
def test_random_districts_no_blank_can_be_pinned(seed):
    """The pattern over small random districts, against the same independent attacker."""
    import random

    from lokus.web._public import CHANGES, GROWTH, families, protect_villages

    rng = random.Random(seed)
    villages: dict[str, dict[str, int]] = {}
    for kec in range(1, rng.randint(2, 4)):
        for v in range(1, rng.randint(2, 5)):
            row = {d: rng.choice([0, rng.randint(1, 9), rng.randint(10, 80)]) for d in DECILES}
            row["households"] = sum(row[d] for d in DECILES)
            row["people"] = row["households"] * 3
            row["decile1_people"] = row["decile_1"] * 3
            row.update({g: rng.choice([0, rng.randint(1, 9), rng.randint(10, 60)]) for g in (*GROWTH, *CHANGES)})
            row.update({g: rng.choice([0, rng.randint(1, 9), rng.randint(10, 60)]) for g in ("gap_a", "gap_b")})
            row["covered_pairs"] = rng.choice([rng.randint(1, 9), rng.randint(10, 200)])
            row["gap_pairs"] = row["gap_a"] + row["gap_b"]
            row["eligible_pairs"] = row["covered_pairs"] + row["gap_pairs"]
            villages[f"18.04.{kec:02d}.{2000 + v}"] = row
    pub = protect_villages(villages, families(["gap_a", "gap_b"]), k=10)
    shown = {c: {var: pub.get(c, var) for var in row} for c, row in villages.items()}
    totals = {(code, var): pub.get(code, var) for code, row in pub.values.items() if code.count(".") < 3
              for var in row if "__" not in var}
    assert all(x is None or x == 0 or x >= 10 for row in shown.values() for x in row.values())
    bounds = _attacker(shown, totals, pub.values)
    assert not {cell: b for cell, b in bounds.items() if b[1] - b[0] < 0.5}


def _demo_two_kecamatan() -> dict[str, dict[str, int]]:
    """The demo district's households, deciles and program pairs of kecamatan 18.04.04 and 18.04.05."""
    import csv
    from pathlib import Path

    with open(Path(__file__).parent / "data" / "demo_two_kecamatan.csv", newline="") as f:
        return {r.pop("code"): {k: int(x) for k, x in r.items()} for r in csv.DictReader(f)}


def test_demo_families_keep_most_counts_and_no_blank_can_be_pinned():
    """On the demo the pattern used to get stuck on a blank whose own sums offered no complement (the
    kecamatan's decile-1 households, 18.04.04.2010's eligible pairs: pinned through sums further away)
    and blank every non-zero count of both families: all households, all deciles, all pairs. Now it
    finds complements further away and publishes most counts, every households count among them."""
    from lokus.web._public import families, protect_villages

    villages = _demo_two_kecamatan()
    gaps = sorted(k for k in next(iter(villages.values())) if k.startswith("gap_") and k != "gap_pairs")
    fams = families(gaps)
    fams = [fams[0], fams[-1]]  # households = deciles; eligible = covered + gap pairs, gap pairs = gaps
    pub = protect_villages(villages, fams, k=10)
    assert not pub.unprotected
    for fam in fams:
        shown = [(c, v) for c, row in pub.values.items() for v in fam.variables if "__" not in v and row[v] > 0]
        blanked = [cell for cell in shown if cell in pub.blanked]
        assert len(blanked) < len(shown) / 4, (fam.variables[0], len(blanked), len(shown))
    assert pub.get("18.04", "households") == sum(r["households"] for r in villages.values())
    assert not any(pub.get(c, "households") is None for c in pub.values)
    shown_cells = {c: {var: pub.get(c, var) for var in row} for c, row in villages.items()}
    totals = {(code, var): pub.get(code, var) for code, row in pub.values.items() if code.count(".") < 3
              for var in row if "__" not in var}
    bounds = _attacker(shown_cells, totals, pub.values)
    assert not {cell: b for cell, b in bounds.items() if b[1] - b[0] < 0.5}


def test_a_family_no_pattern_can_protect_is_blanked_and_logged(caplog):
    """Only when an earlier release published every way out: the family is blanked and the log says why."""
    from lokus.web._public import Family, protect_villages

    villages = {"18.04.01.2001": {"people": 3}, "18.04.01.2002": {"people": 40}}
    history = {"people": ({"18.04.01", "18.04.01.2002"}, set())}  # kecamatan and neighbour: published
    with caplog.at_level("WARNING", logger="lokus.web"):
        pub = protect_villages(villages, [Family(("people",))], k=10, history=history)
    assert pub.unprotected == {("people",): "18.04.01.2001|people"}
    assert pub.blanked == {("18.04.01.2001", "people")}
    assert "18.04.01.2001|people cannot be protected" in caplog.text and "people is blanked" in caplog.text


def test_warming_computes_each_village_accounts_pattern(fresh_app):
    """A village head's first /loci does not wait for his pattern: the app computes it when it starts."""
    from tests.web._fixture import OTHER

    store = fresh_app.state.store
    assert store.partial_scopes() == sorted([MINE, OTHER])  # pera and bidan, pera2 and bidan2; not the district's
    store.warm()
    version = store.version()
    assert {("public_-", version), (f"public_{MINE}", version), (f"public_{OTHER}", version)} <= set(store._cache)


def test_a_family_blanked_whole_is_said_on_the_page_and_in_the_api(app, client_as):
    """The fallback above is not silent to the reader: each page and response with the blanks says which
    figures are withheld as a whole, and why, in the reader's language. In the fixture it happens to the
    village head: his own decile counts are known to him, so no complementary cell is left in his
    kecamatan and the decile family of the villages he does not see is blanked whole."""
    pub = app.state.store.public(MINE)  # type: ignore[attr-defined]
    assert pub.withheld(), "the fixture has a family no pattern can protect for the village head"
    c = client_as("pera")
    text = c.get("/loci").text  # the district's ranking: his neighbours' figures protected
    assert 'class="note withheld"' in text and "tidak ditampilkan sama sekali" in text
    withheld = c.get("/api/loci").json()["withheld"]
    # the ranking shows decile-1 households, not program gaps: the decile family's notice only
    assert [w["variables"] for w in withheld] == [list(f) for f in pub.withheld() if "decile_1" in f]
    assert len(withheld) == 1 and "kelompok kecil" in withheld[0]["message"]
    assert "Angka rumah tangga per desil tidak ditampilkan sama sekali" in withheld[0]["message"]
    assert c.get("/api/villages").json()["withheld"] == []  # his own villages: every figure shown
    assert 'class="note withheld"' not in c.get(f"/villages/{MINE}").text
    c.get("/lang/en?next=/")
    try:
        (first, *_) = c.get("/api/loci").json()["withheld"]
        assert "withheld as a whole to protect small groups" in first["message"]
        assert "households by decile" in first["message"] and "withheld as a whole" in c.get("/loci").text
    finally:
        c.get("/lang/id?next=/")
