"""Country-scale commands: ``lokus synth`` (a synthetic registry over the real villages of any region)."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from lokus.cli._context import STATE
from lokus.i18n import fmt_int, fmt_number, t


def _parse_people(value: str) -> int:
    """``2700000``, ``2.7M``, ``270M``, ``500k``, ``1_000`` → an int; -1 for anything else, a
    fraction of a person included (``2.5``, ``0.4``): the caller refuses it with one sentence."""
    from decimal import Decimal, InvalidOperation

    text = value.strip().lower().replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}.get(text[-1:], 1)
    number = text[:-1] if scale != 1 else text
    try:
        exact = Decimal(number) * scale
    except InvalidOperation:
        return -1
    if not exact.is_finite() or exact != exact.to_integral_value():
        return -1
    return int(exact)


def synth(
    region: str = typer.Option(..., "--region", "-r", help="Kemendagri code (18, 18.04, 18.04.04) or 'national'."),
    people: str = typer.Option(..., "--people", "-n", help="How many people, e.g. 314000, 2.7M, 270M."),
    out: str = typer.Option(..., "--out", "-o", help="Folder for people/households/measurements/recipients.parquet."),
    seed: int = typer.Option(2022, "--seed", min=0, help="Random seed; the same arguments give the same files."),
    chunk_rows: int = typer.Option(500_000, "--chunk-rows", min=1, help="People per chunk (row group)."),
    workers: int = typer.Option(2, "--workers", min=1, help="Chunks generated in parallel."),
    compression: str = typer.Option("none", "--compression", help="Parquet compression: none (fastest), snappy "
                                    "(files about 3x smaller), lz4, zstd."),
) -> None:
    """Write a synthetic registry (P3KE columns) for the real villages of a region, as Parquet."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from lokus.synth import SynthError, synthesize

    lang = STATE.lang
    n = _parse_people(people)
    if n < 1:
        raise SynthError("error.synth.people", people=people)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True, disable=not sys.stderr.isatty(),
    ) as bar:
        task = bar.add_task(t("synth.progress", lang), total=n)
        summary = synthesize(
            region, n, out, seed=seed, chunk_rows=chunk_rows, workers=workers, compression=compression,
            progress=lambda done, total: bar.update(task, completed=done),
        )
    console = Console(highlight=False)
    if summary.replaced:
        console.print(t("synth.replaced", lang, out=out))
    console.print(t(
        "synth.done", lang,
        people=fmt_int(summary.rows["people"], lang), households=fmt_int(summary.rows["households"], lang),
        measurements=fmt_int(summary.rows["measurements"], lang), recipients=fmt_int(summary.rows["recipients"], lang),
        villages=fmt_int(summary.villages_with_people, lang), chunks=fmt_int(summary.chunks, lang),
        seconds=fmt_number(summary.seconds, lang), rate=fmt_int(summary.people_per_second, lang), out=out,
    ))


def register(app: typer.Typer) -> None:
    app.command("synth")(synth)
