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


def test_registry_flags_one_string_is_one_flag_and_a_bad_flag_is_named(tmp_path):
    one = tmp_path / "one.toml"
    one.write_text('[[program]]\ncode = "X"\noffice = "dinsos"\neligibility = "true"\n'
                   'registry_flags = "receives_pkh"\n', encoding="utf-8")
    assert load_catalogue(one).get("X").registry_flags == ("receives_pkh",)
    for value in ('"receives_pk"', '["receives_pkh", "receives_pk"]', "3"):
        bad = tmp_path / "bad.toml"
        bad.write_text('[[program]]\ncode = "X"\noffice = "dinsos"\neligibility = "true"\n'
                       f"registry_flags = {value}\n", encoding="utf-8")
        with pytest.raises(ConfigError) as err:
            load_catalogue(bad)
        bad_value = "3" if value == "3" else "receives_pk"
        assert f"'{bad_value}'" in str(err.value) and "receives_pkh" in str(err.value)


def _years_months(birth, as_of):
    """The completed years and months of lokus.convergence._features._age, in Python."""
    before = (birth.month * 100 + birth.day) > (as_of.month * 100 + as_of.day)
    years = as_of.year - birth.year - before
    months = (as_of.year - birth.year) * 12 + (as_of.month - birth.month) - (birth.day > as_of.day)
    return years, months


AS_OF = ["2024-02-29", "2023-02-28", "2024-03-31", "2024-01-31", "2024-06-30", "2024-12-31", "2025-03-01"]


@pytest.mark.parametrize("as_of", AS_OF)
def test_born_by_is_the_age_arithmetic_as_a_date(as_of):
    """age_months >= m ⇔ birth <= born_by(as_of, m); age >= y ⇔ birth <= born_by(as_of, 12 y),
    for every birth date of the last 7 years (months 0–40) and every 5th of the last 70 (years 0–66)."""
    from datetime import date, timedelta

    from lokus.convergence._features import born_by

    ref = date.fromisoformat(as_of)
    limits_m = {m: born_by(ref, m) for m in range(-2, 41)}
    limits_y = {y: born_by(ref, 12 * y) for y in range(-1, 67)}
    for days in range(-40, 366 * 7):
        birth = ref - timedelta(days=days)
        months = _years_months(birth, ref)[1]
        assert all((months >= m) == (birth <= d) for m, d in limits_m.items()), (birth, months)
    for days in range(-40, 366 * 70, 5):
        birth = ref - timedelta(days=days)
        years = _years_months(birth, ref)[0]
        assert all((years >= y) == (birth <= d) for y, d in limits_y.items()), (birth, years)
    assert born_by(ref, 12 * 10_000) is None


@pytest.mark.parametrize("rule", [
    "age >= 6", "age > 6", "age < 6", "age <= 6", "age == 6", "age != 6", "6 <= age", "60 < age",
    "age >= 6 and age <= 18", "age_months < 24", "24 > age_months", "age_months == 23", "age >= 0",
    "age < -1", "age >= 20000", "age >= 6.5", "not (age < 6)",
])
def test_age_comparisons_by_date_give_the_arithmetic_answer(rule):
    """The first coverage pass compares birth dates with constant dates; the truth values (and NULL for
    an unknown birth date) are those of the computed age columns."""
    from datetime import date, timedelta

    from lokus.convergence._features import _age

    ref = date(2024, 2, 29)
    births = [ref - timedelta(days=d) for d in range(-3, 366 * 21, 7)] + [date(2018, 2, 28), date(2018, 3, 1),
                                                                           date(2022, 2, 28), date(2000, 2, 29)]
    t = ibis.memtable(pa.table({"i": list(range(len(births) + 1)), "birth_date": [*births, None]}))
    years, months = _age(t.birth_date, ref)
    t = t.mutate(age=years, age_months=months)
    tree = parse_rule(rule).tree
    plain = RuleCompiler({c: t[c] for c in t.columns}, frozenset(), agg_column=lambda k: None,
                         receives_column=lambda c: None).compile(tree, "test", rule)
    by_date = RuleCompiler({c: t[c] for c in t.columns}, frozenset(), agg_column=lambda k: None,
                           receives_column=lambda c: None, ages=(t.birth_date, ref)).compile(tree, "test", rule)
    out = t.order_by("i").select(plain=plain, by_date=by_date).to_pyarrow()
    assert out.column("by_date").to_pylist() == out.column("plain").to_pylist()
