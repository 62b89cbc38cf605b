"""The eligibility language: parsing, errors, and compilation to Ibis."""

from __future__ import annotations

import ibis
import pyarrow as pa
import pytest
from ibis import _

from lokus.convergence import load_catalogue, parse_rule
from lokus.convergence._rules import RuleCompiler, as_column
from lokus.errors import ConfigError


def _eval(rule: str, rows: dict[str, list]) -> list[bool]:
    t = ibis.memtable(pa.table(rows))
    compiler = RuleCompiler({c: _[c] for c in rows}, frozenset({"floor"}), agg_column=lambda k: _[k],
                            receives_column=lambda c: _["rcv_" + c.lower()])
    expr = as_column(compiler.compile(parse_rule(rule).tree, "test", rule))
    if compiler.aggregates:
        house = t.group_by("hh").aggregate(**compiler.aggregates)
        t = t.inner_join(house, "hh")
    return t.order_by("i").mutate(out=expr).to_pyarrow().column("out").to_pylist()


ROWS = {"i": [1, 2, 3, 4], "hh": [1, 1, 2, 2], "decile": [1, 5, 3, None], "age": [30, 2, 70, 10],
        "floor": ["TANAH", "Semen", None, "tanah liat"], "rcv_pkh": [True, True, False, False]}


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("decile <= 3", [True, False, True, False]),  # a missing value is false
        ("4 >= decile", [True, False, True, False]),
        ("not decile <= 3", [False, True, False, True]),
        ('floor == "tanah"', [True, False, False, False]),  # case-insensitive
        ('contains(floor, "tanah")', [True, False, False, True]),
        ("missing(decile)", [False, False, False, True]),
        ("decile in [1, 3]", [True, False, True, False]),
        ("decile not in [1, 3]", [False, True, False, True]),  # not(false) for a missing value
        ("any(age < 6)", [True, True, False, False]),
        ("count(age >= 10) >= 2", [False, False, True, True]),
        ("all(age >= 10)", [False, False, True, True]),
        ("decile == 1 and not receives(PKH)", [False, False, False, False]),
        ("receives(pkh) or true", [True, True, True, True]),
        ("(decile <= 1 or age >= 70) and true", [True, False, True, False]),
    ],
)
def test_rules_evaluate_as_written(rule, expected):
    assert _eval(rule, ROWS) == expected


@pytest.mark.parametrize(
    "rule",
    ["", "decile <", "any(any(age < 1))", "foo(1)", "__import__('os')", "decile <= 4 and", "age = 3",
     "decile in [age]", "receives(1)", 'contains(floor, 3)', "any(receives(PKH))", "decile <= 4 )"],
)
def test_bad_rules_raise_config_errors(rule):
    with pytest.raises(ConfigError):
        r = parse_rule(rule)
        RuleCompiler({"decile": _.decile, "age": _.age, "floor": _.floor}, frozenset(),
                     agg_column=lambda k: _[k], receives_column=lambda c: _[c]).compile(r.tree, "t", rule)


def test_builtin_catalogue_cites_a_regulation_for_every_program():
    cat = load_catalogue()
    assert {"PKH", "SEMBAKO", "PBI_JKN", "BLT_DD", "PIP", "RTLH", "AIR_BERSIH", "SANITASI", "STUNTING"} <= set(cat.codes)
    for p in cat.programs:
        assert p.regulation.strip(), p.code
    assert [p.code for p in cat.ordered()].index("BLT_DD") > [p.code for p in cat.ordered()].index("PKH")


def test_catalogue_errors(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[program]\n", encoding="utf-8")
    with pytest.raises(Exception, match="TOML"):
        load_catalogue(bad)
    cyc = tmp_path / "cyc.toml"
    cyc.write_text('[vars]\na = "b"\nb = "a"\n[[program]]\ncode = "X"\noffice = "dinsos"\neligibility = "a"\n',
                   encoding="utf-8")
    with pytest.raises(ConfigError):
        load_catalogue(cyc)
    office = tmp_path / "office.toml"
    office.write_text('[[program]]\ncode = "X"\noffice = "polisi"\neligibility = "true"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="dinsos"):
        load_catalogue(office)
