"""The core must import without the CLI, web or report libraries."""

import subprocess
import sys

CORE = [
    "lokus", "lokus.errors", "lokus.i18n", "lokus.regions", "lokus.nik", "lokus.workspace",
    "lokus.indicators", "lokus.poverty",
    "lokus.tables", "lokus.tables._sqlnorm", "lokus.registry", "lokus.growth", "lokus.loci", "lokus.engine",
    "lokus.demo", "lokus.measurements", "lokus.privacy", "lokus.convergence", "lokus.reports",
]
# rich is not listed: ibis itself imports it for its repr, so it comes with the engine.
FORBIDDEN = ["typer", "click", "fastapi", "jinja2", "xlsxwriter", "matplotlib", "reportlab", "plotly"]


def test_core_imports_without_shell_libraries():
    code = (
        "import sys\n"
        f"for m in {CORE!r}: __import__(m)\n"
        f"bad = [m for m in {FORBIDDEN!r} if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
