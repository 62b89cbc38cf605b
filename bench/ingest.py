"""Benchmark of the registry ingest, side by side with DuckDB's bare ``read_csv`` (not a test).

    .venv/bin/python bench/ingest.py --rows 10000000 [--repeat 1] [--dir /tmp/lokus-bench/ingest]

Generates once a P3KE-like CSV of ``--rows`` people in Lampung Barat (0.3% deliberately bad rows:
a scientific-notation NIK, an unknown village code, a missing decile per 1,000 rows, and three exact
duplicate rows at the end), then, in the same run, ``--repeat`` rounds of:

1. floor: DuckDB's bare ``read_csv`` of the file (every column as text, DuckDB's default settings)
   into a table of a fresh database file, in its own process; its wall and CPU seconds are those of
   that one statement (the process's start-up is not counted);
   reference: the plainest Polars load, ``scan_csv`` (every column as text) streamed to a Parquet file, in
   its own process (the statement's seconds; Polars has no database table);
2. lokus: the ``lokus ingest registry FILE --snapshot bench`` command into a fresh workspace, in its
   own process: wall, CPU (user + system) and peak RSS of that process alone (``os.wait4``, the
   figures ``/usr/bin/time -v`` gives for the command), start-up included.

Prints the best of the rounds, the ratios lokus / floor (wall and CPU; targets at 10M rows: ≤ 3× and
peak RSS ≤ 2 GB), the load average, and a last line ``RESULT {json}`` (``bench/_common.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from _common import load_average, result, run_measured  # noqa: E402

TARGET_RATIO = 3.0
TARGET_RSS_MIB = 2048


def generate(path: Path, rows: int) -> None:
    """A P3KE Individu CSV with ``rows`` people in Lampung Barat; 3 in 1,000 rows are bad.

    Streamed by DuckDB in file order (no sort, no join), so memory stays small at any size.
    """
    import duckdb

    from lokus.demo._generate import P3KE_COLUMNS  # the layout the demo writes
    from lokus.regions import load_regions

    headers = list(P3KE_COLUMNS)
    villages = [r.code.replace(".", "") for r in load_regions().descendants("18.04", "village")]
    village_list = "[" + ", ".join(f"'{v}'" for v in villages) + "]"
    flag = "CASE WHEN hash(i, {k}) % 5 = 0 THEN 'Ya' ELSE 'Tidak' END"
    flags = ", ".join(f"{flag.format(k=k)} AS {h}" for k, h in enumerate(headers[27:]))
    tmp = path.with_suffix(".part")
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    con.execute(f"""
        COPY (
        WITH base AS (
            SELECT range AS i, range // 4 AS hh, range % 2 = 1 AS female,
                   1 + range % 28 AS d, 1 + (range // 28) % 12 AS m, (range // 336) % 100 AS yy,
                   1 + (range // 33600) % 9999 AS serial
            FROM range({rows})
        ), p AS (
            SELECT base.*, {village_list}[1 + hh % {len(villages)}] AS village FROM base
        )
        SELECT
            'P3KE' || lpad(hh::VARCHAR, 9, '0') AS id_keluarga_p3ke, 'LAMPUNG' AS provinsi,
            'LAMPUNG BARAT' AS kabupaten_kota, 'KECAMATAN ' || substr(village, 5, 2) AS kecamatan,
            'PEKON ' || substr(village, 7, 4) AS desa_kelurahan,
            CASE WHEN i % 1000 = 7 THEN '9999999999' ELSE village END AS kode_kemdagri,
            CASE WHEN i % 1000 = 11 THEN '' ELSE (1 + hash(hh) % 10)::VARCHAR END AS desil_kesejahteraan,
            'Jl. Pekon No. ' || (i % 200)::VARCHAR AS alamat, 'IND' || i::VARCHAR AS id_individu,
            substr(village, 1, 6) || '0101' || lpad((hh % 1000000)::VARCHAR, 6, '0') AS no_kk,
            CASE WHEN i % 1000 = 3 THEN '1.80404E+15' ELSE
              substr(village, 1, 6) || lpad((d + CASE WHEN female THEN 40 ELSE 0 END)::VARCHAR, 2, '0')
              || lpad(m::VARCHAR, 2, '0') || lpad(yy::VARCHAR, 2, '0')
              || lpad(serial::VARCHAR, 4, '0') END AS nik,
            'Warga ' || i::VARCHAR AS nama, 'Ya' AS padan_dukcapil,
            CASE WHEN female THEN 'Perempuan' ELSE 'Laki-laki' END AS jenis_kelamin,
            CASE WHEN i % 4 = 0 THEN 'Kepala Keluarga' WHEN i % 4 = 1 THEN 'Istri' ELSE 'Anak' END
                AS hubungan_dengan_kepala_keluarga,
            lpad(d::VARCHAR, 2, '0') || '-' || lpad(m::VARCHAR, 2, '0') || '-'
              || (CASE WHEN 2000 + yy <= 2025 THEN 2000 + yy ELSE 1900 + yy END)::VARCHAR AS tanggal_lahir,
            'Kawin' AS status_kawin, 'Petani' AS pekerjaan, 'SD' AS pendidikan,
            'Milik Sendiri' AS kepemilikan_rumah, 'Seng' AS jenis_atap, 'Kayu' AS jenis_dinding,
            'Tanah' AS jenis_lantai, 'PLN' AS sumber_penerangan,
            'Kayu Bakar' AS bahan_bakar_memasak, 'Sumur' AS sumber_air_minum,
            'Ya' AS memiliki_fasilitas_buang_air_besar, {flags}
        FROM p
        ) TO '{tmp}' (FORMAT csv, HEADER, DELIMITER ',')
    """)
    con.close()
    # A few exact duplicate rows at the end, as exporters produce them.
    with open(tmp, encoding="utf-8") as fh:
        fh.readline()
        dup = [fh.readline() for _ in range(3)]
    with open(tmp, "a", encoding="utf-8") as fh:
        fh.writelines(dup)
    tmp.replace(path)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def bare_child(csv: Path, db: Path) -> None:
    """(In its own process.) DuckDB's bare ``read_csv`` into a table; prints ``BARE {json}``."""
    import duckdb

    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db))
    wall, cpu = time.perf_counter(), _cpu()
    con.execute(f"CREATE TABLE raw AS SELECT * FROM read_csv('{csv}', all_varchar = true)")
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    rows = con.execute("SELECT count(*) FROM raw").fetchall()[0][0]
    con.close()
    db.unlink(missing_ok=True)
    print("BARE " + json.dumps({"wall": wall, "cpu": cpu, "rows": rows}), flush=True)


def polars_child(csv: Path, out: Path) -> None:
    """(In its own process.) The plainest Polars load: every column as text, streamed to a Parquet file
    (Polars has no database table); prints ``POLARS {json}``."""
    import polars as pl

    out.unlink(missing_ok=True)
    wall, cpu = time.perf_counter(), _cpu()
    pl.scan_csv(csv, infer_schema=False).sink_parquet(out)
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    rows = pl.scan_parquet(out).select(pl.len()).collect().item()
    out.unlink(missing_ok=True)
    print("POLARS " + json.dumps({"wall": wall, "cpu": cpu, "rows": rows}), flush=True)


def _run_child(flag: str, tag: str, csv: Path, out: Path, what: str) -> dict[str, float]:
    """A ``--*-child`` of this script in its own process: the statement's figures it prints after ``tag``,
    with its whole process's wall, CPU and peak RSS."""
    code, text, wall, cpu, rss = run_measured([sys.executable, __file__, flag, str(csv), str(out)])
    line = next((x for x in reversed(text.splitlines()) if x.startswith(tag + " ")), None)
    if code != 0 or line is None:
        raise SystemExit(f"{what} failed (exit {code})")
    return {**json.loads(line[len(tag) + 1:]), "process_wall": wall, "process_cpu": cpu, "rss": rss}


def run_polars(csv: Path, workdir: Path) -> dict[str, float]:
    return _run_child("--polars-child", "POLARS", csv, workdir / "polars.parquet", "the Polars read")


def run_bare(csv: Path, workdir: Path) -> dict[str, float]:
    return _run_child("--bare-child", "BARE", csv, workdir / "bare.duckdb", "the bare read_csv")


def run_lokus(csv: Path, workdir: Path) -> dict[str, Any]:
    """The ``lokus ingest registry`` command itself, measured as its own process."""
    db = workdir / "lokus.duckdb"
    summary = workdir / "lokus-summary.json"
    for f in (db, summary, workdir / "lokus.duckdb.wal"):
        f.unlink(missing_ok=True)
    cmd = [sys.executable, "-c", "from lokus.cli.main import entry; entry()", "--workspace", str(db),
           "--lang", "en", "ingest", "registry", str(csv), "--snapshot", "bench", "--summary-json", str(summary)]
    code, _, wall, cpu, rss = run_measured(cmd)
    if code != 0:
        raise SystemExit(f"lokus ingest registry failed (exit {code})")
    doc = json.loads(summary.read_text())
    db.unlink(missing_ok=True)
    return {"wall": wall, "cpu": cpu, "rss": rss, "summary": doc}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the generated CSV")
    parser.add_argument("--repeat", type=int, default=1, help="rounds (floor, then lokus); best of them")
    parser.add_argument("--dir", type=Path, default=ROOT / "out", help="folder for the generated CSV")
    parser.add_argument("--memory-rows", type=int, default=0, help=argparse.SUPPRESS)  # old option, ignored
    parser.add_argument("--bare-child", nargs=2, type=Path, help=argparse.SUPPRESS)  # internal
    parser.add_argument("--polars-child", nargs=2, type=Path, help=argparse.SUPPRESS)  # internal
    args = parser.parse_args()
    if args.bare_child:
        bare_child(*args.bare_child)
        return
    if args.polars_child:
        polars_child(*args.polars_child)
        return
    args.dir.mkdir(parents=True, exist_ok=True)
    csv = args.dir / f"p3ke_{args.rows}.csv"
    if not csv.exists():
        print(f"generating {csv} …", flush=True)
        start = time.perf_counter()
        generate(csv, args.rows)
        print(f"  {time.perf_counter() - start:.1f} s", flush=True)
    size_mb = csv.stat().st_size / 1e6
    print(f"file: {csv} ({size_mb:,.0f} MB); {os.cpu_count()} CPUs; load average {load_average()}", flush=True)
    print("round  what                                     wall s    CPU s  peak RSS MiB  load", flush=True)
    bares: list[dict[str, float]] = []
    pols: list[dict[str, float]] = []
    loks: list[dict[str, Any]] = []
    loads = [load_average()]
    for round_ in range(1, args.repeat + 1):
        b = run_bare(csv, args.dir)
        bares.append(b)
        print(f"{round_:<6} duckdb read_csv → table (statement)  {b['wall']:8.2f} {b['cpu']:8.2f}"
              f"  {b['rss']:12,.0f}  {load_average()}", flush=True)
        pol = run_polars(csv, args.dir)
        pols.append(pol)
        print(f"{round_:<6} polars scan_csv → Parquet (ref.)     {pol['wall']:8.2f} {pol['cpu']:8.2f}"
              f"  {pol['rss']:12,.0f}  {load_average()}", flush=True)
        k = run_lokus(csv, args.dir)
        loks.append(k)
        print(f"{round_:<6} lokus ingest registry (command)      {k['wall']:8.2f} {k['cpu']:8.2f}"
              f"  {k['rss']:12,.0f}  {load_average()}", flush=True)
        loads.append(load_average())
    bare = {"wall": min(b["wall"] for b in bares), "cpu": min(b["cpu"] for b in bares),
            "process_wall": min(b["process_wall"] for b in bares),
            "process_cpu": min(b["process_cpu"] for b in bares)}
    lok = {"wall": min(k["wall"] for k in loks), "cpu": min(k["cpu"] for k in loks),
           "rss": max(k["rss"] for k in loks)}
    s = loks[-1]["summary"]
    ratio_wall, ratio_cpu = lok["wall"] / bare["wall"], lok["cpu"] / bare["cpu"]
    print(f"rows: {s['rows_read']:,} read = {s['accepted']:,} accepted + {s['quarantined']:,} quarantined "
          f"({s['reasons']}); bare read_csv rows: {bares[-1]['rows']:,}")
    print(f"best of {args.repeat}: floor {bare['wall']:.2f} s wall, {bare['cpu']:.2f} s CPU "
          f"(its whole process {bare['process_wall']:.2f} s, {bare['process_cpu']:.2f} s CPU); "
          f"lokus {lok['wall']:.2f} s wall, {lok['cpu']:.2f} s CPU, peak RSS {lok['rss']:,.0f} MiB")
    pol = {"wall": min(x["wall"] for x in pols), "cpu": min(x["cpu"] for x in pols)}
    print(f"plainest Polars load (reference, text to Parquet): {pol['wall']:.2f} s wall, {pol['cpu']:.2f} s CPU; "
          f"lokus is {lok['wall'] / pol['wall']:.2f}x wall, {lok['cpu'] / pol['cpu']:.2f}x CPU of it")
    ok = "met" if ratio_cpu <= TARGET_RATIO and ratio_wall <= TARGET_RATIO else "NOT met"
    print(f"ratio lokus command / bare read_csv: {ratio_wall:.2f}x wall, {ratio_cpu:.2f}x CPU "
          f"(target ≤ {TARGET_RATIO:.0f}x: {ok}); against the bare process: "
          f"{lok['wall'] / bare['process_wall']:.2f}x wall, {lok['cpu'] / bare['process_cpu']:.2f}x CPU")
    print(f"peak RSS of the command: {lok['rss']:,.0f} MiB (target ≤ {TARGET_RSS_MIB:,} MiB: "
          f"{'met' if lok['rss'] <= TARGET_RSS_MIB else 'NOT met'}); load average {' → '.join(loads)}")
    result(
        "registry ingest (lokus ingest registry, CSV)", s["rows_read"], lok["wall"],
        cpu_seconds=round(lok["cpu"], 3), peak_rss_mb=round(lok["rss"]),
        floor_seconds=round(bare["wall"], 3), floor_cpu_seconds=round(bare["cpu"], 3),
        duckdb_seconds=round(bare["wall"], 3), duckdb_cpu_seconds=round(bare["cpu"], 3),
        polars_seconds=round(pol["wall"], 3), polars_cpu_seconds=round(pol["cpu"], 3),
        ratios={"lokus/floor": {"wall": round(ratio_wall, 3), "cpu": round(ratio_cpu, 3)}},
        accepted=s["accepted"], quarantined=s["quarantined"], file_mb=round(size_mb), repeat=args.repeat,
        load_during=loads,
        note="floor = DuckDB's bare read_csv into a table (the statement); lokus = the whole command process",
    )


if __name__ == "__main__":
    main()
