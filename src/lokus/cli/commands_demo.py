"""`lokus demo`: the synthetic Lampung Barat district, end to end."""

from __future__ import annotations

import time

import typer
from rich.console import Console

from lokus.cli._context import STATE
from lokus.cli._output import ranking_table

_STEPS = {
    "generate": ("Membuat registri sintetis Lampung Barat …", "Generating the synthetic Lampung Barat registry …"),
    "ingest": ("Memuat berkas P3KE lewat jalur impor biasa …", "Loading the P3KE file through the normal ingest path …"),
    "measurements": ("Memuat hasil penimbangan posyandu (e-PPGBM, Agustus 2022) dan menghitung z-skor WHO …",
                     "Loading posyandu measurements (e-PPGBM, August 2022) and computing WHO z-scores …"),
    "stunting": ("Menentukan lokus stunting 2022 dari data balita …", "Deriving the 2022 stunting loci from the children's data …"),
    "rank": ("Menerapkan aturan lokus prioritas Lampung Barat 2022 …", "Applying the Lampung Barat 2022 priority rule …"),
    "programs": ("Memuat daftar penerima program dan menghitung kesenjangan di lokus …",
                 "Loading program recipient lists and computing the gaps in the loci …"),
    "pack": ("Menyusun paket rapat (PDF, Excel, peta) …", "Building the meeting pack (PDF, Excel, maps) …"),
}


def demo(
    seed: int = typer.Option(2022, "--seed", help="Random seed; the same seed gives the same district."),
    out_dir: str = typer.Option("demo-output", "--out-dir", help="Where the demo writes its files."),
    top: int = typer.Option(20, "--top", "-n", min=1, help="How many villages to show."),
) -> None:
    """Run the demo: a synthetic district from registry file to priority villages."""
    from lokus.demo import run_demo

    console = Console()
    en = STATE.lang == "en"
    started = time.perf_counter()

    def step(name: str) -> None:
        console.print(f"[cyan]•[/] {_STEPS[name][1 if en else 0]}")

    result = run_demo(STATE.workspace, out_dir=out_dir, seed=seed, lang=STATE.lang, step=step, pack=True)
    s = result.ingest
    if en:
        console.print(f"  {s.rows_read:,} rows read: {s.accepted:,} accepted, {s.quarantined:,} quarantined "
                      f"({', '.join(f'{k} {v}' for k, v in sorted(s.reasons.items()))}).")
    else:
        console.print(f"  {s.rows_read:,} baris dibaca: {s.accepted:,} diterima, {s.quarantined:,} dikarantina "
                      f"({', '.join(f'{k} {v}' for k, v in sorted(s.reasons.items()))}).")
    m, st = result.measurements, result.stunting
    if en:
        console.print(f"  {m.rows_read:,} measurements: {m.accepted:,} accepted, {m.quarantined:,} quarantined; "
                      f"{m.linked_to_registry:,} children linked to the registry by NIK; {m.zs_disagreements:,} rows "
                      f"where the file's z-score differs from WHO (kept, listed).")
        console.print(f"  Stunting (height-for-age < -2 SD): {st.stunted:,} of {st.children:,} children = "
                      f"{st.prevalence:.1f}% (SSGI 2022: 16.6%); {len(st.loci)} stunting-locus villages.")
    else:
        console.print(f"  {m.rows_read:,} pengukuran: {m.accepted:,} diterima, {m.quarantined:,} dikarantina; "
                      f"{m.linked_to_registry:,} balita tertaut ke registri lewat NIK; {m.zs_disagreements:,} baris "
                      f"z-skor berkas berbeda dari WHO (disimpan, didaftar).")
        console.print(f"  Stunting (TB/U < -2 SD): {st.stunted:,} dari {st.children:,} balita = "
                      f"{st.prevalence:.1f}% (SSGI 2022: 16,6%); {len(st.loci)} desa lokus stunting.")
    ranking = result.ranking
    title = (f"Priority villages, Lampung Barat 2022 (top {top} of {ranking.num_rows})" if en
             else f"Lokus prioritas Lampung Barat 2022 ({top} teratas dari {ranking.num_rows} pekon/kelurahan)")
    console.print(ranking_table(ranking.slice(0, top), en=en, title=title))
    if result.convergence is not None:
        from lokus.cli._output import gaps_table

        gaps_title = ("Coverage gaps in the 20 priority villages" if en
                      else "Kesenjangan cakupan program di 20 lokus prioritas")
        console.print(gaps_table(result.convergence.coverage, en=en, title=gaps_title))
    elapsed = time.perf_counter() - started
    console.print(f"{'Ranking' if en else 'Peringkat'}: {result.ranking_file}")
    console.print(f"Workspace: [bold]{result.workspace}[/]")
    if result.pack is not None:
        from lokus.i18n import t

        console.print(t("pack.written", STATE.lang, path=str(result.pack.out_dir),
                        files=", ".join(p.name for p in result.pack.files)), soft_wrap=True)
    console.print(
        f"Done in {elapsed:.1f} s. Next: `lokus loci --top 10`, `lokus gaps --by village`, `lokus worklist --office dinsos --out dinsos.xlsx`."
         if en else f"Selesai dalam {elapsed:.1f} dtk. Selanjutnya: `lokus loci --top 10`, `lokus gaps --by village`, `lokus worklist --office dinsos --out dinsos.xlsx`."
    )


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
