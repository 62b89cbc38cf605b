"""Run every benchmark in this folder, one after another, each in its own process.

    .venv/bin/python bench/run_all.py [--quick]

Each benchmark prints its own figures beside a baseline measured in the same run. ``--quick`` passes
smaller sizes where a benchmark accepts them (for a smoke run; the issue targets use the defaults).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUICK = {
    "loci.py": ["--people", "10000000"],
    "ingest.py": ["--rows", "200000"],
    "anthro.py": ["200000"],
    "coverage.py": ["--people", "1000000"],
}


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    status = 0
    for script in sorted(HERE.glob("*.py")):
        if script.name.startswith("_") or script.name == Path(__file__).name:
            continue
        args = QUICK.get(script.name, []) if quick else []
        print(f"== {script.name} {' '.join(args)}", flush=True)
        result = subprocess.run([sys.executable, str(script), *args], check=False)
        status = status or result.returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
