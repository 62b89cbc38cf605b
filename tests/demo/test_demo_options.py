"""`lokus demo` options a new user tries: none is silently ignored, and the hints name the workspace used."""

from __future__ import annotations

from pathlib import Path

import pytest

from lokus.cli.commands_demo import next_steps


@pytest.mark.parametrize("option", [["--people", "5000"], ["--memory-limit", "2GB"]])
def test_district_demo_refuses_the_scale_only_options(cli, tmp_path: Path, option: list[str]) -> None:  # noqa: ANN001
    r = cli("--lang", "en", "demo", "--scale", "district", *option, "--out-dir", str(tmp_path / "d"))
    assert r.exit_code != 0
    text = " ".join((r.stdout + r.stderr).split())
    assert f"{option[0]} applies only to --scale province or national" in text and "Traceback" not in text
    assert not (tmp_path / "d").exists()  # refused before any work


def test_scale_demo_refuses_a_bad_memory_limit_before_any_work(cli, tmp_path: Path) -> None:  # noqa: ANN001
    r = cli("demo", "--scale", "province", "--memory-limit", "lots", "--out-dir", str(tmp_path / "p"))
    assert r.exit_code == 2
    assert "Batas memori 'lots' tidak sah" in " ".join(r.stderr.split())
    assert not (tmp_path / "p").exists()


def test_next_hints_name_the_workspace_and_region(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LOKUS_WORKSPACE", raising=False)
    assert next_steps(Path("lokus.duckdb")).startswith("`lokus loci --top 10`")
    hints = next_steps(tmp_path / "out" / "province" / "lokus.duckdb", "18")
    ws = tmp_path / "out" / "province" / "lokus.duckdb"
    assert f"`lokus -w {ws} loci --district 18 --top 10`" in hints
    assert f"`lokus -w {ws} gaps --region 18 --by village`" in hints
    assert f"`lokus -w {ws} worklist --region 18 --office dinsos --out dinsos.xlsx`" in hints
