"""The meeting pack: PDF brief, Excel workbook, maps and manifest.json for the TKPK coordination meeting.

:func:`build_pack` gathers everything from the workspace (read-only unless ``save_meeting``), typesets
the brief with Typst, writes the workbook through :mod:`lokus.reports`, draws the maps with
:mod:`lokus.maps`, and lists every printed figure in ``manifest.json`` with the snapshot(s), policy
and ``lokus`` command that print it again.
"""

from lokus.pack._build import STEPS, PackResult, build_pack

__all__ = ["STEPS", "PackResult", "build_pack"]
