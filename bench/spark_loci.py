"""Benchmark: the founding-rule ranking on Spark local[2] beside a bare Spark SQL group-by (not a test).

    .venv/bin/python bench/spark_loci.py [--people 10000000] [--repeat 2]

Uses the same synthetic registry as ``bench/loci.py`` (people over all 83,762 villages, Parquet under
``bench/out/``). Times, in one Spark session (local[2], 8 shuffle partitions):

- floor: a bare Spark SQL group-by computing the same per-village aggregates the rule needs
  (residents, decile-1 people, distinct decile-1 and decile-1/2 households), collected to the driver;
- lokus: ``rank_policy`` with the built-in policy ``lampung-barat-2022`` through ``lokus.engine.connect``
  (the same Ibis expression as on DuckDB, plus ranks and reasons), all villages of the country.

Prints both, the ratio (target ≤ 1.5×), and the load average (the figures are only comparable side by side).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from _common import best_of, peak_rss_mb, report, result  # noqa: E402

from loci import generate  # noqa: E402
from lokus.engine import EngineSettings, SparkSettings, TableLocation, connect  # noqa: E402
from lokus.loci import PolicyInputs, load_policy, rank_policy  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    data = ROOT / "out" / f"registry_{args.people}.parquet"
    print(f"generating {args.people:,} people over all villages (once) …", flush=True)
    generate(data, args.people)
    started = time.perf_counter()
    settings = EngineSettings(engine="spark", spark=SparkSettings(
        master="local[2]", shuffle_partitions=8, conf={"spark.driver.memory": "2g"},
        tables={"registry_raw": TableLocation(format="parquet", location=str(data))},
    ))
    be = connect(settings)
    session = be._session
    session.sql("SELECT 'bench' AS snapshot, * FROM registry_raw").createOrReplaceTempView("registry")
    print(f"Spark session and tables ready in {time.perf_counter() - started:.1f} s", flush=True)

    def floor() -> object:
        return session.sql(
            "SELECT village_code, count(*) AS residents, sum(CASE WHEN decile = 1 THEN 1 ELSE 0 END) AS d1, "
            "count(DISTINCT CASE WHEN decile = 1 THEN household_id END) AS h1, "
            "count(DISTINCT CASE WHEN decile <= 2 THEN household_id END) AS h12 "
            "FROM registry GROUP BY village_code"
        ).toArrow()

    policy = load_policy("lampung-barat-2022")

    def lokus() -> object:
        return rank_policy(be, policy, PolicyInputs("bench", region=None))

    load0 = os.getloadavg()[0]
    t_floor, bare = best_of(floor, args.repeat)
    t_lokus, table = best_of(lokus, args.repeat)
    report("lokus rank_policy on Spark local[2]", t_lokus, "bare Spark SQL group-by", t_floor,
           people=f"{args.people:,}", villages=f"{table.num_rows:,}",  # type: ignore[attr-defined]
           bare_rows=f"{bare.num_rows:,}", load=f"{load0:.1f}→{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    result("loci on Spark local[2] (policy, all villages)", args.people, t_lokus, floor_seconds=t_floor,
           peak_rss_mb=round(peak_rss_mb()), note="peak RSS: the Python driver only (Spark runs in a JVM)")
    session.stop()


if __name__ == "__main__":
    main()
