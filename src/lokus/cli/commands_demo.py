"""`lokus demo`: the synthetic Lampung Barat district, end to end."""

from __future__ import annotations

import time

import typer
from rich.console import Console

from lokus.cli._context import STATE
from lokus.cli._output import GAPS_COLUMNS, print_table, ranking_columns
from lokus.i18n import fmt_int, fmt_number, fmt_pct, t


def demo(
    seed: int = typer.Option(2022, "--seed", help="Random seed; the same seed gives the same district."),
    out_dir: str = typer.Option("demo-output", "--out-dir", help="Where the demo writes its files."),
    top: int = typer.Option(20, "--top", "-n", min=1, help="How many villages to show."),
) -> None:
    """Run the demo: a synthetic district from registry file to priority villages."""
    from lokus.demo import run_demo

    console = Console(highlight=False)
    lang = STATE.lang
    started = time.perf_counter()

    def n(value: int) -> str:
        return fmt_int(value, lang)

    def step(name: str) -> None:
        console.print(f"[cyan]•[/] {t(f'cli.demo.step.{name}', lang)}")

    result = run_demo(STATE.workspace, out_dir=out_dir, seed=seed, lang=lang, step=step, pack=True)
    s = result.ingest
    reasons = ", ".join(f"{k} {n(v)}" for k, v in sorted(s.reasons.items()))
    console.print(t("cli.demo.registry", lang, rows_read=n(s.rows_read), accepted=n(s.accepted),
                    quarantined=n(s.quarantined), reasons=reasons))
    m, st = result.measurements, result.stunting
    console.print(t("cli.demo.measurements", lang, rows_read=n(m.rows_read), accepted=n(m.accepted),
                    quarantined=n(m.quarantined), linked=n(m.linked_to_registry), disagreements=n(m.zs_disagreements)))
    console.print(t("cli.demo.stunting", lang, stunted=n(st.stunted), children=n(st.children),
                    prevalence=fmt_pct(st.prevalence, lang, share=False), ssgi=fmt_pct(16.6, lang, share=False),
                    loci=len(st.loci)))
    ranking = result.ranking
    title = t("cli.demo.ranking_title", lang, top=top, total=ranking.num_rows)
    print_table(ranking.slice(0, top), ranking_columns(), title=title, console=console)
    if result.convergence is not None:
        print_table(result.convergence.coverage, GAPS_COLUMNS, title=t("cli.demo.gaps_title", lang), console=console)
    elapsed = time.perf_counter() - started
    console.print(f"{t('cli.demo.ranking_file', lang)}: {result.ranking_file}")
    console.print(f"Workspace: [bold]{result.workspace}[/]")
    if result.pack is not None:
        console.print(t("pack.written", lang, path=str(result.pack.out_dir),
                        files=", ".join(p.name for p in result.pack.files)), soft_wrap=True)
    console.print(t("cli.demo.done", lang, seconds=fmt_number(elapsed, lang, 1)))


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
