"""Benchmark: convergence coverage for a large district set, beside a bare DuckDB semi-join.

    .venv/bin/python bench/coverage.py [--people 10000000] [--recipients 3000000] [--memory-limit 3GB] [--dir /tmp/lokus-bench]

Generates once, under ``--dir`` (default /tmp/lokus-bench), a workspace with a synthetic registry (``--people`` people
in households of four over the villages of Lampung, deciles 1-10, house and program fields) and
8 program recipient lists of ``--recipients`` rows each (5% of them NIKs not in the registry).
Then times, in the same process and on the same workspace:

- floor: a bare DuckDB semi-join — for each program, the recipients whose NIK is in the registry;
- plain SQL (a reference, not the floor): the plainest DuckDB query of list coverage per household — the
  lists pivoted per NIK (one bit per program), joined to the people, OR-ed per household into a table
  (no rules, flags, KK matches or summaries);
- plain Polars (a reference): the same per-household query in Polars' lazy engine, over the registry's
  (``nik``, ``household_id``) and the lists' (``nik``, ``program``) written once to Parquet beside the
  workspace (``scan_parquet`` → ``group_by`` NIK with ``bitwise_or`` → left join → ``group_by``
  household);
- lokus: :func:`lokus.convergence.compute_coverage` over every village (all 9 built-in rules,
  registry flags, NIK and KK matches, households materialised) plus the per-program and
  per-village summaries.

The floor and lokus alternate round by round (``--repeat`` rounds). Prints each, wall and CPU (user +
system) seconds, the best of each and every round's ratio, the peak RSS of this process after the floor
and lokus (generation runs in a child process; the plain references run last) and the load average.
Target (issue 14): lokus ≤ 10 s, ≤ 2× the semi-join, ≤ 3 GB with ``--memory-limit 3GB``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from _common import best_of, peak_rss_mb, report, result  # noqa: E402

from lokus.registry import registry_ddl  # noqa: E402
from lokus.workspace import Workspace  # noqa: E402

PROGRAMS = ("PKH", "SEMBAKO", "PBI_JKN", "BLT_DD", "PIP", "RTLH", "AIR_BERSIH", "SANITASI")


def generate(path: Path, people: int, recipients: int) -> None:
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    from lokus.workspace import DDL, RECIPIENTS_TABLE

    with Workspace(tmp) as ws:
        con = ws.con
        con.execute("SET memory_limit = '3GB'")
        for ddl in registry_ddl():
            con.execute(ddl)
        con.execute(DDL[RECIPIENTS_TABLE])
        con.execute(
            "CREATE TEMP TABLE v AS SELECT row_number() OVER (ORDER BY code) - 1 AS i, code "
            "FROM regions WHERE level = 'village' AND code LIKE '18.%'"
        )
        n_v = con.execute("SELECT count(*) FROM v").fetchall()[0][0]
        con.execute(
            f"""INSERT INTO registry (snapshot, nik, kk, household_id, name, sex, birth_date, relationship,
                village_code, decile, floor, wall, roof, water_source, sanitation, disability, pregnant,
                receives_pkh, receives_sembako, receives_bpnt, receives_pbi)
            SELECT 'bench', '18' || lpad(p.range::VARCHAR, 14, '0'), '17' || lpad((p.range // 4)::VARCHAR, 14, '0'),
                'H' || (p.range // 4)::VARCHAR, 'Warga ' || p.range::VARCHAR,
                CASE WHEN p.range % 2 = 0 THEN 'L' ELSE 'P' END,
                DATE '1940-01-01' + (hash(p.range) % 30000)::INTEGER,
                CASE WHEN p.range % 4 = 0 THEN 'Kepala Keluarga' ELSE 'Anak' END,
                v.code, 1 + (hash(p.range // 4) % 10)::INTEGER,
                ['Tanah', 'Semen', 'Keramik', 'Kayu'][1 + (hash(p.range // 4 + 1) % 4)::INTEGER],
                ['Tembok', 'Bambu', 'Kayu'][1 + (hash(p.range // 4 + 2) % 3)::INTEGER],
                ['Genteng', 'Seng', 'Ijuk/Rumbia'][1 + (hash(p.range // 4 + 3) % 3)::INTEGER],
                ['Ledeng', 'Sumur Terlindung', 'Sungai', 'Sumur Tak Terlindung'][1 + (hash(p.range // 4 + 4) % 4)::INTEGER],
                ['Sendiri', 'Bersama', 'Tidak Ada'][1 + (hash(p.range // 4 + 5) % 3)::INTEGER],
                hash(p.range + 6) % 50 = 0, p.range % 2 = 1 AND hash(p.range + 7) % 30 = 0,
                hash(p.range // 4 + 8) % 5 = 0, hash(p.range // 4 + 9) % 5 = 0, false, hash(p.range + 10) % 4 = 0
            FROM range({people}) p JOIN v ON v.i = hash((p.range // 4) * 31) % {n_v}"""
        )
        for k, code in enumerate(PROGRAMS):
            # A bijection of the people (7919 is prime to 10^n) picks distinct recipients.
            con.execute(
                f"""INSERT INTO program_recipients (snapshot, program, period, source_line, nik, kk, matched_by,
                    registry_snapshot)
                SELECT '{code.lower()}-bench', '{code}', '2024-06', r.range + 2,
                    CASE WHEN r.range % 20 = 0 THEN '19' || lpad(r.range::VARCHAR, 14, '0')
                         ELSE '18' || lpad(((r.range * 7919 + {k * 104729}) % {people})::VARCHAR, 14, '0') END,
                    NULL, CASE WHEN r.range % 20 = 0 THEN NULL ELSE 'nik' END, 'bench'
                FROM range({recipients}) r"""
            )
            ws.record_snapshot(
                f"{code.lower()}-bench", "programs", source_file=None, sha256=None, rows_read=recipients,
                rows=recipients,
                details=f'{{"program": "{code}", "period": "2024-06", "registry_snapshot": "bench"}}',
            )
        ws.record_snapshot("bench", "registry", source_file=None, sha256=None, rows_read=people, rows=people)
        con.execute("CHECKPOINT")
    tmp.rename(path)


def export_parquet(path: Path) -> tuple[Path, Path]:
    """The bench registry's (nik, household_id) and the lists' (nik, program) as Parquet beside the
    workspace (written once), for the plain Polars reference."""
    people, lists = path.with_suffix(".registry.parquet"), path.with_suffix(".recipients.parquet")
    if not (people.exists() and lists.exists()):
        with Workspace(path, read_only=True) as ws:
            ws.con.execute(f"COPY (SELECT nik, household_id FROM registry WHERE snapshot = 'bench') TO '{people}' "
                           "(FORMAT parquet)")
            ws.con.execute(f"COPY (SELECT nik, program FROM program_recipients) TO '{lists}' (FORMAT parquet)")
    return people, lists


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000_000)
    parser.add_argument("--recipients", type=int, default=3_000_000)
    parser.add_argument("--memory-limit", default="3GB")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/lokus-bench"),
                        help="Where the generated workspace is kept (default /tmp/lokus-bench).")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    path = args.dir / f"coverage_{args.people}_{args.recipients}.duckdb"
    if args.generate_only:
        generate(path, args.people, args.recipients)
        export_parquet(path)
        return
    parquet = path.with_suffix(".registry.parquet"), path.with_suffix(".recipients.parquet")
    if not (path.exists() and all(p.exists() for p in parquet)):  # in a child process: the peak memory below is the analysis's own
        import subprocess

        print(f"generating {args.people:,} people and {len(PROGRAMS)} lists of {args.recipients:,} (once) …",
              flush=True)
        subprocess.run([sys.executable, __file__, *sys.argv[1:], "--generate-only"], check=True)

    from lokus.convergence import compute_coverage

    ws = Workspace(path)
    con = ws.con
    con.execute(f"SET memory_limit = '{args.memory_limit}'")
    con.execute("SET enable_progress_bar = false")

    def floor() -> object:
        return con.execute(
            "SELECT p.program, count(*) FROM program_recipients p "
            "SEMI JOIN (SELECT nik FROM registry WHERE snapshot = 'bench') r ON p.nik = r.nik GROUP BY 1"
        ).fetchall()

    bits = " ".join(f"WHEN '{code}' THEN {1 << i}" for i, code in enumerate(PROGRAMS))

    def plain() -> object:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE __bench_plain AS SELECT r.household_id, bit_or(v.bits) AS bits "
            "FROM (SELECT nik, household_id FROM registry WHERE snapshot = 'bench') r LEFT JOIN "
            f"(SELECT nik, bit_or(CASE program {bits} ELSE 0 END) AS bits FROM program_recipients "
            "WHERE nik IS NOT NULL GROUP BY nik) v ON r.nik = v.nik GROUP BY r.household_id"
        )
        return con.execute("DROP TABLE __bench_plain").fetchall()

    def polars() -> object:
        import polars as pl

        code = pl.col("program").replace_strict({c: 1 << i for i, c in enumerate(PROGRAMS)}, default=0,
                                                return_dtype=pl.Int64)
        lists = (pl.scan_parquet(parquet[1]).filter(pl.col("nik").is_not_null()).group_by("nik")
                 .agg(code.bitwise_or().alias("bits")))
        people = pl.scan_parquet(parquet[0])
        return (people.join(lists, on="nik", how="left").group_by("household_id")
                .agg(pl.col("bits").bitwise_or()).collect().height)

    def lokus() -> object:
        cov = compute_coverage(ws, region="all")
        try:
            return cov.by_program(), cov.by_village()
        finally:
            cov.close()  # the household table goes, as at the end of a command

    def cpu(fn: Callable[[], object]) -> Callable[[], object]:
        def timed() -> object:
            start = time.process_time()
            out = fn()
            cpu_seconds.setdefault(fn.__name__, []).append(time.process_time() - start)
            return out
        return timed

    cpu_seconds: dict[str, list[float]] = {}
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    # The floor and lokus alternate, round by round, so that both see the same phases of a shared machine;
    # each round's ratio is printed as well as the best of each.
    walls: dict[str, list[float]] = {"floor": [], "lokus": []}
    for _ in range(args.repeat):
        for name, fn in (("floor", floor), ("lokus", lokus)):
            t, out = best_of(cpu(fn), 1)
            walls[name].append(t)
            if name == "lokus":
                programs, villages = out  # type: ignore[misc]
    t_floor, t_lokus = min(walls["floor"]), min(walls["lokus"])
    rounds = [w_l / w_f for w_f, w_l in zip(walls["floor"], walls["lokus"], strict=True)]
    rss = peak_rss_mb()  # the floor's and lokus's: the plain reference (its own hash tables) runs after
    t_plain, _ = best_of(cpu(plain), args.repeat)
    t_polars, households = best_of(cpu(polars), args.repeat)
    load += Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    c_floor, c_lokus, c_plain = min(cpu_seconds["floor"]), min(cpu_seconds["lokus"]), min(cpu_seconds["plain"])
    c_polars = min(cpu_seconds["polars"])
    report(
        "lokus coverage", t_lokus, "bare semi-join", t_floor,
        people=f"{args.people:,}", lists=f"{len(PROGRAMS)}x{args.recipients:,}", villages=villages.num_rows,
        peak_rss_mb=f"{rss:.0f}",
    )
    print("rounds (floor, then lokus, alternating): " + "; ".join(
        f"{w_f:.2f} s / {w_l:.2f} s = {r:.2f}x" for w_f, w_l, r in zip(walls["floor"], walls["lokus"], rounds,
                                                                      strict=True))
          + f"; median round ratio {sorted(rounds)[len(rounds) // 2]:.2f}x", flush=True)
    print(f"CPU (user+sys, best of {args.repeat}): lokus {c_lokus:.3f} s, semi-join {c_floor:.3f} s, "
          f"ratio {c_lokus / c_floor:.2f}x | memory_limit {args.memory_limit} | "
          f"load average before {' '.join(load[:3])}, after {' '.join(load[3:])}", flush=True)
    print(f"plain SQL coverage per household (reference, not the floor): {t_plain:.3f} s wall, {c_plain:.3f} s CPU "
          f"= {t_plain / t_floor:.2f}x / {c_plain / c_floor:.2f}x the semi-join; lokus is {t_lokus / t_plain:.2f}x / "
          f"{c_lokus / c_plain:.2f}x it", flush=True)
    print(f"plain Polars coverage per household (reference; {households:,} households): {t_polars:.3f} s wall, "
          f"{c_polars:.3f} s CPU = {t_polars / t_floor:.2f}x / {c_polars / c_floor:.2f}x the semi-join; lokus is "
          f"{t_lokus / t_polars:.2f}x / {c_lokus / c_polars:.2f}x it", flush=True)
    def count(value: int | None, width: int) -> str:  # None: the program has no data (no list, flag or delivery)
        return f"{value:>{width},}" if value is not None else "no data".rjust(width)

    for row in programs.to_pylist():
        print(f"  {row['program']:<11} eligible {count(row['eligible_units'], 9)} covered "
              f"{count(row['covered_units'], 9)} not in registry {count(row['inclusion_not_in_registry'], 7)}")
    ws.close()
    result("coverage", args.people, t_lokus, cpu_seconds=round(c_lokus, 4), floor_seconds=round(t_floor, 4),
           floor_cpu_seconds=round(c_floor, 4), ratio=round(t_lokus / t_floor, 3),
           cpu_ratio=round(c_lokus / c_floor, 3), round_ratios=[round(r, 3) for r in rounds],
           plain_seconds=round(t_plain, 4), plain_cpu_seconds=round(c_plain, 4),
           duckdb_seconds=round(t_plain, 4), polars_seconds=round(t_polars, 4), polars_cpu_seconds=round(c_polars, 4),
           peak_rss_mb=round(rss), peak_rss_mb_with_plain=round(peak_rss_mb()), lists=len(PROGRAMS),
           recipients=args.recipients, memory_limit=args.memory_limit)


if __name__ == "__main__":
    main()
