"""Core commands: regions, nik, snapshots."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import typer
from rich.console import Console

from lokus.cli._context import STATE
from lokus.cli._output import LIMIT_OPTION, Col, OutputFormat, render
from lokus.errors import ConfigError
from lokus.i18n import fmt_int, t
from lokus.regions import LEVELS, load_regions

FORMAT_OPTION = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json.")

regions_app = typer.Typer(help="Kemendagri region codes.", no_args_is_help=True)
nik_app = typer.Typer(help="Check NIKs.", no_args_is_help=True)
audit_app = typer.Typer(help="Audit trail of personal-data views.",
                        no_args_is_help=True)
snapshots_app = typer.Typer(help="Dataset snapshots in the workspace.", no_args_is_help=True)


@regions_app.command("show")
def regions_show(
    code: str = typer.Argument(..., help="Region code, e.g. 18.04 or 1804."),
    level: str = typer.Option(None, "--level", "-l", help="province, regency, district or village."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """List the regions under CODE (default: its villages)."""
    regions = load_regions()
    region = regions.get(code)
    if level is None:
        level = "village" if region.level != "village" else "village"
    if level not in LEVELS:
        raise ConfigError(key="--level", value=level, valid_values=", ".join(LEVELS))
    if LEVELS.index(level) < LEVELS.index(region.level):
        raise ConfigError(
            key="--level", value=level, valid_values=", ".join(LEVELS[LEVELS.index(region.level):])
        )
    rows = []
    for r in regions.descendants(region.code, level):
        row: dict[str, Any] = {"code": r.code, "name": r.name, "kind": r.kind, "local_kind": r.local_kind}
        parent = regions.get(r.parent_code) if r.parent_code else None
        row["parent_code"] = parent.code if parent else None
        row["parent_name"] = parent.name if parent else None
        row["bps_code"] = r.bps_code
        rows.append(row)
    if fmt is OutputFormat.table:
        console = Console()
        districts = regions.descendants(region.code, "district") if region.level in ("province", "regency") else []
        villages = regions.descendants(region.code, "village")
        kinds = Counter(v.local_kind for v in villages)
        bps = f", BPS {region.bps_code}" if region.bps_code else ""
        console.print(
            f"[bold]{region.name}[/] ({region.code}{bps}): "
            + t("cli.regions.summary", STATE.lang, districts=fmt_int(len(districts), STATE.lang),
                villages=fmt_int(len(villages), STATE.lang),
                kinds=", ".join(f"{fmt_int(n, STATE.lang)} {k}" for k, n in sorted(kinds.items())))
        )
    render(rows, fmt, columns=[Col("code", priority=0), Col("name", priority=0, wrap=True),
                               Col("local_kind", priority=2), Col("parent_name", priority=1, wrap=True),
                               Col("bps_code", priority=3)])


@regions_app.command("find")
def regions_find(
    query: str = typer.Argument(..., help="Part of a name, e.g. 'liwa'."),
    level: str = typer.Option(None, "--level", "-l", help="Restrict to one level."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Find regions by name."""
    q = query.lower()
    rows = [
        r.as_dict()
        for r in load_regions().all(level)
        if q in r.name.lower()
    ]
    render(sorted(rows, key=lambda r: r["code"]), fmt, columns=[
        Col("code", priority=0), Col("name", priority=0, wrap=True),
        Col("level", priority=1, enum="level"),
        Col("local_kind", priority=3), Col("parent_code", priority=2)])


@nik_app.command("check")
def nik_check(
    niks: list[str] = typer.Argument(..., help="One or more NIKs."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Check NIKs and show what they encode."""
    from lokus.nik import check_nik, normalize_nik, parse_nik
    from lokus.quarantine import reason_message

    rows = []
    for raw in niks:
        reason = check_nik(raw)
        info = parse_nik(raw)
        rows.append(
            {
                "input": raw,
                "nik": normalize_nik(raw),
                "valid": reason is None,
                "reason": reason,
                "message": reason_message(reason, "registry", STATE.lang) if reason else None,
                "region_code": info.region_code if info else None,
                "birth_date": info.birth_date.isoformat() if info else None,
                "sex": info.sex if info else None,
            }
        )
    render(rows, fmt, columns=[
        Col("input", priority=0), Col("valid", kind="bool", priority=0), Col("message", priority=1, wrap=True),
        Col("region_code", priority=2),
        # the table writes the date the reader's way (10 Mei 2021 / 10 May 2021); CSV and JSON keep ISO 8601
        Col("birth_date", priority=3, value=lambda r: date.fromisoformat(r["birth_date"]) if r["birth_date"] else None),
        Col("sex", priority=4)])


@snapshots_app.command("list")
def snapshots_list(
    kind: str = typer.Option(None, "--kind", help="registry, stunting_loci, measurements, …"),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """List the dataset snapshots in the workspace."""
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace, read_only=True) as ws:
        snapshots, erased = ws.snapshots(kind), ws.erased_rows()
    rows = []
    for s in snapshots:  # rows and quarantined as recorded at ingest; erased: rows `lokus person erase` removed since
        items = list(s.as_dict().items())
        at = [k for k, _ in items].index("quarantined") + 1
        rows.append(dict([*items[:at], ("erased", erased.get(s.name, 0)), *items[at:]]))
    any_erased = any(r["erased"] for r in rows)
    columns = [
        Col("name", priority=0, wrap=True), Col("kind", priority=1, enum="snapshot_kind"), Col("rows_read", kind="int", priority=2),
        Col("rows", kind="int", priority=0, header="col.accepted"), Col("quarantined", kind="int", priority=1),
        *([Col("erased", kind="int", priority=1)] if any_erased else []),
        Col("created_at", priority=3), Col("source_file", priority=4, wrap=True)]
    render(rows, fmt, columns=columns, note=t("cli.snapshots.erased_note", STATE.lang) if any_erased else None)


@audit_app.command("list")
def audit_list(
    limit: int = LIMIT_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Who viewed or exported personal data (NIK, names), when, and how many rows."""
    import pyarrow as pa

    from lokus.privacy import audit_entries, describe_action, describe_target
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace, read_only=True) as ws:
        entries = audit_entries(ws, limit=None)  # newest first; the table shows the first --limit
    # every action in words for people (once per name; the table shows these, CSV/JSON keep the code too)
    said = {a: describe_action(a, STATE.lang) for a in set(entries["action"].to_pylist())}
    entries = entries.add_column(entries.schema.get_field_index("action") + 1, "action_text",
                                 pa.array([said[a] for a in entries["action"].to_pylist()], pa.string()))
    targets = {x: describe_target(x, STATE.lang) for x in set(entries["target"].to_pylist())}
    entries = entries.add_column(entries.schema.get_field_index("target") + 1, "target_text",
                                 pa.array([targets[x] for x in entries["target"].to_pylist()], pa.string()))
    render(entries, fmt, limit=limit, columns=[
        Col("logged_at", priority=0), Col("user_name", priority=0), Col("action_text", priority=0, wrap=True),
        Col("target_text", priority=1, wrap=True), Col("rows", kind="int", priority=1),
        Col("pseudonymised", kind="bool", priority=2), Col("output", priority=4, wrap=True)])


def register(app: typer.Typer) -> None:
    app.add_typer(regions_app, name="regions")
    app.add_typer(nik_app, name="nik")
    app.add_typer(snapshots_app, name="snapshots")
    app.add_typer(audit_app, name="audit")
