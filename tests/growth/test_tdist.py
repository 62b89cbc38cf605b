"""Student t quantile against R's qt."""

import pytest

from lokus.growth._tdist import t_quantile


@pytest.mark.parametrize(("df", "want"), [
    (1, 12.706204736174707), (10, 2.2281388519649385), (30, 2.0422724563012373), (1195, 1.961951126752937),
])
def test_qt_975(df: float, want: float) -> None:
    assert t_quantile(0.975, df) == pytest.approx(want, rel=1e-9)
