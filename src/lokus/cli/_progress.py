"""The one progress display of the CLI: on stderr, only when stderr is a terminal, gone when the work ends.

- :func:`stages` — a bar for work that reports ``(stage, fraction)`` (ingest): each stage's label is the catalogue
  key ``<prefix>.<stage>``; a fraction of ``None`` shows a spinner without a bar.
- :func:`working` — a spinner with the elapsed time for one long call that reports nothing (a ranking, coverage,
  a Spark job: Spark alone takes ~20 s to start).

Piped or redirected output (CSV/JSON to a file, tests) never sees either.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from lokus.cli._context import STATE
from lokus.i18n import register, t

register({
    "cli.progress.working": {"id": "Menghitung", "en": "Computing"},
    "cli.progress.spark": {"id": "Menjalankan di Spark", "en": "Running on Spark"},
    "cli.progress.reading": {"id": "Membaca dan memeriksa berkas", "en": "Reading and checking the file"},
})

Report = Callable[[str, "float | None"], None]


def _bar(*columns: Any) -> Any:
    from rich.console import Console
    from rich.progress import Progress

    return Progress(*columns, console=Console(stderr=True), transient=True)


@contextmanager
def stages(prefix: str, first: str) -> Iterator[Report | None]:
    """A callback ``report(stage, fraction)`` drawing a bar labelled ``t(f"{prefix}.{stage}")``; ``None`` off a
    terminal. ``first`` is the stage shown before the first report."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, SpinnerColumn, TextColumn, TimeElapsedColumn

    with _bar(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn()) as bar:
        task = bar.add_task(t(f"{prefix}.{first}", STATE.lang), total=None)

        def update(stage: str, fraction: float | None) -> None:
            bar.update(task, description=t(f"{prefix}.{stage}", STATE.lang),
                       total=None if fraction is None else 1.0, completed=0 if fraction is None else fraction)

        yield update


@contextmanager
def working(key: str = "cli.progress.working", **params: Any) -> Iterator[None]:
    """A spinner labelled ``t(key, **params)`` with the elapsed time while the block runs (terminal only)."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

    with _bar(SpinnerColumn(), TextColumn("{task.description}…"), TimeElapsedColumn()) as bar:
        bar.add_task(t(key, STATE.lang, **params), total=None)
        yield


def engine_key(engine: str | None) -> str:
    """The spinner label for work on ``engine`` ("spark" says so; anything else is plain computing)."""
    return "cli.progress.spark" if engine == "spark" else "cli.progress.working"
