"""CLI shells for maps and the meeting pack: parse, call the core, say where the files are."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from lokus.cli._context import STATE
from lokus.i18n import t

report_app = typer.Typer(help="Berkas untuk rapat / files for the meeting.", no_args_is_help=True)


class MapLevel(StrEnum):
    village = "village"
    kecamatan = "kecamatan"


def map_cmd(
    indicator: str = typer.Argument(..., help="loci, decile1_share, decile1_households, decile1_people, "
                                    "stunting_prevalence or stunted_children."),
    region: str = typer.Option("18.04", "--region", help="District 18.04 or one of its kecamatan, e.g. 18.04.04."),
    by: MapLevel = typer.Option(MapLevel.village, "--by", help="village or kecamatan."),
    policy: str = typer.Option(None, "--policy", "-p", help="Built-in policy name or a .toml file."),
    out: Path = typer.Option(Path("peta.png"), "--out", "-o", help="FILE.png or FILE.svg."),
) -> None:
    """A choropleth map of an indicator by village or kecamatan, with the loci hatched and labelled."""
    from lokus.maps import draw_map, locus_tables, map_data
    from lokus.workspace import Workspace

    lang = STATE.lang
    with Workspace(STATE.workspace, read_only=True) as ws:
        tables = locus_tables(ws, policy=policy, lang=lang)
    data = map_data(tables.ranking, tables.stunting, indicator, region=region, level=by.value,
                    poverty_loci=tables.poverty_loci, sources=tables.sources(), lang=lang)
    drawn = draw_map(data, out, lang=lang)
    Console(highlight=False).print(t("maps.written", lang, path=str(drawn.path), units=len(drawn.units),
                                     loci=sum(len(v) for v in drawn.loci.values())), soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("map")(map_cmd)
    app.add_typer(report_app, name="report")
