"""The ingest's promises: nothing lost, one sentence for a bad file, all-or-nothing writes."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lokus.errors import LokusError
from lokus.registry import ingest_registry
from lokus.workspace import Workspace
from tests.registry.factory import P3KE_HEADERS, p3ke_row, people, write_p3ke

TODAY = date(2026, 11, 27)

_CELLS = {
    "nik": [
        "1804040101700001",
        "1804044202710002",
        "1.80404E+15",
        "'1804040303720003",
        "123",
        "",
        "abc",
        "1804049999990001",
    ],
    "id_keluarga_p3ke": ["P1", "P2", "P3", ""],
    "kode_kemdagri": ["1804042002", "18.04.04.2006", "9999999999", "", "18 04 05 2001", "x"],
    "desil_kesejahteraan": ["1", "01", "Desil 2", "", "11", "nol", "10"],
    "jenis_kelamin": ["Laki-laki", "Perempuan", "L", "P", "?", ""],
    "tanggal_lahir": ["01-01-1970", "1971-02-02", "33000", "31-02-2000", "01-01-2999", ""],
    "no_kk": ["1804040101009000", "", "9999"],
    "penerima_pkh": ["Ya", "Tidak", "T", "1", "mungkin", ""],
}
_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)


@st.composite
def registry_files(draw: st.DrawFn) -> tuple[bytes, str]:
    base = list(_CELLS)
    optional = draw(
        st.lists(st.sampled_from(P3KE_HEADERS + ["catatan", "Kolom Aneh"]), max_size=4, unique=True)
    )
    headers = [h for h in base if draw(st.booleans()) or h in ("nik", "kode_kemdagri")] + [
        h for h in optional if h not in base
    ]
    n = draw(st.integers(0, 12))
    rows = []
    for _ in range(n):
        rows.append([draw(st.sampled_from(_CELLS[h])) if h in _CELLS else draw(_TEXT) for h in headers])
    if rows and draw(st.booleans()):
        rows.append(list(rows[0]))  # an exact duplicate
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(headers)
    writer.writerows(rows)
    text = buf.getvalue()
    if draw(st.booleans()):
        text += draw(
            st.sampled_from(["\n\n", "garbage line without delimiters\n", 'a"b' + delimiter + "\n", ""])
        )
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return text.encode(encoding, errors="replace"), draw(st.sampled_from(["f.csv", "f.txt", "f.tsv"]))


FUZZ = settings(
    max_examples=int(os.environ.get("LOKUS_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FUZZ
@given(registry_files())
def test_any_csv_loads_losslessly_or_fails_with_one_sentence(file: tuple[bytes, str]):
    data, name = file
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        with Workspace(Path(tmp) / "ws.duckdb") as ws:
            try:
                s = ingest_registry(ws, path, snapshot="h", today=TODAY)
            except LokusError as exc:
                for lang in ("id", "en"):
                    msg = exc.message(lang)
                    assert msg and "\n" not in msg and "Traceback" not in msg
                assert not ws.find_snapshot("h")
                return
            assert s.rows_read == s.accepted + s.quarantined
            stored = ws.con.execute(
                "SELECT (SELECT count(*) FROM registry WHERE snapshot = 'h'), "
                "(SELECT count(*) FROM quarantine WHERE snapshot = 'h')"
            ).fetchone()
            assert stored == (s.accepted, s.quarantined)
            assert sum(s.by_village.values()) == s.accepted
            assert all(n > 0 for n in s.reasons.values())


_MAGIC = [
    b"",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"PAR1",
    b"%PDF",
    b"\xef\xbb\xbf",
    b"<table>",
]


@FUZZ
@given(
    st.sampled_from(_MAGIC),
    st.binary(max_size=600),
    st.sampled_from(["f.csv", "f.xlsx", "f.xls", "f.parquet"]),
)
def test_any_bytes_load_or_fail_with_one_sentence(magic: bytes, body: bytes, name: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(magic + body)
        with Workspace(Path(tmp) / "ws.duckdb") as ws:
            try:
                s = ingest_registry(ws, path, snapshot="h", today=TODAY)
            except LokusError as exc:
                assert "\n" not in exc.message("en")
                return
            assert s.rows_read == s.accepted + s.quarantined


def test_failure_mid_ingest_leaves_workspace_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with Workspace(tmp_path / "ws.duckdb") as ws:
        ingest_registry(ws, write_p3ke(tmp_path / "a.csv", people(6)), snapshot="reg", today=TODAY)
        before = ws.con.execute("SELECT count(*), min(nik) FROM registry").fetchone()

        def boom(*args: object, **kwargs: object) -> None:
            raise RuntimeError("disk full")

        # Fails after the rows of the new file were already written inside the transaction.
        monkeypatch.setattr(Workspace, "record_snapshot", boom)
        with pytest.raises(RuntimeError):
            ingest_registry(ws, write_p3ke(tmp_path / "b.csv", people(9)[3:]), snapshot="reg", today=TODAY)
        assert ws.con.execute("SELECT count(*), min(nik) FROM registry").fetchone() == before
        assert ws.con.execute("SELECT count(*) FROM quarantine").fetchone()[0] == 0
        assert ws.snapshot("reg").rows == 6
        monkeypatch.undo()
        # The workspace still works afterwards.
        s = ingest_registry(ws, write_p3ke(tmp_path / "c.csv", people(3)), snapshot="other", today=TODAY)
        assert s.accepted == 3


_CHILD = textwrap.dedent(
    """
    import sys
    from lokus.registry import ingest_registry
    from lokus.workspace import Workspace

    def progress(stage, fraction):
        print(stage, flush=True)

    with Workspace(sys.argv[1]) as ws:
        ingest_registry(ws, sys.argv[2], snapshot="reg", progress=progress, replace=True)
    print("finished", flush=True)
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", ["validate", "write"])
def test_sigkill_mid_ingest_leaves_workspace_as_it_was(tmp_path: Path, kill_at: str):
    ws_path = tmp_path / "ws.duckdb"
    with Workspace(ws_path) as ws:
        ingest_registry(ws, write_p3ke(tmp_path / "small.csv", people(4)), snapshot="reg", today=TODAY)
    big = tmp_path / "big.csv"
    with open(big, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(P3KE_HEADERS)
        template = p3ke_row(people(1)[0])
        for i in range(150_000):
            row = dict(
                template,
                id_keluarga_p3ke=f"H{i // 4}",
                id_individu=str(i),
                nik=f"180404{1 + i % 28:02d}{1 + i // 28 % 12:02d}{i // 336 % 100:02d}{1 + i // 33600:04d}",
            )
            writer.writerow(row.values())
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(ws_path), str(big)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None
    seen = []
    for line in child.stdout:
        seen.append(line.strip())
        if line.strip() == kill_at:
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait(timeout=60)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL, seen
    with Workspace(ws_path) as ws:
        assert [s.name for s in ws.snapshots()] == ["reg"]
        assert ws.snapshot("reg").rows == 4
        assert ws.con.execute("SELECT count(*) FROM registry").fetchone()[0] == 4
