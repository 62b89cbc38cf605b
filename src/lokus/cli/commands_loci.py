"""`lokus loci` (priority units under a policy: rank, explain, diff, sensitivity), `lokus policy`
and `lokus ingest stunting-loci`. Thin shell: parse, call :mod:`lokus.loci`, render."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from lokus.cli._apps import ingest_app
from lokus.cli._context import STATE
from lokus.cli._output import OutputFormat, policy_table, ranking_table, render

loci_app = typer.Typer(
    help="Lokus prioritas: peringkat desa / priority villages, ranked and explained.",
    invoke_without_command=True,
)
policy_app = typer.Typer(help="Kebijakan lokus prioritas / priority-locus policies.", no_args_is_help=True)

DEFAULT_DISTRICT = "18.04"

POLICY_OPTION = typer.Option(
    None, "--policy", "-p", help="Built-in policy name or a .toml file (default: lampung-barat-2022)."
)
REGISTRY_OPTION = typer.Option(None, "--registry", "-r", help="Registry snapshot (default: the policy's, else the latest).")
LOCI_OPTION = typer.Option(
    None, "--stunting-loci", "-s", help="Stunting-loci snapshot or CSV file (default: the latest, if any)."
)
DISTRICT_OPTION = typer.Option(
    None, "--district", "-d", help="Region whose units are ranked (default: the policy's, else 18.04)."
)
FORMAT_OPTION = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json.")


ENGINE_OPTION = typer.Option(
    None, "--engine", help="duckdb (default) or spark (LOKUS_SPARK_MASTER, LOKUS_SPARK_TABLES; see docs/engines.md)."
)
MEMORY_OPTION = typer.Option(None, "--memory-limit", help="DuckDB memory limit, e.g. 3GB (spills to disk beyond).")


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
    from lokus.loci import DEFAULT_POLICY, load_policy, rank_policy, resolve_inputs
    from lokus.workspace import Workspace

    policy = load_policy(policy_ref or DEFAULT_POLICY)
    settings = EngineSettings.from_env(engine=engine, memory_limit=memory_limit)
    if settings.engine != "duckdb":  # the tables come from the engine's own locations: no workspace
        from lokus.loci._engine_inputs import resolve_inputs_on

        be = connect(settings)
        inputs = resolve_inputs_on(
            be, policy, registry=registry, stunting_loci=stunting_loci,
            region=district or policy.filters.region or DEFAULT_DISTRICT,
        )
        return policy, inputs, rank_policy(be, policy, inputs, lang=STATE.lang)
    with Workspace(STATE.workspace, read_only=True) as ws:
        inputs = resolve_inputs(
            ws, policy, registry=registry, stunting_loci=stunting_loci,
            region=district or policy.filters.region or DEFAULT_DISTRICT,
        )
        table = rank_policy(backend(ws.con, settings.memory_limit), policy, inputs, lang=STATE.lang)
    return policy, inputs, table


def _write(table: Any, out: Path) -> None:
    if str(out).endswith(".json"):
        render(table, OutputFormat.json, out=str(out))
        return
    from lokus.demo._run import write_ranking_csv

    write_ranking_csv(table, out)


@loci_app.callback()
def loci(
    ctx: typer.Context,
    policy: str = POLICY_OPTION,
    registry: str = REGISTRY_OPTION,
    stunting_loci: str = LOCI_OPTION,
    district: str = DISTRICT_OPTION,
    top: int = typer.Option(None, "--top", "-n", min=1, help="Show only the first N units."),
    fmt: OutputFormat = FORMAT_OPTION,
    out: Path = typer.Option(None, "--out", "-o", help="Also write the full ranking to this CSV/JSON file."),
    sensitivity: bool = typer.Option(
        False, "--sensitivity", help="Rank stability when weights/thresholds move ±20% (or vs --registry-b)."
    ),
    registry_b: str = typer.Option(None, "--registry-b", help="With --sensitivity: also compare this snapshot."),
    delta: float = typer.Option(0.2, "--delta", min=0.01, max=0.9, help="With --sensitivity: relative move."),
    publish: bool = typer.Option(
        False, "--publish", help="For publication: blank counts of 1-4 (and the shares/reasons revealing them)."
    ),
    engine: str = ENGINE_OPTION,
    memory_limit: str = MEMORY_OPTION,
) -> None:
    """Rank units under a policy (default: the Lampung Barat 2022 rule), each with its reason."""
    if ctx.invoked_subcommand is not None:
        # `lokus loci --policy X explain CODE` works like `lokus loci explain CODE --policy X`
        ctx.obj = {"policy": policy, "registry": registry, "stunting_loci": stunting_loci, "district": district}
        return
    if sensitivity:
        _sensitivity(policy, registry, stunting_loci, district, registry_b, delta, top, fmt, out)
        return
    pol, _inputs, table = _run(policy, registry, stunting_loci, district, engine, memory_limit)
    if publish:
        from lokus.privacy import publishable_ranking

        table = publishable_ranking(
            table, note="(disamarkan: sel < 5)" if STATE.lang != "en" else "(suppressed: cell < 5)"
        )
    if out:
        _write(table, out)
    shown = table.slice(0, top) if top else table
    if fmt is OutputFormat.table and publish:
        render(shown, fmt)
    elif fmt is OutputFormat.table:
        from lokus.loci import DEFAULT_POLICY

        en = STATE.lang == "en"
        view = ranking_table(shown, en=en) if pol.name == DEFAULT_POLICY else policy_table(shown, pol, en=en)
        Console().print(view)
    else:
        render(shown, fmt)


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
    pol, _inputs, table = _run(policy or shared.get("policy"), registry or shared.get("registry"),
                               stunting_loci or shared.get("stunting_loci"), district or shared.get("district"))
    result = explain_unit(table, pol, normalize_code(code), lang=STATE.lang)
    if fmt is OutputFormat.table:
        console = Console(highlight=False)
        console.print(f"[bold]{result.code} {result.name}[/] ({pol.name})")
        for line in result.lines:
            console.print(line, soft_wrap=True)
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
    fmt: OutputFormat = FORMAT_OPTION,
    out: Path = typer.Option(None, "--out", "-o", help="Also write the comparison to this CSV/JSON file."),
) -> None:
    """Which units enter and leave the selection between two policies or two snapshots, and why."""
    from lokus.errors import ConfigError
    from lokus.loci import diff_rankings

    shared = ctx.obj or {}
    policy, registry = policy or shared.get("policy"), registry or shared.get("registry")
    stunting_loci, district = stunting_loci or shared.get("stunting_loci"), district or shared.get("district")
    if not policy_b and not registry_b:
        raise ConfigError(key="--policy-b / --registry-b", value="-", valid_values="a second policy or snapshot")
    pol_a, inputs_a, table_a = _run(policy, registry, stunting_loci, district)
    pol_b, inputs_b, table_b = _run(policy_b or policy, registry_b or registry, stunting_loci, district)
    label_a = f"{pol_a.name} @ {inputs_a.registry_snapshot}"
    label_b = f"{pol_b.name} @ {inputs_b.registry_snapshot}"
    result = diff_rankings(table_a, table_b, pol_a, pol_b, label_a=label_a, label_b=label_b, everything=everything)
    if out:
        from lokus.cli._output import rows_from, to_csv_text, to_json_text

        cols, data = rows_from(result.table)
        text = to_json_text(cols, data) if str(out).endswith(".json") else to_csv_text(cols, data)
        Path(out).write_text(text, encoding="utf-8")
    if fmt is not OutputFormat.table:
        render(result.table, fmt)
        return
    en = STATE.lang == "en"
    console = Console(highlight=False)
    console.print(f"A: {label_a}\nB: {label_b}")
    console.print(
        f"{len(result.entered)} enter, {len(result.left)} leave the selection." if en
        else f"{len(result.entered)} masuk, {len(result.left)} keluar dari seleksi."
    )
    rows = []
    names = list(dict.fromkeys(pol_a.criterion_names + pol_b.criterion_names))
    words = {"enters": "masuk", "leaves": "keluar", "stays": "tetap", "stays_out": "tetap di luar"}
    for r in result.table.to_pylist():
        row = {
            "change" if en else "perubahan": r["change"] if en else words[r["change"]],
            "code" if en else "kode": r["code"], "name" if en else "nama": r["name"],
            "#A": r["rank_a"], "#B": r["rank_b"],
        }
        for c in names:
            row[c] = f"{r[f'{c}_a']} → {r[f'{c}_b']}"
        rows.append(row)
    render(rows, fmt, console=console)


def _sensitivity(policy_ref: str | None, registry: str | None, stunting_loci: str | None, district: str | None,
                 registry_b: str | None, delta: float, top: int | None, fmt: OutputFormat, out: Path | None) -> None:
    from lokus.engine import backend
    from lokus.loci import DEFAULT_POLICY, load_policy, rank_policy, resolve_inputs, sensitivity
    from lokus.workspace import Workspace

    base = load_policy(policy_ref or DEFAULT_POLICY)
    region = district or base.filters.region or DEFAULT_DISTRICT
    with Workspace(STATE.workspace, read_only=True) as ws:
        inputs = resolve_inputs(ws, base, registry=registry, stunting_loci=stunting_loci, region=region)
        be = backend(ws.con)
        others = []
        if registry_b:
            inputs_b = resolve_inputs(ws, base, registry=registry_b, stunting_loci=stunting_loci, region=region)
            others.append((f"registry {registry_b}", rank_policy(be, base, inputs_b, lang=STATE.lang)))
        report = sensitivity(lambda p: rank_policy(be, p, inputs, lang=STATE.lang), base, delta=delta,
                             others=others, lang=STATE.lang)
    if out:
        _write(report.units, out)
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
    en = STATE.lang == "en"
    console.print(f"[bold]{base.name}[/]: " + (f"{len(report.variants)} variants (±{delta:.0%})" if en
                                               else f"{len(report.variants)} varian (±{delta:.0%})"))
    for note in report.notes:
        console.print(note)
    if report.variants:
        render(report.variants, OutputFormat.table, console=console)
    render(units, OutputFormat.table, console=console)


@policy_app.command("list")
def policy_list(fmt: OutputFormat = FORMAT_OPTION) -> None:
    """The built-in policies."""
    from lokus.loci import builtin_policies, load_policy

    rows = []
    for name in builtin_policies():
        p = load_policy(name)
        rows.append({
            "name": p.name, "unit": p.unit.value, "selection": p.selection.method.value,
            "criteria": ", ".join(p.criterion_names), "title": p.title,
        })
    render(rows, fmt)


@policy_app.command("show")
def policy_show(name: str = typer.Argument(..., help="Built-in policy name or a .toml file.")) -> None:
    """Print a policy file (built-in or yours)."""
    import sys

    from lokus.loci import builtin_policies, load_policy

    load_policy(name)  # validates, with a one-sentence error
    builtins = builtin_policies()
    sys.stdout.write(builtins[name] if name in builtins else Path(name).read_text(encoding="utf-8"))


@policy_app.command("check")
def policy_check(file: Path = typer.Argument(..., help="Policy file (.toml) to validate.")) -> None:
    """Validate a policy file: one sentence naming the key, line and valid options if it is wrong."""
    from lokus.loci import load_policy

    p = load_policy(str(file))
    en = STATE.lang == "en"
    n = len(p.criteria)
    Console(highlight=False).print(
        f"OK: {p.name} ({p.unit.value}, {n} criteria, selection {p.selection.method.value})" if en
        else f"OK: {p.name} ({p.unit.value}, {n} kriteria, seleksi {p.selection.method.value})"
    )


@ingest_app.command("stunting-loci")
def ingest_loci(
    file: Path = typer.Argument(..., help="CSV with a village-code column (kode_wilayah / village_code)."),
    snapshot: str = typer.Option(..., "--snapshot", help="Snapshot name, e.g. stunting-2022."),
    district: str = typer.Option(None, "--district", "-d", help="Reject villages outside this region."),
) -> None:
    """Load a list of stunting-locus villages."""
    from lokus.loci import ingest_stunting_loci
    from lokus.workspace import Workspace

    with Workspace(STATE.workspace) as ws:
        n = ingest_stunting_loci(ws, file, snapshot=snapshot, district=district)
    Console().print(f"{snapshot}: {n} desa lokus stunting" if STATE.lang == "id" else f"{snapshot}: {n} stunting-locus villages")


def register(app: typer.Typer) -> None:
    app.add_typer(loci_app, name="loci")
    app.add_typer(policy_app, name="policy")
