"""e-PPGBM value readers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import polars as pl

import lokus
from lokus.growth import (
    eppgbm_to_measurements,
    parse_cara_ukur,
    parse_decimal,
    parse_jk,
    parse_tanggal,
    parse_usia_saat_ukur,
)


def test_decimal_comma() -> None:
    assert parse_decimal(["10,5", "9.8", "", None, "abc", "1.234,5"]).to_list() == [
        10.5, 9.8, None, None, None, 1234.5]


def test_usia_saat_ukur() -> None:
    out = parse_usia_saat_ukur(["1 Tahun - 3 Bulan - 12 Hari", "3 bulan", "0 Tahun - 0 Bulan - 5 Hari", "?"])
    assert out["tahun"].to_list() == [1, 0, 0, None]
    assert out["bulan"].to_list() == [3, 3, 0, None]
    assert out["hari"].to_list() == [12, 0, 5, None]
    assert abs(out["age_months"][0] - (15 + 12 / 30.4375)) < 1e-12


def test_cara_ukur_jk_tanggal() -> None:
    assert parse_cara_ukur(["Berdiri", "Terlentang", " berdiri ", "duduk"]).to_list() == ["h", "l", "h", None]
    assert parse_jk(pd.Series(["L", "P", "p", "X", None])).to_list() == [1, 2, 2, None, None]
    assert parse_tanggal(["05/03/2024", "31/02/2024", "2024-03-05"]).to_list() == [
        dt.date(2024, 3, 5), None, dt.date(2024, 3, 5)]


def test_export_to_zscores() -> None:
    export = pl.DataFrame({
        "NIK": ["1804010101230001"], "JK": ["P"], "Tgl Lahir": ["01/01/2023"],
        "Tanggal Pengukuran": ["05/03/2024"], "Berat": ["8,4"], "Tinggi": ["74,2"],
        "Cara Ukur": ["Terlentang"],
        "ZS TB/U": ["-1,23"],
    })
    out = lokus.zscores(eppgbm_to_measurements(export))
    assert out["NIK"][0] == "1804010101230001"
    assert out["zlen"][0] is not None and out["reason"][0] is None
