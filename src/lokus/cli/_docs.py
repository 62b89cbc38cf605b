"""Generate docs/reference/cli.md from the commands themselves (a test keeps the file current).

    .venv/bin/python -m lokus.cli._docs > docs/reference/cli.md
"""

from __future__ import annotations

import sys
from typing import Any

import typer


def _walk(cmd: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    out = [(path, cmd)]
    commands = getattr(cmd, "commands", None) or {}
    for name in sorted(commands):
        out.extend(_walk(commands[name], [*path, name]))
    return out


def _param_line(param: Any) -> str | None:
    if getattr(param, "hidden", False) or param.name in ("help",):
        return None
    help_text = (getattr(param, "help", None) or "").strip()
    if param.param_type_name == "argument":
        return f"- `{param.name.upper()}` (argument){': ' + help_text if help_text else ''}"
    opts = ", ".join(f"`{o}`" for o in param.opts)
    return f"- {opts}{': ' + help_text if help_text else ''}"


def cli_reference() -> str:
    from lokus.cli.main import app

    root = typer.main.get_command(app)
    lines = [
        "# Command reference",
        "",
        "Generated from the commands (`python -m lokus.cli._docs`); a test fails when it is out of date.",
        "Every listing command takes `--format table|csv|json`. Global options (`--workspace`, `--lang`,",
        "`--debug`) may stand anywhere on the line.",
        "",
    ]
    for path, cmd in _walk(root, ["lokus"]):
        lines.append(f"{'#' * min(len(path) + 1, 4)} `{' '.join(path)}`")
        lines.append("")
        text = (cmd.help or "").strip().split("\n\n")[0].replace("\n", " ")
        if text:
            lines.append(text)
            lines.append("")
        params = [p for p in (_param_line(p) for p in cmd.params) if p]
        if params:
            lines.extend(params)
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(cli_reference())
