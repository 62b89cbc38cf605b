"""Growth chart of one child."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from lokus.errors import InputFileError, SchemaError
from lokus.growth import growth_chart, reference_curves

CHILD = pl.DataFrame({
    "child_id": ["K1", "K1", "K1", "K2"],
    "sex": ["P", "P", "P", "L"],
    "age_days": [30, 400, 900, 100],
    "weight_kg": [4.2, 8.5, 11.0, 5.0],
    "lenhei_cm": [53.0, 72.0, 82.0, 60.0],
    "measure": ["l", "l", "h", "l"],
})


def test_reference_curves_from_lms() -> None:
    months, curves = reference_curves(1)
    assert len(months) == 1827 and months[-1] == pytest.approx(59.99, abs=0.01)
    assert curves[0][0] == pytest.approx(49.8842)  # boys' median length at birth
    assert curves[-2][0] == pytest.approx(49.8842 * (1 - 2 * 0.03795))
    assert np.all(curves[-3] < curves[-2]) and np.all(curves[2] < curves[3])


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_chart_written(tmp_path: Path, suffix: str) -> None:
    out = growth_chart(CHILD, "K1", tmp_path / f"k1{suffix}")
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data[:2000]
    if suffix == ".svg":
        assert "Panjang/Tinggi Badan menurut Umur" in data.decode("utf-8")


def test_unknown_child_and_missing_id(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as err:
        growth_chart(CHILD, "K9", tmp_path / "x.png")
    assert "K9" in err.value.message("en") and "K1" not in err.value.message("en")
    with pytest.raises(SchemaError):
        growth_chart(CHILD.drop("child_id"), "K1", tmp_path / "x.png")
    with pytest.raises(SchemaError):
        growth_chart(CHILD, "K1", tmp_path / "x.png", id_column="id_balita")


def test_id_column_named_as_the_reader_compares_headers(tmp_path: Path) -> None:
    assert growth_chart(CHILD, "K1", tmp_path / "x.png", id_column="Child ID").exists()


def test_no_pyplot_imported() -> None:
    code = (
        "import polars as pl, sys, tempfile, os\n"
        "from lokus.growth import growth_chart\n"
        "t = pl.DataFrame({'id': ['a'], 'sex': [1], 'age_days': [100], 'weight_kg': [5.0],\n"
        "                  'lenhei_cm': [60.0]})\n"
        "growth_chart(t, 'a', os.path.join(tempfile.mkdtemp(), 'a.png'))\n"
        "print('matplotlib.pyplot' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
