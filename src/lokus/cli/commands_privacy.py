"""`lokus audit verify|head`, `lokus person erase|restore|export`, `lokus workspace compact`, `lokus pseudonym
rotate`. Thin shell over :mod:`lokus.privacy` and :mod:`lokus.workspace`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console

from lokus.cli._context import STATE
from lokus.cli._output import OutputFormat, render

FORMAT_OPTION = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json.")

person_app = typer.Typer(help="Data-subject rights: erase, restore, export.",
                         no_args_is_help=True)
workspace_app = typer.Typer(help="Workspace housekeeping.", no_args_is_help=True)
pseudonym_app = typer.Typer(help="Pseudonym key.", no_args_is_help=True)


def _size(n: int, lang: str) -> str:
    from lokus.i18n import fmt_number

    return f"{fmt_number(n / 1e6, lang, 1)} MB" if n >= 1e5 else f"{fmt_number(n / 1e3, lang, 0)} kB"


def audit_verify(
    head: str = typer.Option(None, "--head", help="A chain head saved by `lokus audit head` (file or JSON)."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Check the audit trail's hash chain; name every edited, inserted or removed row."""
    from lokus.i18n import t, t_n
    from lokus.privacy import load_head, verify_chain
    from lokus.workspace import Workspace

    saved = load_head(head) if head else None
    with Workspace(STATE.workspace, read_only=True) as ws:
        result = verify_chain(ws, head=saved)
    lang = STATE.lang
    if fmt is OutputFormat.table:
        console = Console(highlight=False)
        if result.ok:
            console.print(t("privacy.audit.verify.ok", lang, rows=t_n("count.row", result.rows, lang),
                            seq=result.head_seq or 0, hash=(result.head_hash or "")[:16]))
        else:
            console.print(t_n("privacy.audit.verify.bad", len(result.problems), lang))
            for p in result.problems:
                console.print(f"- {p.message(lang)}", soft_wrap=True)
    else:
        render([{"kind": p.kind, "seq": p.seq, "message": p.message(lang)} for p in result.problems]
               or [{"kind": "ok", "seq": result.head_seq, "message": ""}], fmt)
    if not result.ok:
        raise typer.Exit(1)


def audit_head(
    out: Path = typer.Option(None, "--out", "-o", help="Write the head (JSON) to this file."),
) -> None:
    """Print the audit chain's head (newest row number and hash) to keep outside the workspace."""
    from lokus.i18n import t
    from lokus.privacy import chain_head
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace, read_only=True) as ws:
        head = chain_head(ws)
        head["workspace"] = str(ws.path)
    text = json.dumps(head, ensure_ascii=False, indent=2) + "\n"
    if out:
        Path(out).write_text(text, encoding="utf-8")
        Console(highlight=False).print(t("privacy.audit.head.written", STATE.lang, seq=head["seq"], path=out))
    else:
        sys.stdout.write(text)


@person_app.command("erase")
def person_erase(
    nik: str = typer.Argument(..., help="The person's 16-digit NIK."),
    yes: bool = typer.Option(False, "--yes", help="Confirm: erasure cannot be undone."),
) -> None:
    """Erase a person from every snapshot, quarantine, derived table and audit detail; rewrite the file."""
    from lokus.errors import ConfigError
    from lokus.i18n import t, t_n
    from lokus.privacy import SUBJECT_ERASED, erase_person, mask_nik, normalise_nik
    from lokus.quarantine import reason_label
    from lokus.workspace import Workspace

    value = normalise_nik(nik)
    if not yes:
        raise ConfigError("privacy.person.confirm", masked=mask_nik(value))
    with Workspace(STATE.workspace) as ws:
        report = erase_person(ws, value)
    lang = STATE.lang
    Console(highlight=False).print(t(
        "privacy.person.erased", lang, rows=t_n("count.row", report.rows, lang),
        tables=t_n("count.table", len(report.tables), lang), mentions=t_n("count.mention", report.mentions, lang),
        audit=t_n("count.audit_detail", report.audit_details, lang), reason=reason_label(SUBJECT_ERASED, None, lang),
        before=_size(report.size_before, lang), after=_size(report.size_after, lang),
    ), soft_wrap=True)


@person_app.command("restore")
def person_restore(
    nik: str = typer.Argument(..., help="The person's 16-digit NIK."),
    yes: bool = typer.Option(False, "--yes", help="Confirm: later loads accept this person's rows again."),
) -> None:
    """Lift an erasure (a mistaken NIK, or the person asks to be included again): later loads accept their rows."""
    from lokus.errors import ConfigError
    from lokus.i18n import fmt_datetime, t
    from lokus.privacy import mask_nik, normalise_nik, restore_person
    from lokus.workspace import Workspace

    value = normalise_nik(nik)
    if not yes:
        raise ConfigError("privacy.person.restore_confirm", masked=mask_nik(value))
    with Workspace(STATE.workspace, create=False) as ws:
        when = restore_person(ws, value)
    Console(highlight=False).print(t("privacy.person.restored", STATE.lang, masked=mask_nik(value),
                                     when=fmt_datetime(when, STATE.lang)), soft_wrap=True)


@person_app.command("export")
def person_export(
    nik: str = typer.Argument(..., help="The person's 16-digit NIK."),
    out: Path = typer.Option(..., "--out", "-o", help="Workbook (.xlsx) or JSON file to write."),
) -> None:
    """Everything held about a person (every table) and the audit rows that touched them."""
    from lokus.i18n import fmt_datetime, t, t_n
    from lokus.privacy import export_person, mask_nik, normalise_nik
    from lokus.workspace import Workspace

    value = normalise_nik(nik)
    with Workspace(STATE.workspace) as ws:
        report = export_person(ws, value, out, lang=STATE.lang)
    lang = STATE.lang
    Console(highlight=False).print(t(
        "privacy.person.exported", lang, masked=mask_nik(value), rows=t_n("count.row", report.rows, lang),
        tables=t_n("count.table", len(report.tables), lang), audit=t_n("count.audit_row", report.audit_rows, lang),
        path=str(out),
    ), soft_wrap=True)
    if report.erased_at is not None:
        Console(highlight=False).print(t("privacy.person.export_erased", STATE.lang, masked=mask_nik(value),
                                         when=fmt_datetime(report.erased_at, STATE.lang)), soft_wrap=True)


@workspace_app.command("compact")
def workspace_compact(
    quarantine_days: int = typer.Option(
        None, "--quarantine-days", min=1,
        help="Also delete quarantined rows older than this many days (default: $LOKUS_QUARANTINE_RETENTION_DAYS).",
    ),
    audit_detail_days: int = typer.Option(
        None, "--audit-detail-days", min=1,
        help="Also blank audit identifiers older than this many days (default: $LOKUS_AUDIT_DETAIL_RETENTION_DAYS).",
    ),
) -> None:
    """Rewrite the workspace file, reclaiming what deleted, replaced or interrupted loads left."""
    from lokus.i18n import t, t_n
    from lokus.workspace import Workspace
    from lokus.workspace._compact import apply_retention, compact_workspace

    lang = STATE.lang
    console = Console(highlight=False)
    with Workspace(STATE.workspace, create=False) as ws:  # compacting never creates a workspace
        path = ws.path
        q, d, qd, dd = apply_retention(ws, quarantine_days=quarantine_days, audit_detail_days=audit_detail_days)
        if qd or dd:
            console.print(t("privacy.compact.retention", lang, quarantine=t_n("count.quarantine_row", q, lang),
                            detail=t_n("count.audit_detail", d, lang),
                            q_days=t_n("count.day", qd, lang) if qd else "-",
                            d_days=t_n("count.day", dd, lang) if dd else "-"))
    before, after = compact_workspace(path)
    console.print(t("privacy.compact.done", lang, before=_size(before, lang), after=_size(after, lang)))


@pseudonym_app.command("rotate")
def pseudonym_rotate() -> None:
    """Make a new pseudonym key (the old one is kept beside it, renamed); new pseudonyms will differ."""
    from lokus.i18n import t
    from lokus.privacy import rotate_key
    from lokus.workspace import resolve_workspace_path

    new, old = rotate_key(resolve_workspace_path(STATE.workspace))
    Console(highlight=False).print(t("privacy.pseudonym.rotated", STATE.lang, path=str(new), old=str(old)))


def register(app: typer.Typer) -> None:
    from lokus.cli.commands_core import audit_app

    audit_app.command("verify")(audit_verify)
    audit_app.command("head")(audit_head)
    app.add_typer(person_app, name="person")
    app.add_typer(workspace_app, name="workspace")
    app.add_typer(pseudonym_app, name="pseudonym")
