"""Every workbook the CLI writes speaks the reader's language: each header comes from the catalogue
(no snake_case column name, no ``raw:`` prefix), and columns of codes show their catalogue words —
in Bahasa Indonesia by default and in English with ``--lang en``. CSV keeps the snake_case keys and
the codes, the same in both languages.

The workspace is :mod:`tests.cli.workspace_fixture`; the commands are those of
:mod:`tests.cli.test_files_are_safe`.
"""

from __future__ import annotations

import pytest

from tests.cli.test_files_are_safe import OUTPUTS

openpyxl = pytest.importorskip("openpyxl")


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("args", OUTPUTS, ids=lambda a: " ".join(a[:2]))
def test_every_workbook_header_comes_from_the_catalogue(args, lang, ws_cli, tmp_path, monkeypatch):
    import lokus.i18n as i18n

    unknown: list[str] = []
    real = i18n.header

    def header(column: str, lang: str = i18n.DEFAULT_LANG, topic: str | None = None) -> str:
        if not i18n.has_header(column) and not (topic and i18n.has(f"col.{topic}.{column}")):
            unknown.append(column)
        return real(column, lang, topic)

    monkeypatch.setattr(i18n, "header", header)
    out = tmp_path / "out.xlsx"
    res = ws_cli("--lang", lang, *(a.replace("{out}", str(out)) for a in args))
    assert res.exit_code == 0, res.stderr
    assert unknown == []
    for sheet in openpyxl.load_workbook(out).worksheets:
        for row in sheet.iter_rows(max_row=4, values_only=True):
            assert not [v for v in row if isinstance(v, str) and v.startswith("raw:")]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_quarantine_workbook_names_kinds_and_reasons(lang, ws_cli, tmp_path):
    from lokus.i18n import t

    for snapshot in ("reg-a",):
        out = tmp_path / f"{snapshot}.xlsx"
        assert ws_cli("--lang", lang, "quarantine", "export", "--snapshot", snapshot, "--out", out).exit_code == 0
        sheet = openpyxl.load_workbook(out).active
        heads = [c.value for c in sheet[1]]
        rows = [dict(zip(heads, r, strict=False)) for r in sheet.iter_rows(min_row=2, values_only=True)]
        kind_h, reasons_h, messages_h = (t(f"col.{c}", lang) for c in ("kind", "reasons", "messages"))
        rows = [r for r in rows if r.get(reasons_h)]
        assert rows
        for r in rows:
            assert r[kind_h] in (t("snapshot_kind.registry", lang), t("snapshot_kind.measurements", lang))
            assert r[messages_h] != r[reasons_h]  # a sentence, never the bare code
        csv_out = tmp_path / f"{snapshot}.csv"
        assert ws_cli("--lang", lang, "quarantine", "export", "--snapshot", snapshot, "--out", csv_out).exit_code == 0
        assert csv_out.read_text(encoding="utf-8-sig").startswith("snapshot,kind,")


def test_loci_diff_workbook_names_the_change(ws_cli, tmp_path):
    from lokus.i18n import t

    for lang in ("id", "en"):
        out = tmp_path / f"diff-{lang}.xlsx"
        args = ("--lang", lang, "loci", "diff", "--registry-b", "reg-a", "--all", "--out", out)
        assert ws_cli(*args).exit_code == 0
        sheet = openpyxl.load_workbook(out).active
        changes = {r[0] for r in sheet.iter_rows(min_row=2, values_only=True) if r[1]}
        words = {t(f"loci_change.{c}", lang) for c in ("enters", "leaves", "stays", "stays_out")}
        assert changes and changes <= words
