"""The demo ranks through the policy path (lampung-barat-2022) and equals the founding rule.

The registry ingest lives on another branch; here a small stand-in loads the demo's P3KE file
(clean rows only), so the test exercises the demo's ranking step, not the ingest.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import lokus.registry
from lokus.engine import backend
from lokus.loci import founding_rule
from lokus.registry import registry_ddl


def _stand_in_ingest(ws, path, *, snapshot, fmt, district):  # noqa: ARG001 - same signature as the real one
    with ws.transaction() as con:
        for stmt in registry_ddl():
            con.execute(stmt)
        con.execute(
            """INSERT INTO registry (snapshot, nik, household_id, village_code, decile)
               SELECT ?, nik, id_keluarga_p3ke,
                      concat_ws('.', k[1:2], k[3:4], k[5:6], k[7:10]), desil_kesejahteraan::INTEGER
               FROM (SELECT *, trim(kode_kemdagri) AS k FROM read_csv(?, all_varchar = true))
               WHERE regexp_full_match(k, '[0-9]{10}')
                 AND regexp_full_match(trim(desil_kesejahteraan), '[1-9]|10')""",
            [snapshot, str(path)],
        )
        accepted = con.execute("SELECT count(*) FROM registry WHERE snapshot = ?", [snapshot]).fetchall()[0][0]
        ws.record_snapshot(snapshot, "registry", source_file=None, sha256=None, rows_read=None, rows=accepted)
    return SimpleNamespace(rows_read=accepted, accepted=accepted, quarantined=0, reasons={})


@pytest.mark.slow
def test_demo_ranking_is_the_founding_rule(monkeypatch, tmp_path):
    from lokus.demo import run_demo
    from lokus.workspace import Workspace

    monkeypatch.setattr(lokus.registry, "ingest_registry", _stand_in_ingest, raising=False)
    ws_path = tmp_path / "demo.duckdb"
    result = run_demo(ws_path, out_dir=tmp_path / "out", seed=2022)
    assert result.ranking.num_rows == 136
    with Workspace(ws_path, read_only=True) as ws:
        old = founding_rule(backend(ws.con), registry_snapshot="p3ke-2022", region="18.04",
                            stunting_snapshot="stunting-2022")
    assert result.ranking.column("code").equals(old.column("code"))
    assert result.ranking.column("reason").equals(old.column("reason"))
    first = result.ranking_file.read_bytes()
    again = run_demo(tmp_path / "demo2.duckdb", out_dir=tmp_path / "out2", seed=2022)
    assert again.ranking_file.read_bytes() == first  # write_ranking_csv stays deterministic
