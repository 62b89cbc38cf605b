"""Criteria and filters beyond the built-in policies: kind filter, indicator hook, regencies,
households shares, stunted children, z-score and rank normalisation."""

from __future__ import annotations

import pytest

from lokus.engine import backend
from lokus.loci import CRITERIA, PolicyInputs, parse_policy, rank_policy

from .conftest import A, B, C, D


def _policy(criteria: str, order: str, extra: str = "") -> str:
    return f'name = "t"\n{extra}\n{criteria}\n[order]\n{order}\n'


def _rank(ws, text, **inputs):
    inputs.setdefault("region", "18.04")
    return rank_policy(backend(ws.con), parse_policy(text), PolicyInputs("s", **inputs)).to_pylist()


def test_kind_filter_keeps_only_desa(golden_ws):
    text = _policy('[[criteria]]\nname = "n"\ntype = "people"\n', 'sort = [{ by = "n" }]',
                   '[filters]\nkind = ["kelurahan"]\n')
    rows = _rank(golden_ws, text)
    assert len(rows) == 5 and all(r["kind"] == "kelurahan" for r in rows)
    assert all(r["n"] == 0 for r in rows)  # the fixture has people only in desa


def test_households_share_and_all_households(golden_ws):
    text = _policy(
        '[[criteria]]\nname = "hh"\ntype = "households"\n\n'
        '[[criteria]]\nname = "hh_share"\ntype = "share"\nmax_decile = 2\nof = "households"\n',
        'sort = [{ by = "hh_share" }]',
    )
    rows = {r["code"]: r for r in _rank(golden_ws, text)}
    assert rows[A]["hh"] == 3 and rows[A]["hh_share"] == 1.0
    assert rows[B]["hh"] == 4 and rows[B]["hh_share"] == 0.75
    assert rows[C]["hh_share"] == 0.5 and rows[D]["hh_share"] == 1.0


def test_stunted_children_ascending_and_rank_normalisation(golden_ws):
    text = _policy(
        '[[criteria]]\nname = "stunted"\ntype = "stunted_children"\n\n'
        '[[criteria]]\nname = "score_r"\ntype = "index"\nnormalisation = "rank"\ncomponents = { stunted = 1.0 }\n\n'
        '[[criteria]]\nname = "score_z"\ntype = "index"\nnormalisation = "z-score"\ncomponents = { stunted = -1.0 }\n',
        'sort = [{ by = "stunted", direction = "asc" }]',
    )
    rows = _rank(golden_ws, text, growth_snapshot="g")
    by = {r["code"]: r for r in rows}
    assert (by[A]["stunted"], by[B]["stunted"], by[D]["stunted"], by[C]["stunted"]) == (1, 2, 1, 0)
    assert rows[-1]["code"] == B and "tersedikit ke-136" in rows[-1]["reason"]
    assert by[B]["score_r"] == pytest.approx(1.0) and by[C]["score_r"] == 0.0
    assert by[B]["score_z"] < by[A]["score_z"] < by[C]["score_z"]


def test_indicator_hook(golden_ws):
    with golden_ws.transaction() as con:
        con.execute("CREATE TABLE indicator_values (code VARCHAR, indicator VARCHAR, value DOUBLE)")
        con.execute("INSERT INTO indicator_values VALUES (?, 'idm', 0.61), (?, 'idm', 0.72), (?, 'other', 9)",
                    [A, C, B])
    text = _policy('[[criteria]]\nname = "idm"\ntype = "indicator"\nindicator = "idm"\n',
                   'sort = [{ by = "idm" }]\n\n[selection]\nmethod = "threshold"\ncriterion = "idm"\nmin = 0.7\n')
    rows = _rank(golden_ws, text)
    assert [(r["code"], r["idm"], r["selected"]) for r in rows[:3]] == [(C, 0.72, True), (A, 0.61, False),
                                                                        ("18.04.04.1001", 0.0, False)]
    assert "memenuhi ambang idm ≥ 0,7" in rows[0]["reason"]


def test_regency_unit(golden_ws):
    text = _policy('[[criteria]]\nname = "d1"\ntype = "people"\nmax_decile = 1\n', 'sort = [{ by = "d1" }]',
                   'unit = "regency"\n')
    rows = _rank(golden_ws, text, region="18")
    assert len(rows) == 15 and rows[0]["code"] == "18.04" and rows[0]["d1"] == 10
    assert rows[0]["parent"] == "18" and rows[0]["coverage"] == 1.0


def test_every_criterion_type_has_a_description_and_labels():
    for kind in CRITERIA.values():
        assert kind.description and kind.value_kind in ("count", "share", "flag", "score", "value")
