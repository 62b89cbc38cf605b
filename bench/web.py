"""Benchmark: the web app under 20 concurrent clients on the demo district (not a timed test).

    .venv/bin/python bench/web.py [--workspace lokus.duckdb] [--clients 20] [--requests 30]

Uses the demo workspace (``lokus demo`` builds it; without ``--workspace`` this script runs the demo
into ``bench/out/web-demo/`` once), copies it, adds benchmark accounts (a district analyst and the
peratin of the 20 first villages), serves it with uvicorn on a free local port, warms the shared
caches, then runs ``--clients`` concurrent clients, each logged in, each requesting its village page
and the loci page in a closed loop (no think time). Prints p50/p95/max per page, and beside them the
same figures for ``/healthz`` (the floor: the server and client doing nothing) with the ratio; the
issue's target is p95 ≤ 200 ms for the village and loci pages. Also prints the load average, since
the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out" / "web-demo"
PASSWORD = "bench-password-1"


def demo_workspace() -> Path:
    path = OUT / "lokus.duckdb"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "LOKUS_WORKSPACE": str(path)}
        subprocess.run([sys.executable, "-m", "lokus.cli.main", "demo", "--out-dir", str(OUT / "files")],
                       check=True, env=env, stdout=subprocess.DEVNULL)
    return path


def prepare(source: Path, target: Path, n_villages: int) -> list[str]:
    """Copy the workspace and add the benchmark accounts; returns the villages of the peratin."""
    from lokus.web import Role, add_account
    from lokus.workspace import Workspace

    for stale in (target, target.with_name(target.name + ".wal")):
        stale.unlink(missing_ok=True)
    shutil.copy(source, target)
    with Workspace(target) as ws:
        codes = [r[0] for r in ws.con.execute(
            "SELECT DISTINCT village_code FROM registry ORDER BY 1 LIMIT ?", [n_villages]).fetchall()]
        add_account(ws, "bench-analyst", Role.analyst, PASSWORD, scope=codes[0][:5])
        for i, code in enumerate(codes):
            add_account(ws, f"bench-peratin-{i}", Role.village_head, PASSWORD, scope=code)
    return codes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(path: Path) -> tuple[str, subprocess.Popen[bytes]]:
    """``lokus serve`` in its own process (its own interpreter: the clients here do not share its GIL)."""
    import httpx

    port = free_port()
    env = {**os.environ, "LOKUS_WORKSPACE": str(path)}
    proc = subprocess.Popen([sys.executable, "-m", "lokus.cli.main", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return base, proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def login(base: str, user: str) -> object:
    import httpx

    client = httpx.Client(base_url=base, timeout=60)
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token is not None
    r = client.post("/login", data={"username": user, "password": PASSWORD, "csrf": token.group(1), "next": "/"})
    assert r.status_code in (200, 303), r.status_code
    return client


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run(base: str, users: list[tuple[str, str]], requests: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {"village": [], "loci": [], "healthz": []}
    lock = threading.Lock()
    clients = [(login(base, user), village) for user, village in users]

    def worker(item: tuple[object, str]) -> None:
        client, village = item
        for _ in range(requests):
            for name, url in (("village", f"/villages/{village}"), ("loci", "/loci"), ("healthz", "/healthz")):
                start = time.perf_counter()
                r = client.get(url)  # type: ignore[attr-defined]
                elapsed = time.perf_counter() - start
                assert r.status_code == 200, (url, r.status_code)
                with lock:
                    timings[name].append(elapsed)

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        list(pool.map(worker, clients))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, default=None, help="A demo workspace (default: build one).")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=30, help="Rounds per client (village + loci + healthz).")
    args = parser.parse_args()

    source = args.workspace or demo_workspace()
    work = ROOT / "out" / "web-bench.duckdb"
    work.parent.mkdir(parents=True, exist_ok=True)
    villages = prepare(source, work, args.clients)
    base, proc = serve(work)
    start = time.perf_counter()
    warm = login(base, "bench-analyst")
    for url in (f"/villages/{villages[0]}", "/loci", "/worklist"):  # the shared caches, once
        warm.get(url)  # type: ignore[attr-defined]
    print(f"warm-up (ranking, village figures, program coverage): {time.perf_counter() - start:.1f} s", flush=True)
    users = [("bench-analyst", villages[0])] + [(f"bench-peratin-{i}", v) for i, v in enumerate(villages)]
    users = users[: args.clients]
    load_before = os.getloadavg()
    start = time.perf_counter()
    timings = run(base, users, args.requests)
    wall = time.perf_counter() - start
    load_after = os.getloadavg()
    floor = timings["healthz"]
    floor_p95 = percentile(floor, 0.95)
    total = sum(len(v) for v in timings.values())
    print(f"{args.clients} concurrent clients, {total} requests in {wall:.1f} s ({total / wall:.0f} req/s); "
          f"cpus: {os.cpu_count()}; load average before {load_before[0]:.1f}, after {load_after[0]:.1f}")
    for name in ("village", "loci"):
        v = timings[name]
        p95 = percentile(v, 0.95)
        print(f"{name:8s}: p50 {statistics.median(v) * 1000:6.1f} ms | p95 {p95 * 1000:6.1f} ms | "
              f"max {max(v) * 1000:6.1f} ms | floor (/healthz) p95 {floor_p95 * 1000:6.1f} ms | "
              f"ratio p95/floor {p95 / floor_p95 if floor_p95 else float('inf'):.1f}x | "
              f"target p95 <= 200 ms: {'yes' if p95 <= 0.2 else 'NO'}", flush=True)
    proc.terminate()
    proc.wait(timeout=30)


if __name__ == "__main__":
    main()
