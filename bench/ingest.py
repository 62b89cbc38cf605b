"""Benchmark of the registry ingest (not a test; run ``python bench/ingest.py``).

1. Generates a P3KE-like CSV (default 1M rows, ~0.1% deliberately bad rows) and times, in the
   same run, DuckDB's bare ``read_csv`` of it (a count scan and a load into a table) against
   ``ingest_registry`` with full validation; prints the ratio (target ≤ 3× the bare load).
2. Runs ``lokus ingest registry`` on a ``--memory-rows`` file (default 10 × ``--rows``, so 10M) as
   its own process and prints that process's peak RSS (``os.wait4``, as ``/usr/bin/time -v`` on the
   command; target ≤ 2 GB at 10M).

Files go to ``bench/out/`` (git-ignored) unless ``--dir`` says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from lokus.demo._generate import P3KE_COLUMNS  # noqa: E402 - the layout the demo writes

HEADERS = list(P3KE_COLUMNS)


def generate(path: Path, rows: int) -> None:
    """A P3KE Individu CSV with ``rows`` people in Lampung Barat; 1 in 1,000 rows is bad."""
    from lokus.regions import load_regions

    villages = [r.code.replace(".", "") for r in load_regions().descendants("18.04", "village")]
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE v AS SELECT unnest(?) AS code, generate_subscripts(?, 1) - 1 AS i", [villages, villages]
    )
    n_v = len(villages)
    flag = "CASE WHEN hash(i, {k}) % 5 = 0 THEN 'Ya' ELSE 'Tidak' END"
    flags = ", ".join(f"{flag.format(k=k)} AS {h}" for k, h in enumerate(HEADERS[27:]))
    con.execute(f"""
        COPY (
        WITH base AS (
            SELECT range AS i, range // 4 AS hh, range % 2 = 1 AS female,
                   1 + range % 28 AS d, 1 + (range // 28) % 12 AS m, (range // 336) % 100 AS yy,
                   1 + (range // 33600) % 9999 AS serial
            FROM range({rows})
        ), p AS (
            SELECT base.*, v.code AS village FROM base JOIN v ON v.i = base.hh % {n_v}
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
        FROM p ORDER BY i
        ) TO '{path}' (HEADER, DELIMITER ',')
    """)
    # A few exact duplicate rows at the end, as exporters produce them.
    with open(path, encoding="utf-8") as fh:
        fh.readline()
        dup = [fh.readline() for _ in range(3)]
    with open(path, "a", encoding="utf-8") as fh:
        fh.writelines(dup)
    con.close()


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _time(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) for ``fn()``."""
    start, cpu = time.perf_counter(), _cpu()
    fn()
    return time.perf_counter() - start, _cpu() - cpu


def bare_read(path: Path, workdir: Path) -> tuple[tuple[float, float], tuple[float, float]]:
    """DuckDB's read_csv: a count scan, and a load into a table of a fresh file DB (wall, CPU)."""
    con = duckdb.connect()
    scan = _time(
        lambda: con.execute(f"SELECT count(*) FROM read_csv('{path}', all_varchar = true)").fetchall()
    )
    con.close()
    db = workdir / "bare.duckdb"
    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db))
    load = _time(
        lambda: con.execute(f"CREATE TABLE raw AS SELECT * FROM read_csv('{path}', all_varchar = true)")
    )
    con.close()
    db.unlink(missing_ok=True)
    return scan, load


def ingest_once(path: Path, workdir: Path) -> tuple[tuple[float, float], dict]:
    """(wall, CPU) of ``ingest_registry`` with full validation into a fresh workspace, and its summary."""
    from lokus.registry import ingest_registry
    from lokus.workspace import Workspace

    db = workdir / "bench.duckdb"
    db.unlink(missing_ok=True)
    result: dict = {}
    with Workspace(db) as ws:
        timing = _time(lambda: result.update(ingest_registry(ws, path, snapshot="bench").summary_json()))
    db.unlink(missing_ok=True)
    return timing, result


def peak_memory(path: Path, workdir: Path) -> dict:
    """Run the ``lokus ingest registry`` command itself and read *its* peak RSS.

    ``os.wait4`` returns the resource usage of exactly that process (``/usr/bin/time -v`` reads
    the same), unlike ``getrusage(RUSAGE_CHILDREN)``, which reports the largest of all children this
    benchmark ever waited for (the generator, the bare-read runs …).
    """
    db = workdir / "mem.duckdb"
    db.unlink(missing_ok=True)
    summary = workdir / "mem-summary.json"
    cmd = [sys.executable, "-c", "from lokus.cli.main import entry; entry()", "--workspace", str(db),
           "--lang", "en", "ingest", "registry", str(path), "--snapshot", "mem", "--summary-json", str(summary)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    result = json.loads(summary.read_text())
    db.unlink(missing_ok=True)
    result["seconds"] = seconds
    result["peak_rss_mib"] = round(usage.ru_maxrss / 1024, 1)
    result["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--memory-rows",
        type=int,
        default=None,
        help="rows of the memory run (default 10 × --rows; 0 skips it)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="best of N for the timing")
    parser.add_argument("--dir", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    if args.memory_rows is None:
        args.memory_rows = 10 * args.rows
    args.dir.mkdir(parents=True, exist_ok=True)

    csv = args.dir / f"p3ke_{args.rows}.csv"
    if not csv.exists():
        print(f"generating {csv} …", flush=True)
        generate(csv, args.rows)
    size_mb = csv.stat().st_size / 1e6
    scans, loads, ingests = [], [], []
    summary: dict = {}
    for _ in range(args.repeat):
        scan, load = bare_read(csv, args.dir)
        scans.append(scan)
        loads.append(load)
        seconds, summary = ingest_once(csv, args.dir)
        ingests.append(seconds)
    scan, load, ingest = min(scans), min(loads), min(ingests)
    print(
        f"file: {csv.name}, {size_mb:.0f} MB, {summary['rows_read']:,} rows "
        f"({summary['accepted']:,} accepted, {summary['quarantined']:,} quarantined: {summary['reasons']})"
    )
    print(f"best of {args.repeat}                     wall s    CPU s")
    print(f"duckdb read_csv count scan : {scan[0]:7.2f}  {scan[1]:7.2f}")
    print(f"duckdb read_csv → table    : {load[0]:7.2f}  {load[1]:7.2f}")
    print(f"lokus ingest_registry      : {ingest[0]:7.2f}  {ingest[1]:7.2f}")
    print(
        f"ratio ingest / bare load   : {ingest[0] / load[0]:6.2f}×  {ingest[1] / load[1]:6.2f}×"
        "  (target ≤ 3×)"
    )
    print(f"ratio ingest / count scan  : {ingest[0] / scan[0]:6.2f}×  {ingest[1] / scan[1]:6.2f}×")
    print("(CPU seconds are steadier than wall time when other jobs share the machine.)")

    if args.memory_rows:
        big = args.dir / f"p3ke_{args.memory_rows}.csv"
        if not big.exists():
            print(f"generating {big} …", flush=True)
            generate(big, args.memory_rows)
        mem = peak_memory(big, args.dir)
        print(
            f"{args.memory_rows:,}-row `lokus ingest registry` (its own process): {mem['seconds']:.1f} s, "
            f"{mem['cpu_seconds']:.1f} s CPU, peak RSS {mem['peak_rss_mib']:,.0f} MiB (target < 2048 MiB); "
            f"{mem['accepted']:,} accepted + {mem['quarantined']:,} quarantined = {mem['rows_read']:,}"
        )


if __name__ == "__main__":
    main()
