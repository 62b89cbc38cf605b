"""The fast paths of the z-score pipeline give the same results as the step-by-step rules."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lokus.growth._core import compute
from lokus.growth._lms import _round_r2_exact, round_r2
from lokus.tables import _values

_floats = st.floats(allow_nan=True, allow_infinity=True, width=64)
_ties = st.integers(-10**9, 10**9).map(lambda k: k / 1000)  # decimal ties such as -14.795
_near = st.tuples(st.integers(-10**7, 10**7), st.sampled_from([0.0, 1e-13, -1e-13, 4e-7, -4e-7, 2e-6]))


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.array_equal(a, b, equal_nan=True) and np.array_equal(np.signbit(a), np.signbit(b)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_floats, _ties, _near.map(lambda t: (t[0] + 0.5) / 100 + t[1])), min_size=1,
                max_size=200))
def test_round_r2_equals_r_rule_step_by_step(values: list[float]) -> None:
    x = np.array(values, dtype=np.float64)
    assert _same(round_r2(x), _round_r2_exact(x))


def test_round_r2_many_values() -> None:
    rng = np.random.default_rng(3)
    x = np.concatenate([rng.standard_normal(200_000) * 4, np.round(rng.uniform(-30, 30, 200_000), 3),
                        rng.standard_normal(50_000) * 10.0 ** rng.integers(-3, 14, 50_000)])
    assert _same(round_r2(x), _round_r2_exact(x))


_cells = st.one_of(
    st.none(),
    st.text(alphabet="0123456789.,+- ", max_size=8),
    st.from_regex(r"[+-]?[0-9]{1,6}([.,][0-9]{1,4})?", fullmatch=True),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_cells, min_size=1, max_size=30))
def test_plain_decimals_equal_full_rule(cells: list[str | None]) -> None:
    arr = pa.array(cells, pa.string())
    fast = _values._plain_decimals(arr)
    if fast is None:
        return
    original = _values._plain_decimals
    try:
        _values._plain_decimals = lambda a: None  # type: ignore[assignment]
        full = _values.parse_values(arr, _values.ValueKind.DECIMAL)
    finally:
        _values._plain_decimals = original  # type: ignore[assignment]
    assert np.array_equal(fast.values, full.values, equal_nan=True)
    assert (fast.missing == full.missing).all() and (fast.invalid == full.invalid).all()
    assert fast.problem == full.problem and fast.convention == full.convention


def test_blocks_and_threads_do_not_change_results() -> None:
    rng = np.random.default_rng(5)
    n = 300_000
    args = (rng.integers(0, 3, n).astype(np.int8), np.where(rng.random(n) < 0.02, np.nan, rng.uniform(-5, 2000, n)),
            rng.uniform(1, 25, n), rng.uniform(40, 125, n), rng.integers(0, 3, n).astype(np.int8), rng.random(n) < 0.02)
    one = compute(*args, threads=1)
    two = compute(*args, threads=2)
    small = compute(*(a[:1000] for a in args))
    for f in one.__dataclass_fields__:
        a, b = getattr(one, f), getattr(two, f)
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
        assert np.array_equal(a[:1000], getattr(small, f), equal_nan=a.dtype.kind == "f")


_code_cells = st.one_of(st.none(), st.sampled_from(["", " ", "m", "F", "1", "2", "L", "h", "y", "N", "x", "0",
                                                    "\t", "laki-laki", "Berdiri", "é"]),
                        st.text(max_size=2))


@settings(max_examples=200, deadline=None)
@given(st.lists(_code_cells, min_size=1, max_size=40), st.integers(0, 3), st.booleans())
def test_one_character_codes_equal_dictionary_path(cells: list[str | None], start: int, large: bool) -> None:
    from lokus.growth import _parse

    arr = pa.array(cells, pa.large_string() if large else pa.string()).slice(min(start, len(cells) - 1))
    for codes in (_parse.SEX_CODES, _parse.MEASURE_CODES, _parse.OEDEMA_CODES):
        got = _parse.parse_code(arr, codes)
        original = _parse._one_character_codes
        try:
            _parse._one_character_codes = lambda a, c: None  # type: ignore[assignment]
            want = _parse.parse_code(arr, codes)
        finally:
            _parse._one_character_codes = original  # type: ignore[assignment]
        for g, w in zip(got, want, strict=True):
            assert np.array_equal(g, w)


def test_one_character_codes_take_the_fast_path() -> None:
    from lokus.growth import _parse

    arr = pa.array(["m", None, "F", "", " ", "2"])
    value, blank, bad = _parse._one_character_codes(arr, _parse.SEX_CODES)  # type: ignore[misc]
    assert value.tolist() == [1, 0, 2, 0, 0, 2]
    assert blank.tolist() == [False, True, False, True, True, False]
    assert not bad.any()
    assert _parse._one_character_codes(pa.array(["m", "laki-laki"]), _parse.SEX_CODES) is None
    assert _parse._one_character_codes(pa.array(["m", "é"]), _parse.SEX_CODES) is None  # two bytes


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=20)), min_size=1, max_size=40), st.integers(0, 5))
def test_first_bytes_same_for_every_string_layout(cells: list[str | None], start: int) -> None:
    from lokus.tables._values import first_bytes

    start = min(start, len(cells) - 1)
    want_len = [len(c.encode()) if c is not None else 0 for c in cells[start:]]
    want_first = [c.encode()[0] if c else None for c in cells[start:]]
    for type_ in (pa.string(), pa.large_string(), pa.string_view()):
        found = first_bytes(pa.array(cells, type_).slice(start))
        assert found is not None
        lengths, first, valid = found
        assert valid.tolist() == [c is not None for c in cells[start:]]
        assert [int(n) if v else 0 for n, v in zip(lengths, valid, strict=True)] == want_len
        assert [int(b) if w is not None else None for b, w in zip(first, want_first, strict=True)] == want_first


def test_malloc_is_left_alone_where_the_environment_already_tunes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """``reuse_freed_memory`` sets glibc's thresholds only where nobody has: a ``MALLOC_*`` variable wins."""
    from lokus.growth._core import reuse_freed_memory

    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "0")
    assert reuse_freed_memory.__wrapped__() is False
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_")
    import platform

    expected = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
    assert reuse_freed_memory.__wrapped__() is expected
