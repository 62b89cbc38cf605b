"""Small synthetic fixtures shared by the engine tests (synthetic children and households in real villages)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

# The marks of every test module that starts Spark (pyspark's own deprecation and resource warnings are not ours).
SPARK_MARKS = [
    pytest.mark.spark,
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::FutureWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

VILLAGES = ("18.04.04.2002", "18.04.04.2006", "18.04.01.2001", "18.03.01.2001")


def measurements() -> pa.Table:
    """80 measurement rows: 50 children, some measured twice (the later one counts), some without NIK,
    unflagged and flagged, a missing date, one village outside 18.04, two snapshots."""
    rng = np.random.default_rng(14)
    rows = []
    line = 0
    for child in range(50):
        village = VILLAGES[child % len(VILLAGES)]
        nik = f"18040450012100{child:02d}" if child % 3 else None
        times = 1 + (child % 4 == 0)
        for visit in range(times):
            line += 1
            zlen = None if child % 17 == 5 else float(np.round(rng.normal(-1.4, 1.2), 3))
            rows.append({
                "snapshot": "m-2022", "source_line": line, "nik": nik, "name": f"ANAK {child}",
                "birth_date": dt.date(2020, 1 + child % 12, 1),
                "measure_date": None if child == 7 and visit == 0 else dt.date(2022, 2 + 6 * visit, 15),
                "village_code": village, "zlen": zlen, "flen": 1 if child % 13 == 4 else 0,
            })
    for i in range(10):  # an older snapshot that must not count
        rows.append({"snapshot": "m-2021", "source_line": i + 1, "nik": None, "name": f"X{i}",
                     "birth_date": dt.date(2019, 1, 1), "measure_date": dt.date(2021, 1, 1),
                     "village_code": VILLAGES[0], "zlen": -3.0, "flen": 0})
    return pa.Table.from_pylist(rows, schema=pa.schema([
        ("snapshot", pa.string()), ("source_line", pa.int64()), ("nik", pa.string()), ("name", pa.string()),
        ("birth_date", pa.date32()), ("measure_date", pa.date32()), ("village_code", pa.string()),
        ("zlen", pa.float64()), ("flen", pa.int32()),
    ]))


def measurement_workspace(path: Path) -> None:
    """A workspace holding :func:`measurements` as the two measurement snapshots."""
    from lokus.workspace import MEASUREMENTS_TABLE, Workspace

    with Workspace(path) as ws:
        ws.con.register("_m", measurements())
        ws.con.execute(f"CREATE TABLE {MEASUREMENTS_TABLE} AS SELECT * FROM _m")
        ws.con.unregister("_m")
        for name in ("m-2021", "m-2022"):
            ws.record_snapshot(name, "measurements", source_file="m.csv", sha256=None, rows_read=1, rows=1)


def survey() -> pa.Table:
    """600 households: consumption (rupiah per capita per month), weight, size, strata, PSU, village."""
    rng = np.random.default_rng(27)
    n = 600
    return pa.table({
        "consumption": np.round(rng.lognormal(13.2, 0.55, n), 0),
        "weight": np.round(rng.uniform(5, 300, n), 2),
        "size": rng.integers(1, 8, n).astype(np.float64),
        "strata": rng.choice(["urban", "rural"], n),
        "psu": rng.choice([f"ea{i:02d}" for i in range(20)], n),
        "village": pa.array(rng.choice(["18.04.04.2002", "18.04.04.2006", ""], n)).to_pylist(),
    })
