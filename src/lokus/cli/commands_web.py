"""``lokus serve`` (the web app) and ``lokus users`` (its accounts)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from lokus.cli._context import STATE
from lokus.cli._output import OutputFormat, render
from lokus.errors import ConfigError
from lokus.i18n import t

users_app = typer.Typer(help="Web app accounts.", no_args_is_help=True)


def _password(from_stdin: bool, lang: str) -> str:
    """The new password: one line from stdin with --password-stdin, else prompted twice (hidden)."""
    if from_stdin or not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise ConfigError("web.error.no_password")
        return line
    first = typer.prompt(t("web.users.prompt", lang), hide_input=True)
    again = typer.prompt(t("web.users.prompt_again", lang), hide_input=True)
    if first != again:
        raise ConfigError("web.error.password_mismatch")
    return str(first)


@users_app.command("add")
def users_add(
    username: str = typer.Argument(..., help="Login name (letters, digits, . _ - @)."),
    role: str = typer.Option(..., "--role", "-r",
                             help="province, admin, analyst, office, village_head or midwife."),
    scope: str = typer.Option(None, "--scope", "-s",
                              help="Region the account sees: province (18), regency (18.04) or village "
                                   "(18.04.04.2001) code, as the role requires."),
    office: str = typer.Option(None, "--office", help="For role office: dinsos, dinkes, pupr, dpmd, bpjs, disdik."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
) -> None:
    """Create an account. The password is prompted (or read from stdin); there is no default."""
    from lokus.web import add_account, parse_role
    from lokus.workspace import Workspace

    parsed = parse_role(role)
    password = _password(password_stdin, STATE.lang)
    with Workspace(STATE.workspace) as ws:
        account = add_account(ws, username, parsed, password, scope=scope, office=office)
    Console().print(t("web.users.added", STATE.lang, name=account.username, role=account.role.value,
                      scope=account.scope + (f" ({account.office})" if account.office else "")))


@users_app.command("list")
def users_list(fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json.")
               ) -> None:
    """List the accounts (never their passwords)."""
    from lokus.cli._output import Col
    from lokus.web import list_accounts
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace, read_only=True) as ws:
        rows = [a.as_dict() for a in list_accounts(ws)]
    # headers in the user's language (lokus._columns and the web catalogue's col.username/col.disabled)
    columns = [Col("username", priority=0), Col("role", priority=0), Col("scope", priority=0),
               Col("office", priority=1), Col("disabled", kind="bool", priority=0)]
    render(rows if rows else _empty(), fmt, columns=columns)


def _empty() -> object:
    import pyarrow as pa

    return pa.table({c: pa.array([], pa.string()) for c in ("username", "role", "scope", "office", "disabled")})


@users_app.command("disable")
def users_disable(username: str = typer.Argument(..., help="Login name.")) -> None:
    """Disable an account (it can no longer log in; its open sessions end at the next request)."""
    from lokus.web import set_disabled
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace) as ws:
        set_disabled(ws, username, True)
    Console().print(t("web.users.disabled", STATE.lang, name=username.strip().lower()))


@users_app.command("reset-password")
def users_reset(
    username: str = typer.Argument(..., help="Login name."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
) -> None:
    """Set a new password for an account."""
    from lokus.web import reset_password
    from lokus.workspace import Workspace

    password = _password(password_stdin, STATE.lang)
    with Workspace(STATE.workspace) as ws:
        reset_password(ws, username, password)
    Console().print(t("web.users.reset", STATE.lang, name=username.strip().lower()))


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 for the network)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    max_upload_mb: int = typer.Option(200, "--max-upload-mb", min=1, help="Largest upload accepted (MB)."),
    packs_dir: Path = typer.Option(None, "--packs-dir",
                                   help="Folder of meeting packs offered for download (default: rakor/ beside the workspace)."),
) -> None:
    """Serve the web app and the REST API (/api/, OpenAPI at /api/openapi.json) over the workspace."""
    import uvicorn

    from lokus.web import create_app, list_accounts

    app = create_app(STATE.workspace, max_upload=max_upload_mb * 1024 * 1024, packs_dir=packs_dir)
    store = app.state.store
    console = Console(stderr=True)
    if not list_accounts(store.ws()):
        console.print(t("web.serve.no_accounts", STATE.lang))
    console.print(t("web.serve.start", STATE.lang, host=host, port=port, path=str(store.path)))
    store.warm_in_background()
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(users_app, name="users")
