"""The country-scale generator: deterministic, valid identifiers, every village, loadable unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from lokus.errors import ConfigError
from lokus.nik import check_nik
from lokus.regions import load_regions
from lokus.synth import plan_villages, synthesize


def test_plan_covers_every_village_and_sums_to_people() -> None:
    plan = plan_villages("national", 1_000_000, seed=1)
    assert plan.villages == len(load_regions().all("village")) == 83_762
    assert int(plan.population.sum()) == 1_000_000
    assert (plan.population > 0).all()


def test_unknown_region_and_bad_size_are_refused() -> None:
    with pytest.raises(ConfigError):
        plan_villages("99.99", 100)
    with pytest.raises(ConfigError):
        plan_villages("18.04", 0)


def test_deterministic_and_chunked(tmp_path: Path) -> None:
    a = synthesize("18.04", 30_000, tmp_path / "a", seed=7, chunk_rows=8_000, workers=2)
    b = synthesize("18.04", 30_000, tmp_path / "b", seed=7, chunk_rows=8_000, workers=1)
    assert a.chunks > 1 and a.rows == b.rows
    for name in ("people", "households", "measurements", "recipients"):
        ta, tb = pq.read_table(a.files[name]), pq.read_table(b.files[name])
        assert ta.equals(tb), name
    assert pq.ParquetFile(a.files["people"]).num_row_groups == a.chunks
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert manifest["rows"]["people"] == 30_000


def test_identifiers_valid_and_unique_even_in_a_crowded_kecamatan(tmp_path: Path) -> None:
    # 30,000 people in one kecamatan: three blocks of 9,999 NIK serials must not collide.
    s = synthesize("18.04.04", 30_000, tmp_path, seed=3, chunk_rows=7_000)
    people = pq.read_table(s.files["people"]).to_pydict()
    niks = people["nik"]
    assert len(set(niks)) == len(niks) == 30_000
    assert all(n.startswith("180404") for n in niks)
    assert not [n for n in niks[::97] if check_nik(n) is not None]
    for nik, sex, born in zip(niks[::53], people["jenis_kelamin"][::53], people["tanggal_lahir"][::53], strict=True):
        day = int(nik[6:8])
        assert (day > 40) == (sex == "Perempuan")
        assert (day - 40 if day > 40 else day, int(nik[8:10]), int(nik[10:12])) == (born.day, born.month, born.year % 100)
    households = pq.read_table(s.files["households"]).to_pydict()
    assert len(set(households["no_kk"])) == len(households["no_kk"])
    assert len(set(households["id_keluarga_p3ke"])) == len(households["id_keluarga_p3ke"])
    assert sum(households["jumlah_anggota"]) == 30_000
    decile_one = sum(1 for d in people["desil_kesejahteraan"] if d == 1) / 30_000
    assert 0.005 < decile_one < 0.15


def test_rows_load_unchanged_through_the_ingest_commands(tmp_path: Path, cli) -> None:
    out = tmp_path / "synth"
    r = cli("synth", "--region", "18.04", "--people", "5k", "--out", str(out), "--chunk-rows", "2000")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "5.000" in r.stdout
    r = cli("--lang", "en", "ingest", "registry", str(out / "people.parquet"), "--snapshot", "synth")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "5,000 rows read = 5,000 accepted + 0 quarantined" in " ".join(r.stdout.split())
    assert "nik_" not in r.stdout  # no soft NIK warnings either (birth date and sex agree)
    n_meas = pq.read_metadata(out / "measurements.parquet").num_rows
    r = cli("--lang", "en", "ingest", "measurements", str(out / "measurements.parquet"))
    assert r.exit_code == 0, r.stdout + r.stderr
    assert f"{n_meas:,} accepted + 0 quarantined" in " ".join(r.stdout.split())


def test_cli_refuses_bad_people_with_one_sentence(tmp_path: Path, cli) -> None:
    r = cli("--lang", "en", "synth", "--region", "18.04", "--people", "lots", "--out", str(tmp_path))
    assert r.exit_code != 0
    assert "Traceback" not in r.stdout + r.stderr
    assert "not valid" in r.stdout + r.stderr


def test_byte_identical_for_a_seed_and_refuses_unknown_compression(tmp_path: Path) -> None:
    a = synthesize("18.04.04", 4_000, tmp_path / "a", seed=5, chunk_rows=1_500, workers=2)
    b = synthesize("18.04.04", 4_000, tmp_path / "b", seed=5, chunk_rows=1_500, workers=1)
    for name in ("people", "households", "measurements", "recipients"):
        assert pq.read_table(a.files[name]).equals(pq.read_table(b.files[name])), name
        assert Path(a.files[name]).read_bytes() == Path(b.files[name]).read_bytes(), name
    with pytest.raises(ConfigError):
        synthesize("18.04.04", 100, tmp_path / "c", compression="brotli-ish")


def test_measurements_come_from_the_shared_body_helper(tmp_path: Path) -> None:
    from lokus.growth import zscores

    s = synthesize("18.04", 20_000, tmp_path, seed=11)
    m = pq.read_table(s.files["measurements"]).to_pandas()
    import pandas as pd

    age = (pd.to_datetime(m["measure_date"]) - pd.to_datetime(m["birth_date"])).dt.days
    assert age.between(0, 1825).all() and len(m) > 500
    import polars as pl

    z = zscores(pl.DataFrame({"sex": (m["sex"].astype(str) == "P").astype(int).to_numpy() + 1,
                              "age_days": age.to_numpy(), "weight_kg": m["weight_kg"].to_numpy(),
                              "lenhei_cm": m["lenhei_cm"].to_numpy(), "measure": m["measure"].astype(str).to_numpy()}))
    stunted = (z["zlen"].drop_nulls() < -2).mean()
    assert 0.08 < stunted < 0.35
