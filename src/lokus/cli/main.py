"""Entry point of the ``lokus`` command.

Errors reach a person here in one sentence (Bahasa Indonesia by default, ``--lang en`` or
``LOKUS_LANG=en``), with a fixed non-zero exit code and no traceback unless ``--debug``.
"""

from __future__ import annotations

import os
import sys
import traceback

import typer
from rich.console import Console
from rich.markup import escape

from lokus import __version__
from lokus.cli._context import STATE
from lokus.errors import LokusError
from lokus.i18n import current_lang, t

app = typer.Typer(
    name="lokus",
    help="lokus: lokus prioritas kemiskinan ekstrem dan stunting / priority loci for extreme poverty "
    "and stunting.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lokus {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    workspace: str = typer.Option(
        None,
        "--workspace",
        "-w",
        envvar="LOKUS_WORKSPACE",
        help="Workspace file (DuckDB). Default: ./lokus.duckdb.",
    ),
    lang: str = typer.Option(None, "--lang", envvar="LOKUS_LANG", help="Language: id (default) or en."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show version."),
) -> None:
    """lokus — keputusan lokus prioritas yang dapat diulang dan dijelaskan."""
    STATE.workspace = workspace
    STATE.lang = current_lang(lang)
    STATE.debug = debug


def _register() -> None:
    # Sub-apps register here; each lives in its own module under lokus.cli.
    from lokus.cli import commands_core
    from lokus.cli._apps import ingest_app

    commands_core.register(app)
    for name in ("commands_demo", "commands_registry", "commands_loci", "commands_measurements", "commands_growth",
                 "commands_indicators", "commands_convergence", "commands_scale"):
        try:
            module = __import__(f"lokus.cli.{name}", fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name == f"lokus.cli.{name}":
                continue
            raise
        module.register(app)
    if ingest_app.registered_commands or ingest_app.registered_groups:
        app.add_typer(ingest_app, name="ingest")


_register()


def _prescan(argv: list[str]) -> tuple[str, bool]:
    lang = None
    debug = "--debug" in argv
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return current_lang(lang), debug


_GLOBAL_VALUE_OPTS = ("--workspace", "-w", "--lang")
_GLOBAL_FLAGS = ("--debug",)


def _hoist_globals(argv: list[str]) -> list[str]:
    """Move global options to the front, so `lokus nik check X --lang en` works too."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        if arg in _GLOBAL_VALUE_OPTS and i + 1 < len(argv):
            front.extend(argv[i : i + 2])
            i += 2
            continue
        if any(arg.startswith(o + "=") for o in _GLOBAL_VALUE_OPTS if o.startswith("--")) or arg in _GLOBAL_FLAGS:
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def _command_path(argv: list[str]) -> str:
    words = [a for a in argv if not a.startswith("-")]
    return " ".join(words[:2])


def run(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (also used by tests)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang, debug = _prescan(argv)
    argv = _hoist_globals(argv)
    err = Console(stderr=True, highlight=False, emoji=False)
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="lokus", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except LokusError as exc:
        if debug or STATE.debug:
            traceback.print_exc()
        err.print(f"[bold red]{'Galat' if lang == 'id' else 'Error'}:[/] {escape(exc.message(lang))}", soft_wrap=True)
        return exc.exit_code
    except Exception as exc:
        # Click (or Typer's vendored copy of it) signals help, usage errors and exits with
        # exceptions; recognise them by class name so either works.
        names = {cls.__name__ for cls in type(exc).__mro__}
        if "NoArgsIsHelpError" in names:
            return 0
        if "UsageError" in names:
            detail = exc.format_message()  # type: ignore[attr-defined]
            err.print(
                f"[bold red]{'Galat' if lang == 'id' else 'Error'}:[/] "
                + escape(t("error.option", lang, detail=str(detail).rstrip("."), command=_command_path(argv))),
                soft_wrap=True,
            )
            return 2
        if "Exit" in names:
            return int(getattr(exc, "exit_code", getattr(exc, "code", 0)) or 0)
        if "Abort" in names:
            err.print("Dibatalkan." if lang == "id" else "Aborted.")
            return 130
        if isinstance(exc, BrokenPipeError):
            return 0
        if debug or STATE.debug or os.environ.get("LOKUS_DEBUG"):
            traceback.print_exc()
        err.print(
            f"[bold red]{'Galat' if lang == 'id' else 'Error'}:[/] "
            + escape(t("error.internal", lang, detail=f"{type(exc).__name__}: {exc}")),
            soft_wrap=True,
        )
        return 70
    except KeyboardInterrupt:
        err.print("Dibatalkan." if lang == "id" else "Aborted.")
        return 130


def entry() -> None:  # pragma: no cover
    sys.exit(run())


if __name__ == "__main__":  # pragma: no cover
    entry()
