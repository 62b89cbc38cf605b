"""`lokus loci` (priority units under a policy: rank, explain, diff, sensitivity), `lokus policy`
and `lokus ingest stunting-loci`. Thin shell: parse, call :mod:`lokus.loci`, render."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from lokus.cli._apps import ingest_app
from lokus.cli._columns import COLUMN_OPTION, COLUMNS_OPTION, mapping
from lokus.cli._context import STATE
from lokus.cli._output import (
    REPLACE_OPTION,
    Col,
    OutputFormat,
    print_ranking,
    print_snapshot_change,
    print_table,
    render,
)
from lokus.i18n import fmt_int, has_header, header, t, t_n

loci_app = typer.Typer(
    help="Priority villages, ranked and explained.",
    invoke_without_command=True,
)
policy_app = typer.Typer(help="Priority-locus policies.", no_args_is_help=True)

POLICY_OPTION = typer.Option(
    None, "--policy", "-p", help="Built-in policy name or a .toml file (default: lampung-barat-2022)."
)
REGISTRY_OPTION = typer.Option(None, "--registry", "-r", help="Registry snapshot (default: the policy's, else the latest).")
LOCI_OPTION = typer.Option(
    None, "--stunting-loci", "-s", help="Stunting-loci snapshot or CSV file (default: the latest, if any)."
)
DISTRICT_OPTION = typer.Option(
    None, "--district", "-d", help="Region whose units are ranked: a Kemendagri code or 'national' (default: the policy's, else 18.04)."
)
FORMAT_OPTION = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json.")


from lokus.cli._engine import ENGINE_OPTION, MEMORY_OPTION  # noqa: E402  (shared by the analysis commands)
from lokus.cli._progress import engine_key, working  # noqa: E402


def _run(
    policy_ref: str | None,
    registry: str | None,
    stunting_loci: str | None,
    district: str | None,
    engine: str | None = None,
    memory_limit: str | None = None,
) -> tuple[Any, Any, Any]:
    """(policy, inputs, ranking) for the given options."""
    from lokus.engine import EngineSettings, backend, connect
    from lokus.loci import DEFAULT_POLICY, default_region, load_policy, rank_policy, resolve_inputs
    from lokus.workspace import Workspace

    policy = load_policy(policy_ref or DEFAULT_POLICY)
    settings = EngineSettings.from_env(engine=engine, memory_limit=memory_limit)
    if settings.engine != "duckdb":  # the tables come from the engine's own locations: no workspace
        from lokus.loci._engine_inputs import resolve_inputs_on

        with working(engine_key(settings.engine)):
            be = connect(settings)
            inputs = resolve_inputs_on(
                be, policy, registry=registry, stunting_loci=stunting_loci,
                region=default_region(district, policy),
            )
            return policy, inputs, rank_policy(be, policy, inputs, lang=STATE.lang)
    with Workspace(STATE.workspace, read_only=True) as ws, working():
        inputs = resolve_inputs(
            ws, policy, registry=registry, stunting_loci=stunting_loci, region=default_region(district, policy),
        )
        table = rank_policy(backend(ws.con, settings.memory_limit), policy, inputs, lang=STATE.lang)
    return policy, inputs, table


def _sources(policy: Any, inputs: Any) -> str:
    """The line under a ranking naming the policy and snapshots it used."""
    from lokus.reports import sources_line

    return sources_line(STATE.lang, policy=policy.name, registry=inputs.registry_snapshot,
                        stunting_loci=inputs.stunting_source, measurements=inputs.growth_snapshot,
                        region=inputs.region)


def _with_sources(table: Any, policy: Any, inputs: Any) -> Any:
    """The ranking with the policy and snapshots it came from as the last columns (CSV, JSON, files)."""
    import pyarrow as pa

    n = table.num_rows
    for name, value in (("policy", policy.name), ("registry_snapshot", inputs.registry_snapshot),
                        ("stunting_loci_snapshot", inputs.stunting_source)):
        table = table.append_column(name, pa.array([value] * n, pa.string()))
    return table


# Shares shown as percentages in a workbook (the cells keep the share, as CSV and JSON do).
_SHARES = {c: "0.0%" for side in ("", "_a", "_b") for c in (f"decile1_share{side}", f"coverage{side}")}
_SHARES["selected_share"] = "0%"


def _write(table: Any, out: Path, note: str | None = None, notes: tuple[str, ...] = ()) -> None:
    from lokus.reports import write_table

    write_table(table, out, lang=STATE.lang, note=note, notes=notes, sheet_name="lokus", labels={"change": "loci_change"},
                number_formats=_SHARES)
    # On stderr: the listing on stdout stays what --format asked for (a CSV or JSON pipe is not broken).
    Console(stderr=True, highlight=False).print(
        t("cli.loci.written", STATE.lang, path=str(out), rows=t_n("count.row", table.num_rows, STATE.lang)), markup=False)


@loci_app.callback()
def loci(
    ctx: typer.Context,
    policy: str = POLICY_OPTION,
    registry: str = REGISTRY_OPTION,
    stunting_loci: str = LOCI_OPTION,
    district: str = DISTRICT_OPTION,
    top: int = typer.Option(None, "--top", "-n", min=1, help="Show only the first N units."),
    fmt: OutputFormat = FORMAT_OPTION,
    out: Path = typer.Option(None, "--out", "-o", help="Also write the full ranking to this .csv, .xlsx or .json file."),
    sensitivity: bool = typer.Option(
        False, "--sensitivity", help="Rank stability when weights/thresholds move ±20% (or vs --registry-b)."
    ),
    registry_b: str = typer.Option(None, "--registry-b", help="With --sensitivity: also compare this snapshot."),
    delta: float = typer.Option(0.2, "--delta", min=0.01, max=0.9, help="With --sensitivity: relative move."),
    publish: bool = typer.Option(
        False, "--publish", help="For publication: blank counts of 1-9 and the cells that would reveal them through totals."
    ),
    engine: str = ENGINE_OPTION,
    memory_limit: str = MEMORY_OPTION,
) -> None:
    """Rank units under a policy (default: the Lampung Barat 2022 rule), each with its reason."""
    if ctx.invoked_subcommand is not None:
        # `lokus loci --policy X explain CODE` works like `lokus loci explain CODE --policy X`
        ctx.obj = {"policy": policy, "registry": registry, "stunting_loci": stunting_loci, "district": district}
        return
    if out:
        from lokus.reports import check_output

        check_output(out)  # a bad extension or folder is refused before any work
    if sensitivity:
        _sensitivity(policy, registry, stunting_loci, district, registry_b, delta, top, fmt, out)
        return
    from lokus.loci import PRIORITY_TOP, mark_priority

    pol, inputs, table = _run(policy, registry, stunting_loci, district, engine, memory_limit)
    # which rows are the priority loci (the meeting pack's, the maps', `gaps`', the web app's): the founding
    # rule selects every village, so "selected" alone does not say it
    table = mark_priority(table)
    caption = t("cli.loci.priority_caption", STATE.lang, top=fmt_int(PRIORITY_TOP, STATE.lang))
    note = _sources(pol, inputs)
    if publish:
        from lokus.privacy import publishable_ranking
        from lokus.workspace import Workspace

        # publishing records the suppression pattern, so that later releases of the same snapshot
        # (kecamatan totals, other policies) stay consistent with this one
        with Workspace(STATE.workspace) as ws:
            table = publishable_ranking(table, lang=STATE.lang, ws=ws, snapshot=inputs.registry_snapshot,
                                        release=f"loci:{pol.name}")
    if out:
        _write(_with_sources(table, pol, inputs), out, note, (caption,))
    if fmt is OutputFormat.table:
        print_ranking(table, pol, top=top, note=note, console=Console(highlight=False))
    else:
        render(_with_sources(table.slice(0, top) if top else table, pol, inputs), fmt)


@loci_app.command("explain")
def explain(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Unit code, e.g. 18.04.04.2002 or 1804042002."),
    policy: str = POLICY_OPTION,
    registry: str = REGISTRY_OPTION,
    stunting_loci: str = LOCI_OPTION,
    district: str = DISTRICT_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Why a unit is (not) selected, and what would change it."""
    from lokus.loci import explain_unit
    from lokus.regions import normalize_code

    shared = ctx.obj or {}
    pol, inputs, table = _run(policy or shared.get("policy"), registry or shared.get("registry"),
                              stunting_loci or shared.get("stunting_loci"), district or shared.get("district"))
    result = explain_unit(table, pol, normalize_code(code), lang=STATE.lang)
    if fmt is OutputFormat.table:
        console = Console(highlight=False)
        console.print(f"[bold]{result.code} {result.name}[/] ({pol.name})")
        for line in result.lines:
            console.print(line, soft_wrap=True)
        console.print(_sources(pol, inputs), style="dim", markup=False)
    else:
        render([result.as_dict()], fmt)


@loci_app.command("diff")
def diff(
    ctx: typer.Context,
    policy: str = POLICY_OPTION,
    policy_b: str = typer.Option(None, "--policy-b", help="Second policy (default: the same as --policy)."),
    registry: str = REGISTRY_OPTION,
    registry_b: str = typer.Option(None, "--registry-b", help="Second registry snapshot (default: the same)."),
    stunting_loci: str = LOCI_OPTION,
    district: str = DISTRICT_OPTION,
    everything: bool = typer.Option(False, "--all", help="List every unit, not only those that change."),
    top: int = typer.Option(
        20, "--top", "-n", min=0,
        help="Priority loci compared: the first N selected units of each ranking (0 = every selected unit).",
    ),
    fmt: OutputFormat = FORMAT_OPTION,
    out: Path = typer.Option(None, "--out", "-o", help="Also write the comparison to this .csv, .xlsx or .json file."),
) -> None:
    """Which units enter and leave the priority loci between two policies or two snapshots, and why."""
    from lokus.errors import ConfigError
    from lokus.loci import diff_rankings

    shared: dict[str, Any] = ctx.obj or {}
    policy, registry = policy or shared.get("policy"), registry or shared.get("registry")  # type: ignore[assignment]
    stunting_loci = stunting_loci or shared.get("stunting_loci")  # type: ignore[assignment]
    district = district or shared.get("district")  # type: ignore[assignment]
    if not policy_b and not registry_b:
        raise ConfigError(key="--policy-b / --registry-b", value="-", valid_values="a second policy or snapshot")
    if out:
        from lokus.reports import check_output

        check_output(out)
    pol_a, inputs_a, table_a = _run(policy, registry, stunting_loci, district)
    pol_b, inputs_b, table_b = _run(policy_b or policy, registry_b or registry, stunting_loci, district)
    label_a = f"{pol_a.name} @ {inputs_a.registry_snapshot}"
    label_b = f"{pol_b.name} @ {inputs_b.registry_snapshot}"
    result = diff_rankings(table_a, table_b, pol_a, pol_b, label_a=label_a, label_b=label_b, everything=everything,
                           top=top or None)
    lang = STATE.lang
    compared = t("cli.loci.diff_compares", lang, top=fmt_int(top, lang)) if top else \
        t("cli.loci.diff_compares_all", lang)
    if out:
        _write(result.table, out, f"A: {label_a}; B: {label_b}. {compared}")
    if fmt is not OutputFormat.table:
        render(result.table, fmt)
        return
    console = Console(highlight=False)
    console.print(f"A: {label_a}\nB: {label_b}", markup=False)
    console.print(compared, markup=False)
    console.print(t("cli.loci.diff_summary", lang, entered=fmt_int(len(result.entered), lang),
                    left=fmt_int(len(result.left), lang)))
    criteria = {c.name: c for c in [*pol_a.criteria, *pol_b.criteria]}
    columns: list[Col | str] = [Col("change", enum="loci_change", priority=0), Col("code", priority=0),
                                Col("name", wrap=True, priority=1), Col("rank_a", kind="int", priority=0),
                                Col("rank_b", kind="int", priority=0)]
    for i, (name, c) in enumerate(criteria.items()):
        columns.append(Col(
            name, priority=2 + i, wrap=True,
            label=header(name, lang) if has_header(name) else c.kind.label(c, lang),
            value=_change_of(name),
        ))
    render(result.table, fmt, console=console, columns=columns)


def _change_of(name: str) -> Any:
    """A ``Col.value``: criterion ``name`` in ranking A → in ranking B."""
    def change(r: dict[str, Any]) -> str:
        return f"{_cell(r[f'{name}_a'])} → {_cell(r[f'{name}_b'])}"

    return change


def _cell(value: Any) -> str:
    from lokus.cli._output import format_cell

    return format_cell(value, Col("value"), STATE.lang) if value is not None else "-"


def _sensitivity(policy_ref: str | None, registry: str | None, stunting_loci: str | None, district: str | None,
                 registry_b: str | None, delta: float, top: int | None, fmt: OutputFormat, out: Path | None) -> None:
    from lokus.engine import backend
    from lokus.loci import (
        DEFAULT_POLICY,
        default_region,
        load_policy,
        rank_policy,
        resolve_inputs,
        sensitivity,
    )
    from lokus.workspace import Workspace

    base = load_policy(policy_ref or DEFAULT_POLICY)
    region = default_region(district, base)
    with Workspace(STATE.workspace, read_only=True) as ws:
        inputs = resolve_inputs(ws, base, registry=registry, stunting_loci=stunting_loci, region=region)
        be = backend(ws.con)
        others = []
        if registry_b:
            inputs_b = resolve_inputs(ws, base, registry=registry_b, stunting_loci=stunting_loci, region=region)
            others.append((f"registry {registry_b}", rank_policy(be, base, inputs_b, lang=STATE.lang)))
        report = sensitivity(lambda p: rank_policy(be, p, inputs, lang=STATE.lang), base, delta=delta,
                             others=others, lang=STATE.lang)
    note = _sources(base, inputs)
    if out:
        _write(report.units, out, note)
    units = report.units.slice(0, top) if top else report.units
    if fmt is OutputFormat.json:
        import json
        import sys

        from lokus.cli._output import rows_from

        sys.stdout.write(json.dumps({"variants": report.variants, "units": rows_from(units)[1]},
                                    ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if fmt is OutputFormat.csv:
        render(units, fmt)
        return
    console = Console(highlight=False)
    lang = STATE.lang
    console.print(f"[bold]{base.name}[/]: "
                  + t("cli.loci.variants", lang, n=fmt_int(len(report.variants), lang), delta=f"{delta:.0%}"))
    for note in report.notes:
        console.print(note)
    if report.variants:
        print_table(report.variants, [Col("variant", priority=0, wrap=True), Col("selected", kind="int", priority=0),
                                      Col("spearman", kind="number", digits=3, priority=1),
                                      Col("kendall", kind="number", digits=3, priority=2)], console=console)
    print_table(units, [Col("rank", kind="int", priority=0), Col("code", priority=0),
                        Col("name", wrap=True, priority=1), Col("selected", kind="bool", priority=0),
                        Col("rank_min", kind="int", priority=2), Col("rank_max", kind="int", priority=2),
                        Col("selected_share", kind="pct", digits=0, priority=1)], console=console)
    console.print(note, style="dim", markup=False)


@policy_app.command("list")
def policy_list(fmt: OutputFormat = FORMAT_OPTION) -> None:
    """The built-in policies."""
    from lokus.loci import builtin_policies, load_policy

    rows = []
    for name in builtin_policies():
        p = load_policy(name)
        rows.append({
            "name": p.name, "unit": p.unit.value, "selection": p.selection.method.value,
            "criteria": ", ".join(p.criterion_names), "title": p.title_in(STATE.lang),
        })
    render(rows, fmt, columns=[Col("name", priority=0), Col("unit", enum="policy_unit", priority=2),
                               Col("selection", enum="selection", priority=3), Col("criteria", wrap=True, priority=4),
                               Col("title", wrap=True, priority=1)])


@policy_app.command("show")
def policy_show(name: str = typer.Argument(..., help="Built-in policy name or a .toml file.")) -> None:
    """Print a policy file (built-in or yours)."""
    import sys

    from lokus.loci import policy_text

    sys.stdout.write(policy_text(name))


@policy_app.command("check")
def policy_check(file: Path = typer.Argument(..., help="Policy file (.toml) to validate.")) -> None:
    """Validate a policy file: one sentence naming the key, line and valid options if it is wrong."""
    from lokus.loci import load_policy

    p = load_policy(str(file))
    lang = STATE.lang
    Console(highlight=False).print(t(
        "cli.policy.ok", lang, name=p.name, unit=t(f"policy_unit.{p.unit.value}", lang), n=len(p.criteria),
        selection=t(f"selection.{p.selection.method.value}", lang),
    ))


@ingest_app.command("stunting-loci")
def ingest_loci(
    file: Path = typer.Argument(..., help="CSV with a village-code column (kode_wilayah / village_code)."),
    snapshot: str = typer.Option(..., "--snapshot", help="Snapshot name, e.g. stunting-2022."),
    district: str = typer.Option(None, "--district", "-d", help="Quarantine villages outside this region."),
    column: list[str] = COLUMN_OPTION,
    columns: Path = COLUMNS_OPTION,
    replace: bool = REPLACE_OPTION,
) -> None:
    """Load a list of stunting-locus villages (bad or outside codes are quarantined)."""
    from lokus.i18n import t
    from lokus.loci import ingest_stunting_loci
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace) as ws:
        s = ingest_stunting_loci(ws, file, snapshot=snapshot, district=district, columns=mapping(column, columns),
                                 replace=replace)
    console = Console(highlight=False)
    lang = STATE.lang
    print_snapshot_change(console, s.snapshot, s.previous, unchanged=s.unchanged)
    console.print(t("stunting_loci.ingest.summary", lang, snapshot=s.snapshot, rows_read=fmt_int(s.rows_read, lang),
                    accepted=fmt_int(s.accepted, lang), quarantined=fmt_int(s.quarantined, lang),
                    villages=fmt_int(s.villages, lang)))
    if s.quarantined:
        console.print(t("ingest.summary.quarantine_hint", lang, snapshot=s.snapshot), markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(loci_app, name="loci")
    app.add_typer(policy_app, name="policy")
