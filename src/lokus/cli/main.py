"""Entry point of the ``lokus`` command.

Errors reach a person here in one sentence (Bahasa Indonesia by default, ``--lang en`` or
``LOKUS_LANG=en``), with a fixed non-zero exit code and no traceback unless ``--debug``.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import sys
import traceback
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from lokus import __version__
from lokus.cli import _help_id
from lokus.cli import _messages as _messages  # registers the CLI's catalogue
from lokus.cli._context import STATE
from lokus.errors import ConfigError, LokusError
from lokus.i18n import LANGS, current_lang, has, t

app = typer.Typer(
    name="lokus",
    help="lokus: priority loci for extreme poverty and stunting.",
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
    """lokus — repeatable, explainable priority-locus decisions."""
    STATE.workspace = workspace
    STATE.lang = current_lang(lang)
    if lang is not None and lang.strip().lower() not in LANGS:  # never silently Indonesian for --lang fr
        raise ConfigError("error.config", key="--lang", value=lang, valid_values=", ".join(LANGS))
    STATE.debug = debug


def _register() -> None:
    # Sub-apps register here; each lives in its own module under lokus.cli.
    from lokus.cli import commands_core
    from lokus.cli._apps import ingest_app

    commands_core.register(app)
    for name in ("commands_demo", "commands_registry", "commands_quarantine", "commands_loci", "commands_measurements",
                 "commands_growth", "commands_indicators", "commands_convergence", "commands_privacy",
                 "commands_report", "commands_web", "commands_scale"):
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


def _command_words(argv: list[str]) -> list[str]:
    """The words of ``argv`` before its first option (global options and their values left out)."""
    words: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _GLOBAL_VALUE_OPTS:
            skip = True
        elif arg.startswith("-"):
            break
        else:
            words.append(arg)
    return words


def _may_show_help(command: Any, argv: list[str]) -> bool:
    """True when ``argv`` asks for help or names a group without one of its commands (Typer then
    prints the group's help); False for a run of one command, which never shows the Rich help."""
    if any(arg in ("--help", "-h") for arg in argv):
        return True
    current = command
    for word in _command_words(argv):
        sub = (getattr(current, "commands", None) or {}).get(word)
        if sub is None:
            break
        current = sub
    return bool(getattr(current, "commands", None))


def _command_path(argv: list[str]) -> str:
    """The command words of ``argv`` (global options and their values left out)."""
    return " ".join(_command_words(argv)[:2])


# Click's own sentences (as Typer's vendored Click and Pydantic write them) → catalogue keys.
_INNER_VALUE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"valid integer"), "cli.usage.value.integer"),
    (re.compile(r"valid number|valid float"), "cli.usage.value.number"),
    (re.compile(r"greater than or equal to (?P<limit>[-\d.]+)"), "cli.usage.value.min"),
    (re.compile(r"greater than (?P<limit>[-\d.]+)"), "cli.usage.value.above"),
    (re.compile(r"less than or equal to (?P<limit>[-\d.]+)"), "cli.usage.value.max"),
    (re.compile(r"less than (?P<limit>[-\d.]+)"), "cli.usage.value.below"),
    (re.compile(r"'(?P<value>[^']*)' is not one of (?P<choices>.+?)\.?$"), "cli.usage.value.choice"),
    (re.compile(r"valid boolean"), "cli.usage.value.boolean"),
)


def _closest_command(group: Any, typo: str) -> str | None:
    names = list(getattr(group, "commands", {}) or {})
    matches = difflib.get_close_matches(typo, names, n=1, cutoff=0.5)
    return matches[0] if matches else None


def _param_name(exc: Any) -> str:
    hint = getattr(exc, "param_hint", None)
    if hint:
        return " / ".join(hint) if isinstance(hint, (list, tuple)) else str(hint)
    param = getattr(exc, "param", None)
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "argument":
        return str(getattr(param, "metavar", None) or param.name or "").upper()
    opts = getattr(param, "opts", None) or [param.name]
    return " / ".join(opts)


def usage_message(exc: Any, lang: str, argv: list[str]) -> str:
    """One sentence in ``lang`` for a Click/Typer usage error, with where to look for help."""
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else f"lokus {_command_path(argv)}".strip()
    message = str(getattr(exc, "message", "") or "")
    names = {cls.__name__ for cls in type(exc).__mro__}
    help_hint = t("cli.usage.see_help", lang, command=path)
    if "NoSuchOption" in names:
        possibilities = sorted(getattr(exc, "possibilities", None) or [])
        text = t("cli.usage.no_such_option", lang, option=exc.option_name)
        if possibilities:
            text += " " + t("cli.usage.did_you_mean", lang, suggestion=", ".join(possibilities))
        return f"{text} {help_hint}"
    if "MissingParameter" in names:
        kind = getattr(exc, "param_type", None) or getattr(getattr(exc, "param", None), "param_type_name", "")
        key = "cli.usage.missing_option" if kind == "option" else "cli.usage.missing_argument"
        return f"{t(key, lang, name=_param_name(exc))} {help_hint}"
    if "BadParameter" in names:
        detail = message
        for pattern, key in _INNER_VALUE_ERRORS:
            m = pattern.search(message)
            if m:
                detail = t(key, lang, **m.groupdict())
                break
        return f"{t('cli.usage.bad_value', lang, name=_param_name(exc), detail=detail.rstrip('.'))} {help_hint}"
    m = re.match(r"No such command '(?P<name>[^']*)'", message)
    if m:
        text = t("cli.usage.no_such_command", lang, name=m["name"])
        close = _closest_command(ctx.command if ctx is not None else None, m["name"])
        if close:
            text += " " + t("cli.usage.did_you_mean", lang, suggestion=f"{path} {close}")
        return f"{text} {help_hint}"
    m = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)", message)
    if m:
        return f"{t('cli.usage.extra_args', lang, args=m['args'])} {help_hint}"
    m = re.match(r"Option '(?P<name>[^']*)' requires (?P<n>an|\d+) arguments?", message)
    if m:
        return f"{t('cli.usage.needs_value', lang, name=m['name'])} {help_hint}"
    m = re.match(r"Option '(?P<name>[^']*)' does not take a value", message)
    if m:
        return f"{t('cli.usage.takes_no_value', lang, name=m['name'])} {help_hint}"
    if message.startswith("Missing command"):
        return f"{t('cli.usage.missing_command', lang)} {help_hint}"
    return t("error.option", lang, detail=message.rstrip("."), command=path.removeprefix("lokus").strip())


_HELP_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": "cli.help.arguments",
    "OPTIONS_PANEL_TITLE": "cli.help.options",
    "COMMANDS_PANEL_TITLE": "cli.help.commands",
    "DEFAULT_STRING": "cli.help.default",
    "ENVVAR_STRING": "cli.help.envvar",
    "REQUIRED_LONG_STRING": "cli.help.required",
}


def _localise_help(lang: str) -> None:
    """The section titles and markers of ``--help`` (Typer's Rich help) in ``lang``."""
    from typer import rich_utils

    for name, key in _HELP_TEXTS.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, t(key, lang))
    # The usage line's prefix keeps its colour in every language.
    highlighter = getattr(rich_utils, "highlighter", None)
    if highlighter is not None:
        patterns = [p for p in type(highlighter).highlights if "?P<usage>" not in p]
        highlighter.highlights = [*patterns, rf"(?P<usage>{re.escape(t('cli.help.usage', lang))})"]


@functools.cache
def _context_class(base: Any, usage: str) -> Any:
    """``base`` (a Click context class) whose help formatter starts the usage line with ``usage``."""
    formatter: Any = base.formatter_class

    class _Formatter(formatter):  # type: ignore[misc, valid-type]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, usage if prefix is None else prefix)

    return type(base.__name__, (base,), {"formatter_class": _Formatter})


# Typer's type labels in the help (``<str>``, ``<int range>`` …) → the catalogue's words; a choice
# label (``<table|csv|json>``) lists values as typed and stays as it is.
_TYPE_LABELS = {
    "<str>": "str", "<int>": "int", "<int range>": "int_range", "<float>": "float", "<float range>": "float_range",
    "<path>": "path", "<file>": "file", "<directory>": "folder", "<list[str]>": "str_list", "<datetime>": "date",
}


def _type_label(param: Any, lang: str) -> Any:
    """``param.display_type_rich`` in ``lang``: a flag shows no type (it takes no value, so ``<bool>``
    only misleads), known labels come from the catalogue, any other label is Typer's own."""
    original = param.display_type_rich

    def label(ctx: Any) -> str | None:
        if getattr(param, "is_flag", False):
            return None
        text = original(ctx=ctx)
        kind = _TYPE_LABELS.get(text or "")
        return f"<{t(f'cli.help.type.{kind}', lang)}>" if kind else text

    return label


def _localise_commands(command: Any, lang: str) -> None:
    """Every help text of ``command`` and its subcommands in ``lang``, before Click parses.

    Descriptions (help, short help), option and argument help, the ``--help`` option and the usage
    line come from the catalogue in :mod:`lokus.cli._help_id` (keyed by the English source text);
    a text without an entry stays English. ``command`` is the fresh tree of
    ``typer.main.get_command(app)``, so nothing carries over to the next run.
    """
    usage = t("cli.help.usage", lang)
    stack = [command]
    while stack:
        cmd = stack.pop()
        cmd.help = _help_id.translate(cmd.help, lang)
        cmd.short_help = _help_id.translate(cmd.short_help, lang)
        if getattr(cmd, "options_metavar", None) == "[OPTIONS]":
            cmd.options_metavar = t("cli.help.options_metavar", lang)
        if getattr(cmd, "subcommand_metavar", None) == "COMMAND [ARGS]...":
            cmd.subcommand_metavar = t("cli.help.subcommand_metavar", lang)
        cmd.context_class = _context_class(cmd.context_class, usage)
        # Click makes the --help option on first use; make it now so its text can be translated.
        params = [*cmd.params, cmd.get_help_option(cmd.context_class(cmd))]
        for param in params:
            if param is not None and getattr(param, "help", None):
                param.help = _help_id.translate(param.help, lang)
            if param is not None and hasattr(param, "display_type_rich"):
                param.display_type_rich = _type_label(param, lang)
            if (getattr(param, "param_type_name", "") == "argument" and param.metavar is None
                    and has(f"cli.help.arg.{param.name}")):
                param.metavar = t(f"cli.help.arg.{param.name}", lang)  # the argument's name in help and usage
        stack.extend((getattr(cmd, "commands", None) or {}).values())


def run(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (also used by tests)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang, debug = _prescan(argv)
    argv = _hoist_globals(argv)
    err = Console(stderr=True, highlight=False, emoji=False)
    error_word = t("word.error", lang)
    command = typer.main.get_command(app)
    if _may_show_help(command, argv):  # importing Typer's Rich help costs ~0.05 s: only when it is shown
        _localise_help(lang)
    _localise_commands(command, lang)
    try:
        result = command.main(args=argv, prog_name="lokus", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except LokusError as exc:
        if debug or STATE.debug:
            traceback.print_exc()
        err.print(f"[bold red]{error_word}:[/] {escape(exc.message(lang))}", soft_wrap=True)
        return exc.exit_code
    except Exception as exc:
        # Click (or Typer's vendored copy of it) signals help, usage errors and exits with
        # exceptions; recognise them by class name so either works.
        names = {cls.__name__ for cls in type(exc).__mro__}
        if "NoArgsIsHelpError" in names:
            return 0
        if "UsageError" in names:
            err.print(f"[bold red]{error_word}:[/] " + escape(usage_message(exc, lang, argv)), soft_wrap=True)
            return 2
        if "Exit" in names:
            return int(getattr(exc, "exit_code", getattr(exc, "code", 0)) or 0)
        if "Abort" in names:
            err.print(t("word.aborted", lang))
            return 130
        if isinstance(exc, BrokenPipeError):
            return 0
        if names & {"IOException", "PermissionException"} and type(exc).__module__.lstrip("_") == "duckdb":
            # A file-level failure of the workspace (lock, disk full, read-only): one sentence, no engine text.
            from lokus.workspace import resolve_workspace_path, workspace_error

            if debug or STATE.debug:
                traceback.print_exc()
            werr = workspace_error(exc, resolve_workspace_path(STATE.workspace))
            err.print(f"[bold red]{error_word}:[/] {escape(werr.message(lang))}", soft_wrap=True)
            return werr.exit_code
        from lokus.workspace._memory import out_of_memory_error

        oom = out_of_memory_error(exc)
        if oom is not None:
            if debug or STATE.debug:
                traceback.print_exc()
            err.print(f"[bold red]{error_word}:[/] {escape(oom.message(lang))}", soft_wrap=True)
            return oom.exit_code
        if debug or STATE.debug or os.environ.get("LOKUS_DEBUG"):
            traceback.print_exc()
        err.print(
            f"[bold red]{error_word}:[/] "
            + escape(t("error.internal", lang, detail=f"{type(exc).__name__}: {exc}")),
            soft_wrap=True,
        )
        return 70
    except KeyboardInterrupt:
        err.print(t("word.aborted", lang))
        return 130


def entry() -> None:  # pragma: no cover
    sys.exit(run())


if __name__ == "__main__":  # pragma: no cover
    entry()
