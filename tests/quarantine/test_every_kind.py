"""One quarantine for every kind of snapshot, and loads that fail loudly (issue 10, builds 2 and 3).

Each test runs for every ingest kind. On the first release these failed: measurement rows could not
be listed (``quarantine list --snapshot <measurements>`` said the snapshot did not exist), a load that
accepted nothing exited 0 and replaced the snapshot, and a different file silently replaced a snapshot.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.quarantine.kinds import REPLACEABLE, SNAPSHOT_KINDS, registry


@pytest.fixture
def loaded(cli, tmp_path: Path):
    """A workspace with a registry snapshot (the lists match against it)."""
    args, _ = registry(tmp_path)
    assert cli(*args).exit_code == 0
    return cli


def _snapshots(cli) -> dict[str, dict]:
    res = cli("snapshots", "list", "--format", "json")
    assert res.exit_code == 0, res.stderr
    return {s["name"]: s for s in json.loads(res.stdout)}


def _snapshot_of(cli, kind: str, name: str) -> dict:
    snaps = _snapshots(cli)
    if name:
        return snaps[name]
    return [s for s in snaps.values() if s["kind"] == kind][-1]


@pytest.mark.parametrize("kind", sorted(SNAPSHOT_KINDS))
def test_quarantine_list_and_export_work_for_every_kind(loaded, tmp_path: Path, kind: str):
    args, name = SNAPSHOT_KINDS[kind](tmp_path)
    res = loaded(*args)
    assert res.exit_code == 0, res.stderr
    snap = _snapshot_of(loaded, kind, name)
    assert snap["rows_read"] == snap["rows"] + snap["quarantined"] and snap["quarantined"] >= 1

    listed = loaded("quarantine", "list", "--snapshot", snap["name"], "--format", "json", "--lang", "en")
    assert listed.exit_code == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert len(rows) == snap["quarantined"]
    assert {r["kind"] for r in rows} == {kind} and all(r["reasons"] and r["messages"] for r in rows)
    assert all(r["messages"] != r["reasons"] for r in rows)  # a sentence, not the bare code

    by_kind = loaded("quarantine", "list", "--kind", kind, "--format", "json")
    assert by_kind.exit_code == 0 and len(json.loads(by_kind.stdout)) == snap["quarantined"]

    out = tmp_path / f"q-{kind}.csv"
    assert loaded("quarantine", "export", "--snapshot", snap["name"], "--out", str(out)).exit_code == 0
    records = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(records) == snap["quarantined"] and any(k.startswith("raw:") for k in records[0])


def test_export_without_snapshot_covers_every_kind(loaded, tmp_path: Path):
    for kind, build in SNAPSHOT_KINDS.items():
        if kind != "registry":
            assert loaded(*build(tmp_path)[0]).exit_code == 0, kind
    res = loaded("quarantine", "export", "--format", "json")
    assert res.exit_code == 0, res.stderr
    rows = json.loads(res.stdout)
    assert {r["kind"] for r in rows} == set(SNAPSHOT_KINDS)
    total = sum(s["quarantined"] for s in _snapshots(loaded).values())
    assert len(rows) == total


@pytest.mark.parametrize("kind", sorted(SNAPSHOT_KINDS))
def test_load_that_accepts_nothing_fails_and_changes_nothing(loaded, tmp_path: Path, kind: str):
    if kind != "registry":
        assert loaded(*SNAPSHOT_KINDS[kind](tmp_path)[0]).exit_code == 0
    before = _snapshots(loaded)
    args, _ = SNAPSHOT_KINDS[kind](tmp_path, empty=True)
    if kind in REPLACEABLE:
        args = [*args, "--replace"]  # even with --replace, an empty load replaces nothing
    res = loaded(*args)
    assert res.exit_code == 3, (res.stdout, res.stderr)
    assert "Traceback" not in res.stderr and "tidak satu pun" in res.stderr
    after = _snapshots(loaded)
    assert {n: (s["sha256"], s["rows"]) for n, s in after.items()} == {
        n: (s["sha256"], s["rows"]) for n, s in before.items()
    }


@pytest.mark.parametrize("kind", REPLACEABLE)
def test_replacing_needs_replace_and_says_what_was_held(loaded, tmp_path: Path, kind: str):
    build = SNAPSHOT_KINDS[kind]
    first, name = build(tmp_path, 0)
    if kind != "registry":
        assert loaded(*first).exit_code == 0
    held = _snapshots(loaded)[name]
    same = loaded(*first)
    assert same.exit_code == 0 and "tidak ada yang berubah" in same.stdout, same.stderr

    second, _ = build(tmp_path, 1)
    refused = loaded(*second)
    assert refused.exit_code == 4 and "--replace" in refused.stderr, refused.stderr
    assert _snapshots(loaded)[name]["sha256"] == held["sha256"]

    replaced = loaded(*second, "--replace")
    assert replaced.exit_code == 0, replaced.stderr
    assert "diganti" in replaced.stdout and f"{held['rows']} baris diterima" in replaced.stdout
    assert Path(held["source_file"]).name in replaced.stdout
    assert _snapshots(loaded)[name]["sha256"] != held["sha256"]


def test_quarantine_list_of_an_unknown_snapshot_is_one_sentence(loaded):
    res = loaded("quarantine", "list", "--snapshot", "nope")
    assert res.exit_code == 4 and "reg" in res.stderr and "Traceback" not in res.stderr


def test_quarantine_list_never_creates_a_workspace(cli, workspace_path: Path):
    res = cli("quarantine", "list")
    assert res.exit_code == 4 and "lokus demo" in res.stderr
    assert not workspace_path.exists()


@pytest.mark.parametrize("kind", sorted(SNAPSHOT_KINDS))
def test_the_table_reads_only_what_it_shows_and_says_the_same(loaded, tmp_path: Path, workspace_path: Path,
                                                              kind: str):
    """``quarantine list`` (table) reads its page, count, reasons and filled columns in SQL: the same
    as computing them from every row, for every kind and every page size."""
    from lokus.quarantine import IDENT_FIELDS, quarantine_rows, view_quarantine_page
    from lokus.workspace import Workspace

    args, name = SNAPSHOT_KINDS[kind](tmp_path)
    assert loaded(*args).exit_code == 0
    snap = _snapshot_of(loaded, kind, name)
    with Workspace(str(workspace_path)) as ws:
        every = quarantine_rows(ws, snap["name"], lang="en")
        for limit in (0, 1, 2, len(every) + 5):
            page = view_quarantine_page(ws, snap["name"], limit=limit, lang="en")
            assert page.rows == (every[:limit] if limit else every)
            assert page.total == len(every) == snap["quarantined"]
            assert page.reasons == sorted({c for r in every for c in r["reasons"].split(", ") if c})
            assert page.filled == {f for f in IDENT_FIELDS if any(r[f] is not None for r in every)}
            assert page.kind == kind
    table = loaded("quarantine", "list", "--snapshot", snap["name"], "--limit", "1")
    assert table.exit_code == 0, table.stderr
    n = snap["quarantined"]
    assert f"{n} baris dikarantina" in table.stdout and f"1/{n}" not in table.stdout  # words, not "1/N"
    assert (n > 1) == (f"… dan {n - 1} baris lagi" in " ".join(table.stdout.split()))
