"""``lokus demo --scale province``: the same steps at province scale (tiny here: a few thousand people)."""

from __future__ import annotations

from pathlib import Path

from lokus.demo._scale import run_scale_demo


def test_province_scale_runs_synth_ingest_loci_gaps(tmp_path: Path) -> None:
    steps: list[str] = []
    r = run_scale_demo("province", out_dir=tmp_path, people=3_000, step=steps.append, memory_limit="1GB")
    assert steps == ["synth", "ingest", "measurements", "stunting", "rank", "programs"]
    assert r.ingest.accepted == 3_000 and r.ingest.quarantined == 0
    assert r.synth.villages == r.ranking.num_rows  # every village of Lampung is ranked
    assert all(str(c).startswith("18.") for c in r.ranking["code"].to_pylist())
    assert r.coverage is not None and r.coverage.num_rows >= 8
    assert r.ranking_file.exists() and r.workspace == (tmp_path / "province" / "lokus.duckdb").resolve()


def test_cli_scale_refuses_an_unknown_scale_in_one_sentence(cli, tmp_path: Path) -> None:
    r = cli("--lang", "en", "demo", "--scale", "planet", "--out-dir", str(tmp_path))
    assert r.exit_code != 0
    assert "Traceback" not in r.stdout + r.stderr
    assert "planet is unknown" in " ".join((r.stdout + r.stderr).split())
