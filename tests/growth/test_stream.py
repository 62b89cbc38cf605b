"""stunting_prevalence over batches agrees with prevalence on the same rows."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from lokus.growth import STUNTING_COLUMNS, prevalence, stunting_prevalence


def _table(n: int) -> pa.Table:
    rng = np.random.default_rng(9)
    age = rng.uniform(-10, 2100, n)
    age[::50] = np.nan
    months = np.nan_to_num(age, nan=24) / 30.4375
    return pa.table({
        "sex": pa.array(rng.choice(["m", "F", "1", "2", None], n).tolist(), pa.string()),
        "age_days": age,
        "weight_kg": np.round(3.3 + 14 * (np.clip(months, 0, 60) / 60) ** 0.7 + rng.normal(0, 1.2, n), 1),
        "lenhei_cm": np.round(50 + 45 * (np.clip(months, 0, 60) / 60) ** 0.6 + rng.normal(-2, 5, n), 1),
        "measure": pa.array(rng.choice(["l", "H", None], n).tolist(), pa.string()),
        "oedema": pa.array(rng.choice(["n", "y", None], n, p=[0.9, 0.05, 0.05]).tolist(), pa.string()),
    })


def test_batches_agree_with_prevalence() -> None:
    t = _table(6_000)
    full = prevalence(t)
    stream = stunting_prevalence(t.to_batches(max_chunksize=1_000))
    assert stream.column_names == list(STUNTING_COLUMNS)
    groups = full.column("Group").to_pylist()
    for i, group in enumerate(stream.column("Group").to_pylist()):
        j = groups.index(group)
        for c in STUNTING_COLUMNS[1:]:
            a, b = full.column(c)[j].as_py(), stream.column(c)[i].as_py()
            if a is None or b is None:
                assert a is None and b is None, (group, c)
            else:
                assert abs(a - b) <= 1e-9 * max(1.0, abs(a)), (group, c, a, b)
