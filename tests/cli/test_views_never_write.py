"""Views never write (product rule 3): every listing and view command leaves the workspace as it was.

Each command runs on a copy of a small workspace holding every kind of snapshot
(:mod:`tests.cli.workspace_fixture`); before and after, every table's name, row count and content
hash are compared. The one allowed change: a view of personal data appends rows to ``audit_log``
(and nothing else); the test says which commands those are, and checks that they did.

A test also fails when a command exists that is classified neither as a view nor as a write, so a
new command cannot escape the rule.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.cli import workspace_fixture as wf

AUDIT = "audit_log"
AUDIT_DETAIL = "audit_detail"  # the identifiers an audited view showed (for subject access), beside its row

# Commands that only show (or write a file, never the workspace). True: shows personal data, so
# the core appends to audit_log.
VIEWS: dict[str, tuple[tuple[str, ...], bool]] = {
    "regions show": (("regions", "show", "18.04.04"), False),
    "regions find": (("regions", "find", "liwa"), False),
    "nik check": (("nik", "check", "1804045607900001"), False),
    "snapshots list": (("snapshots", "list"), False),
    "snapshots diff": (("snapshots", "diff", "reg-a", "reg-b"), False),
    "snapshots diff --people": (("snapshots", "diff", "reg-a", "reg-b", "--people"), True),
    "audit list": (("audit", "list"), False),
    "quarantine list": (("quarantine", "list", "--snapshot", "reg-a"), True),
    "quarantine export": (("quarantine", "export", "--snapshot", "reg-a"), True),
    "programs list": (("programs", "list"), False),
    "programs show": (("programs", "show", "PKH"), False),
    "programs unmatched": (("programs", "unmatched"), True),
    "quarantine list --kind interventions": (("quarantine", "list", "--kind", "interventions"), True),
    "gaps": (("gaps", "--region", "all"), False),
    "gaps --by village": (("gaps", "--region", "all", "--by", "village"), False),
    "gaps --by office": (("gaps", "--region", "all", "--by", "office", "--format", "json"), False),
    "gaps --by household": (("gaps", "--region", "all", "--by", "household"), True),
    "worklist --office": (("worklist", "--office", "dinsos", "--region", "all"), True),
    "worklist --village": (("worklist", "--village", wf.V1, "--format", "csv"), True),
    "worklist --out": (("worklist", "--village", wf.V1, "--out", "{tmp}/w.xlsx"), True),
    "stunting-risk": (("stunting-risk", "--region", "all"), True),
    "participants": (("participants",), False),
    "interventions list": (("interventions", "list"), True),
    "loci": (("loci",), False),
    "loci --top": (("loci", "--top", "3", "--out", "{tmp}/r.xlsx"), False),
    "loci explain": (("loci", "explain", wf.V1), False),
    "loci diff": (("loci", "diff", "--registry-b", "reg-b"), False),
    "loci --sensitivity": (("loci", "--sensitivity", "--top", "2"), False),
    "policy list": (("policy", "list"), False),
    "policy show": (("policy", "show", "lampung-barat-2022"), False),
    "stunting loci": (("stunting", "loci", "--min-children", "5"), False),
    "stunting loci --top": (("stunting", "loci", "--top", "3", "--min-children", "5"), False),
    "measurements disagreements": (("measurements", "disagreements"), False),
    "indicators list": (("indicators", "list"), False),
    "indicators show": (("indicators", "show", "18.04", "-i", "stunting"), False),
    "indicators compare": (("indicators", "compare", "18.04", "--admin-stunting", "20"), False),
    "targets show": (("targets", "show", "18.04"), False),
    "audit verify": (("audit", "verify"), False),
    "audit head": (("audit", "head", "--out", "{tmp}/head.json"), False),
    "map": (("map", "loci", "--out", "{tmp}/peta.svg"), False),
    "users list": (("users", "list"), False),
}
# Commands whose purpose is to write the workspace (or, for anthro/poverty/policy check/indicators
# chart, that never open it): not part of this test.
WRITES = {
    "ingest measurements", "ingest programs", "ingest registry", "ingest stunting-loci", "interventions add",
    "interventions import", "indicators add", "demo",
    # personal-data rights and housekeeping, accounts, the web server (accounts, audit), the meeting pack
    # (its own files plus one pack.export audit row), the pseudonym key (a file outside the workspace)
    "person erase", "person restore", "person export", "workspace compact", "users add", "users disable", "users reset-password",
    "serve", "report pack", "pseudonym rotate",
}
NO_WORKSPACE = {"anthro chart", "anthro prevalence", "anthro zscores", "poverty fgt", "policy check",
                "indicators chart", "synth"}


def fingerprint(path: Path) -> dict[str, tuple[int, int]]:
    """{table: (rows, order-independent content hash)} of every table in the workspace."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
        out = {}
        for name in names:
            rows, digest = con.execute(
                f'SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM "{name}" AS t').fetchone()
            out[name] = (int(rows), int(digest))
        return out
    finally:
        con.close()


def _leaf_commands() -> set[str]:
    import typer

    from lokus.cli._docs import _walk
    from lokus.cli.main import app

    leaves = set()
    for path, cmd in _walk(typer.main.get_command(app), []):
        if path and not getattr(cmd, "commands", None):
            leaves.add(" ".join(path))
    leaves.add("loci")  # a group whose callback ranks
    return leaves


def test_every_command_is_classified():
    views = {name.split(" --")[0] for name in VIEWS}
    unclassified = _leaf_commands() - views - WRITES - NO_WORKSPACE
    assert not unclassified, f"classify these commands in {__file__}: {sorted(unclassified)}"


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_view_leaves_the_workspace_unchanged(name, built, cli, workspace_path, tmp_path):
    args, personal = VIEWS[name]
    wf.copy(built, workspace_path)
    before = fingerprint(workspace_path)
    res = cli(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert res.exit_code == 0, res.stderr
    after = fingerprint(workspace_path)
    audit = {AUDIT, AUDIT_DETAIL}
    assert set(after) - audit == set(before) - audit, "a view created or dropped a table"
    changed = sorted(t for t in before if t not in audit and before[t] != after.get(t))
    assert not changed, f"`lokus {' '.join(args)}` changed {changed}"
    audit_before = before.get(AUDIT, (0, 0))[0]
    audit_after = after.get(AUDIT, (0, 0))[0]
    if personal:  # the one allowed change: the audit row of a personal-data view
        assert audit_after > audit_before, f"`lokus {' '.join(args)}` shows personal data but was not audited"
        # ... naming the people it showed, so `lokus person export` finds the row (subject access)
        assert after[AUDIT_DETAIL][0] > before.get(AUDIT_DETAIL, (0, 0))[0], (
            f"`lokus {' '.join(args)}` was audited without the identifiers it showed (records=)")
    else:
        assert audit_after == audit_before


def test_stunting_loci_top_does_not_replace_a_snapshot_or_the_ranking(built, cli, workspace_path):
    """The trial: `stunting loci --top 3` overwrote a snapshot `stunting-loci`, which became the
    latest and moved villages in the priority ranking."""
    wf.copy(built, workspace_path)
    ranking = cli("loci", "--format", "csv").stdout
    snaps = cli("snapshots", "list", "--format", "csv").stdout
    assert cli("stunting", "loci", "--top", "3", "--min-children", "5").exit_code == 0
    assert cli("snapshots", "list", "--format", "csv").stdout == snaps
    assert "stunting-loci" not in snaps
    assert cli("loci", "--format", "csv").stdout == ranking


@pytest.mark.parametrize("args", [
    ("loci",), ("loci", "--format", "csv"), ("stunting", "loci", "--min-children", "5"),
    ("gaps", "--region", "all"), ("gaps", "--region", "all", "--by", "village"),
    ("worklist", "--office", "dinsos", "--region", "all"), ("measurements", "disagreements"),
])
def test_rankings_and_listings_name_their_snapshots(args, built, cli, workspace_path):
    wf.copy(built, workspace_path)
    res = cli(*args)
    assert res.exit_code == 0, res.stderr
    text = res.stdout
    if args[0] == "loci":
        assert "lampung-barat-2022" in text and "reg-b" in text  # the policy and the latest registry
        if "csv" not in args:
            assert "stunting-a" in text
    elif args[0] == "stunting" or args[0] == "measurements":
        assert "m-2022" in text
    else:
        assert "reg-b" in text and "pkh-2024-06" in text.lower()
