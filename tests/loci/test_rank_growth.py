"""Growth criteria count each child once: the latest measurement with a length/height."""

import duckdb

from lokus.engine import backend
from lokus.loci._rank import _growth_aggregate


def test_latest_measurement_per_child_counts():
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE g AS SELECT * FROM (VALUES "
        # child A measured twice: normal in February, stunted in August -> one stunted child
        "('1804041501200001', 'A', DATE '2020-01-15', DATE '2022-02-01', 1, 'v1', -1.0, 0),"
        "('1804041501200001', 'A', DATE '2020-01-15', DATE '2022-08-01', 2, 'v1', -2.5, 0),"
        # child B without NIK, measured twice: stunted then normal -> not stunted
        "(NULL, 'B', DATE '2021-03-01', DATE '2022-02-01', 3, 'v1', -2.4, 0),"
        "(NULL, 'B', DATE '2021-03-01', DATE '2022-08-01', 4, 'v1', -1.2, 0),"
        # child C: latest row has no length -> the earlier one counts
        "(NULL, 'C', DATE '2021-05-01', DATE '2022-02-01', 5, 'v1', -2.1, 0),"
        "(NULL, 'C', DATE '2021-05-01', DATE '2022-08-01', 6, 'v1', NULL, NULL)"
        ") t(nik, name, birth_date, measure_date, source_line, village_code, zlen, flen)"
    )
    out = _growth_aggregate(backend(con).table("g")).to_pyarrow().to_pylist()
    assert out == [{"village_code": "v1", "_g_stunted": 2, "_g_measured": 3}]
