import pytest

from lokus.privacy import audit, audit_entries
from lokus.workspace import Workspace


def test_audit_trail(workspace_path, monkeypatch):
    monkeypatch.setenv("LOKUS_USER", "analis-bappeda")
    with Workspace(workspace_path) as ws:
        assert audit_entries(ws).num_rows == 0
        audit(ws, "quarantine.export", target="p3ke-2022", rows=160, scope="18.04", output="q.csv")
        audit(ws, "quarantine.list", target="p3ke-2022", rows=20)
        rows = audit_entries(ws).to_pylist()
    with Workspace(workspace_path, read_only=True) as ro, pytest.raises(RuntimeError):
        audit(ro, "quarantine.list", target="p3ke-2022", rows=20)
    assert [r["action"] for r in rows] == ["quarantine.list", "quarantine.export"]
    assert rows[1]["user_name"] == "analis-bappeda" and rows[1]["rows"] == 160


def test_quarantine_views_are_audited(cli, tmp_path, workspace_path):
    f = tmp_path / "reg.csv"
    f.write_text(
        "id_keluarga_p3ke,kode_kemdagri,desil_kesejahteraan,nik,nama\n"
        "H1,1804042002,1,1804045607900001,SITI\n"
        "H1,1804042002,1,1.80404E+15,BUDI\n",
        encoding="utf-8",
    )
    assert cli("ingest", "registry", str(f), "--snapshot", "r").exit_code == 0
    assert cli("quarantine", "list", "--snapshot", "r", "--format", "json").exit_code == 0
    assert cli("quarantine", "export", "--snapshot", "r", "--out", str(tmp_path / "q.csv")).exit_code == 0
    with Workspace(workspace_path) as ws:
        actions = [r["action"] for r in audit_entries(ws).to_pylist()]
    assert actions == ["quarantine.export", "quarantine.list"]


@pytest.mark.parametrize(("target", "lang", "expected"), [
    ("office:dinsos", "id", "Kantor: Dinas Sosial"), ("office:dinsos", "en", "Office: Social Affairs Office"),
    ("pack:18.04", "id", "Paket rapat 18.04 Kabupaten Lampung Barat"),
    ("pack:18.04", "en", "Meeting pack 18.04 Kabupaten Lampung Barat"),
    ("families_at_risk", "id", "Keluarga berisiko stunting"), ("households", "en", "All households"),
    ("quarantine>30d;audit_detail>365d", "id", "Karantina lebih tua dari 30 hari; rincian audit lebih tua dari 365 hari"),
    ("quarantine>1d;audit_detail>Noned", "en", "Quarantine older than 1 day"),
    ("village:18.04.04.2002", "en", "Village Kubu Perahu (18.04.04.2002)"),
    ("registry:*", "id", "Semua snapshot registri"), ("p3ke-2025", "en", "p3ke-2025"), ("-", "id", ""),
    ("program_recipients", "en", "Program recipients"), ("person", "id", "Satu orang"),
])
def test_an_audit_target_in_words(target, lang, expected):
    from lokus.privacy import describe_target

    assert describe_target(target, lang) == expected


@pytest.mark.parametrize("lang", ["id", "en"])
def test_audit_list_shows_targets_in_words_and_keeps_the_code(cli, workspace_path, lang):
    import csv
    import io

    with Workspace(workspace_path) as ws:
        audit(ws, "worklist.view", target="office:dinsos", rows=2)
        audit(ws, "stunting-risk.view", target="families_at_risk", rows=1)
    table = cli("--lang", lang, "audit", "list")
    assert table.exit_code == 0, table.stderr
    words = {"id": ("Kantor: Dinas Sosial", "Keluarga berisiko stunting"),
             "en": ("Office: Social Affairs Office", "Families at risk of stunting")}[lang]
    assert all(w in table.stdout for w in words)
    assert "office:dinsos" not in table.stdout and "families_at_risk" not in table.stdout
    rows = list(csv.DictReader(io.StringIO(cli("--lang", lang, "audit", "list", "--format", "csv").stdout)))
    assert [(r["target"], r["target_text"]) for r in rows] == [("families_at_risk", words[1]), ("office:dinsos", words[0])]
