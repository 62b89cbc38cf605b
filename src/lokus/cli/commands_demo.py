"""`lokus demo`: the synthetic Lampung Barat district, end to end."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.console import Console

from lokus.cli._context import STATE
from lokus.cli._engine import check_memory_limit
from lokus.cli._output import GAPS_COLUMNS, print_ranking, print_table
from lokus.errors import ConfigError
from lokus.i18n import fmt_int, fmt_number, fmt_pct, t


def demo(
    seed: int = typer.Option(2022, "--seed", min=0, help="Random seed; the same seed gives the same district."),
    out_dir: str = typer.Option("demo-output", "--out-dir", help="Where the demo writes its files."),
    top: int = typer.Option(20, "--top", "-n", min=1, help="How many villages to show."),
    scale: str = typer.Option("district", "--scale", help="district (Lampung Barat, with the meeting pack), "
                              "province (synthetic Lampung) or national (synthetic Indonesia, all 83,762 villages)."),
    people: str | None = typer.Option(None, "--people", help="People for --scale province|national, e.g. 2.7M "
                                      "(default: 940k for the province, 2.7M = 1% for the country)."),
    memory_limit: str | None = typer.Option(None, "--memory-limit", callback=check_memory_limit,
                                            help="DuckDB memory limit for --scale province|national, e.g. 3GB "
                                            "(the default; beyond it DuckDB spills to disk)."),
) -> None:
    """Run the demo: a synthetic district from registry file to priority villages."""
    from lokus.demo import run_demo

    console = Console(highlight=False)
    lang = STATE.lang
    started = time.perf_counter()
    if scale != "district":
        _scale_demo(console, scale, people, memory_limit or "3GB", out_dir, seed, top)
        return
    for option, value in (("--people", people), ("--memory-limit", memory_limit)):
        if value is not None:  # never silently ignored
            raise ConfigError("error.demo.district_option", option=option)

    def n(value: int) -> str:
        return fmt_int(value, lang)

    def step(name: str) -> None:
        console.print(f"[cyan]•[/] {t(f'cli.demo.step.{name}', lang)}")

    result = run_demo(STATE.workspace, out_dir=out_dir, seed=seed, lang=lang, step=step, pack=True)
    s = result.ingest
    from lokus.quarantine import reason_label

    reasons = "; ".join(f"{reason_label(k, 'registry', lang)}: {n(v)}" for k, v in sorted(s.reasons.items()))
    console.print(t("cli.demo.registry", lang, rows_read=n(s.rows_read), accepted=n(s.accepted),
                    quarantined=n(s.quarantined), reasons=reasons))
    m, st = result.measurements, result.stunting
    console.print(t("cli.demo.measurements", lang, rows_read=n(m.rows_read), accepted=n(m.accepted),
                    quarantined=n(m.quarantined), linked=n(m.linked_to_registry), disagreements=n(m.zs_disagreements)))
    console.print(t("cli.demo.stunting", lang, stunted=n(st.stunted), children=n(st.children),
                    prevalence=fmt_pct(st.prevalence, lang, share=False), ssgi=fmt_pct(16.6, lang, share=False),
                    loci=fmt_int(len(st.loci), lang)))
    ranking = result.ranking
    title = t("cli.demo.ranking_title", lang, top=n(top), total=n(ranking.num_rows))
    print_ranking(ranking, top=top, title=title, console=console)
    if result.convergence is not None:
        print_table(result.convergence.coverage, GAPS_COLUMNS, title=t("cli.demo.gaps_title", lang), console=console)
    elapsed = time.perf_counter() - started
    console.print(f"{t('cli.demo.ranking_file', lang)}: {result.ranking_file}")
    console.print(f"Workspace: [bold]{result.workspace}[/]")
    if result.pack is not None:
        console.print(t("pack.written", lang, path=str(result.pack.out_dir),
                        files=", ".join(p.name for p in result.pack.files)), soft_wrap=True)
    console.print(t("cli.demo.done", lang, seconds=fmt_number(elapsed, lang, 1),
                    next=next_steps(result.workspace)), soft_wrap=True)


def _scale_demo(console: Console, scale: str, people: str | None, memory_limit: str, out_dir: str, seed: int,
                top: int) -> None:
    """``lokus demo --scale province|national``: synth → ingest → loci → gaps, out of core."""
    import sys

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from lokus.cli.commands_scale import _parse_people
    from lokus.demo._scale import SCALES, run_scale_demo
    from lokus.synth import SynthError

    lang = STATE.lang
    if scale not in SCALES:
        raise SynthError("error.demo.scale", scale=scale)
    n = SCALES[scale][1] if people is None else _parse_people(people)
    if n < 1:
        raise SynthError("error.synth.people", people=people)
    started = time.perf_counter()
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True, disable=not sys.stderr.isatty(),
    ) as bar:
        task = bar.add_task(t("synth.progress", lang), total=n)

        def step(name: str) -> None:
            console.print(f"[cyan]•[/] {t(f'demo.scale.step.{name}', lang, scale=scale, people=fmt_int(n, lang))}")

        result = run_scale_demo(
            scale, STATE.workspace, out_dir=out_dir, people=n, seed=seed, memory_limit=memory_limit, lang=lang,
            step=step, progress=lambda done, total: bar.update(task, completed=done),
        )
    s = result.ingest
    console.print(t("demo.scale.summary", lang, people=fmt_int(result.synth.people, lang),
                    villages=fmt_int(result.synth.villages_with_people, lang), accepted=fmt_int(s.accepted, lang),
                    quarantined=fmt_int(s.quarantined, lang), measured=fmt_int(result.measurements.accepted, lang),
                    loci=fmt_int(sum(len(r.loci) for r in result.stunting), lang),
                    ranked=fmt_int(result.ranking.num_rows, lang)))
    title = t("demo.scale.ranking_title", lang, top=fmt_int(top, lang), total=fmt_int(result.ranking.num_rows, lang))
    print_ranking(result.ranking, top=top, title=title, console=console)
    if result.coverage is not None:
        gaps_title = t("demo.scale.gaps_title", lang, region=SCALES[scale][2]) if SCALES[scale][2] else \
            t("cli.demo.gaps_title", lang)
        print_table(result.coverage, GAPS_COLUMNS, title=gaps_title, console=console)
    console.print(t("demo.scale.timing", lang, steps=", ".join(
        t("demo.scale.lap", lang, step=t(f"demo.scale.lap.{k}", lang), seconds=fmt_number(v, lang, 1))
        for k, v in result.seconds.items())))
    console.print(t("demo.scale.files", lang, synth=str(result.out_dir / "synth"), ranking=str(result.ranking_file),
                    workspace=str(result.workspace)), soft_wrap=True)
    console.print(t("cli.demo.done", lang, seconds=fmt_number(time.perf_counter() - started, lang, 1),
                    next=next_steps(result.workspace, SCALES[scale][2] or "18")), soft_wrap=True)


def next_steps(workspace: Path, region: str | None = None) -> str:
    """The commands to try after a demo, naming its workspace unless it is the default one, and the
    region (a province or the country's example province) for the scale demos."""
    from lokus.workspace import resolve_workspace_path

    ws = "" if Path(workspace).resolve() == resolve_workspace_path(None).resolve() else f"-w {workspace} "
    where, gaps_where = (f"--district {region} ", f"--region {region} ") if region else ("", "")
    return ", ".join(f"`lokus {ws}{cmd}`" for cmd in (
        f"loci {where}--top 10", f"gaps {gaps_where}--by village", f"worklist {gaps_where}--office dinsos --out dinsos.xlsx",
    ))


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
