"""Policy files: built-ins load, mistakes give one sentence naming the key, line and valid options."""

from __future__ import annotations

import pytest

from lokus.errors import ConfigError
from lokus.loci import builtin_policies, load_policy, parse_policy

MINIMAL = """\
name = "mine"

[[criteria]]
name = "decile1_people"
type = "people"
max_decile = 1

[order]
sort = [{ by = "decile1_people" }]
"""


def test_builtins_load():
    assert set(builtin_policies()) == {"lampung-barat-2022", "coverage-75", "indeks-gabungan"}
    for name in builtin_policies():
        assert load_policy(name).name == name


def test_minimal_policy_defaults():
    p = parse_policy(MINIMAL)
    assert p.unit.value == "village" and p.selection.method.value == "all"
    assert p.primary.direction.value == "desc" and p.coverage_target == "decile1_people"


def _error(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse_policy(text, source="mine.toml")
    return info.value


def test_typo_in_top_level_key():
    err = _error(MINIMAL.replace("[[criteria]]", 'critera = "x"\n\n[[criteria]]'))
    msg = err.message("en")
    assert msg == (
        "Unknown key 'critera' in mine.toml line 3; valid keys: name, title, description, title_en, "
        "description_id, unit, inputs, filters, criteria, order, selection."
    )
    assert "baris 3" in err.message("id")


def test_typo_in_criterion_parameter():
    msg = _error(MINIMAL.replace("max_decile = 1", "max_decil = 1")).message("en")
    assert msg == "Unknown key 'max_decil' in mine.toml line 6; valid keys: name, type, label, max_decile."
    assert msg.count(".") <= 3 and "\n" not in msg


def test_unknown_criterion_type_lists_the_library():
    msg = _error(MINIMAL.replace('type = "people"', 'type = "poeple"')).message("en")
    assert "'poeple'" in msg and "line 5" in msg and "extreme_poor" in msg and "stunting_locus" in msg


def test_bad_value_in_section():
    msg = _error(MINIMAL + '\n[selection]\nmethod = "best"\n').message("en")
    assert "'best'" in msg and "line 12" in msg and "all, top, threshold, coverage, quota" in msg


def test_unknown_key_in_section():
    msg = _error(MINIMAL + "\n[selection]\nmethod = \"top\"\ntop = 3\n").message("en")
    assert "Unknown key 'top'" in msg and "line 13" in msg and "n, criterion, min, max, share, target" in msg


def test_selection_needs_its_parameter():
    msg = _error(MINIMAL + '\n[selection]\nmethod = "top"\n').message("en")
    assert "'n'" in msg and 'method = "top"' in msg


def test_sort_key_must_be_a_criterion():
    msg = _error(MINIMAL.replace('by = "decile1_people"', 'by = "decile1"')).message("en")
    assert "'decile1'" in msg and "decile1_people" in msg and "line 9" in msg


def test_priority_must_be_a_flag():
    msg = _error(MINIMAL.replace("[order]", '[order]\npriority = ["decile1_people"]')).message("en")
    assert "priority" in msg and "valid values: -" in msg


def test_max_decile_out_of_range():
    msg = _error(MINIMAL.replace("max_decile = 1", "max_decile = 11")).message("en")
    assert "'11'" in msg and "max_decile" in msg and "line 6" in msg


def test_index_names_are_scores_and_components_exist():
    index = '\n[[criteria]]\nname = "idx"\ntype = "index"\ncomponents = { decile1_people = 1.0 }\n'
    text = MINIMAL.replace("[order]", index + "\n[order]")
    assert "score_" in _error(text).message("en")
    text = text.replace('name = "idx"', 'name = "score_idx"').replace("{ decile1_people", "{ nobody")
    msg = _error(text).message("en")
    assert "'nobody'" in msg and "decile1_people" in msg


def test_missing_required_key():
    msg = _error(MINIMAL.replace('name = "mine"\n', "")).message("en")
    assert "Required key 'name'" in msg


def test_not_toml():
    assert "not valid TOML" in _error("name = \n").message("en")


def test_unknown_policy_name():
    with pytest.raises(ConfigError) as info:
        load_policy("lampung-barat-2021")
    assert "lampung-barat-2022" in info.value.message("en")


def test_threshold_criterion_must_be_numeric():
    text = MINIMAL.replace("[order]", '[[criteria]]\nname = "locus"\ntype = "stunting_locus"\n\n[order]')
    msg = _error(text + '\n[selection]\nmethod = "threshold"\ncriterion = "locus"\nmin = 1\n').message("en")
    assert "'locus'" in msg and "valid values: decile1_people" in msg
