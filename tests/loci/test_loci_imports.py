"""The loci core imports without the CLI (rich arrives only through Ibis, which uses it to print)."""

import subprocess
import sys


def test_loci_core_imports_without_cli():
    code = (
        "import sys\n"
        "import lokus.loci\n"
        "bad = [m for m in ('typer', 'click', 'lokus.cli', 'matplotlib', 'xlsxwriter') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
