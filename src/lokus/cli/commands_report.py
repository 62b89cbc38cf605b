"""CLI shells for maps and the meeting pack: parse, call the core, say where the files are."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from lokus.cli._context import STATE
from lokus.i18n import fmt_int, t

report_app = typer.Typer(help="Files for the meeting.", no_args_is_help=True)


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
    Console(highlight=False).print(t("maps.written", lang, path=str(drawn.path), units=fmt_int(len(drawn.units), lang),
                                     loci=fmt_int(sum(len(v) for v in drawn.loci.values()), lang)), soft_wrap=True)


@report_app.command("pack")
def pack_cmd(
    policy: str = typer.Option(None, "--policy", "-p", help="Built-in policy name or a .toml file "
                               "(default: lampung-barat-2022)."),
    since: str = typer.Option(None, "--since", help="Compare with this saved meeting (default: the latest)."),
    out: Path = typer.Option(Path("rakor"), "--out", "-o", help="Folder for the pack's files."),
    meeting_date: str = typer.Option(None, "--date", help="Meeting date yyyy-mm-dd (default: today)."),
    place: str = typer.Option("", "--place", help="Meeting place, printed on the cover and attendance sheet."),
    top: int = typer.Option(None, "--top", "-n", min=1, help="Priority loci (default 20)."),
    pseudonymise: bool = typer.Option(False, "--pseudonymise", help="Replace NIK, KK and names by keyed HMACs "
                                      "(copies that leave the district)."),
    save_meeting: str = typer.Option(None, "--save-meeting", help="Also save the current gaps as this meeting."),
) -> None:
    """The meeting pack: PDF brief, Excel workbook, maps (PNG, SVG) and manifest.json."""
    from datetime import date

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from lokus.errors import ConfigError
    from lokus.pack import STEPS, build_pack

    lang = STATE.lang
    when = None
    if meeting_date:
        try:
            when = date.fromisoformat(meeting_date)
        except ValueError:
            raise ConfigError(key="--date", value=meeting_date, valid_values="yyyy-mm-dd, e.g. 2026-12-01") from None
    console = Console(highlight=False, stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task(t(f"pack.progress.{STEPS[0]}", lang), total=len(STEPS))
        seen: list[str] = []

        def step(name: str) -> None:
            if seen:
                progress.advance(task)
            seen.append(name)
            progress.update(task, description=t(f"pack.progress.{name}", lang))

        result = build_pack(STATE.workspace, out_dir=out, policy=policy, since=since, lang=lang, meeting_date=when,
                            place=place, top=top, pseudonymise=pseudonymise, save_meeting=save_meeting, step=step)
        progress.advance(task)
    Console(highlight=False).print(t("pack.written", lang, path=str(result.out_dir),
                                     files=", ".join(p.name for p in result.files)), soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("map")(map_cmd)
    app.add_typer(report_app, name="report")
