"""A small demo workspace for the web tests: four real villages of Lampung Barat from the demo
generator (synthetic people), loaded through the same ingest paths a user's files take, plus one
account per role. Built once per test session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

VILLAGES = ("18.04.08.2001", "18.04.08.2002", "18.04.04.2002", "18.04.04.1001")
MINE = "18.04.08.2001"  # the village head's and the midwife's pekon
OTHER = "18.04.04.2002"  # another pekon (another kecamatan)
SEED = 2022
PASSWORDS = {
    "admin": "admin-password-1", "ana": "analyst-password-1", "prov": "province-password-1",
    "dinsos": "office-password-1", "pera": "peratin-password-1", "bidan": "midwife-password-1",
    "pera2": "peratin-password-2", "bidan2": "midwife-password-2",
}


@dataclass
class WebFixture:
    workspace: Path
    out_dir: Path


def build(base: Path) -> WebFixture:
    import polars as pl

    from lokus.demo._generate import DISTRICT, generate, with_field_errors
    from lokus.demo._measurements import generate_measurements
    from lokus.demo._programs import run_convergence_demo
    from lokus.measurements import derive_stunting_loci, ingest_measurements
    from lokus.registry import ingest_registry
    from lokus.web import Role, add_account
    from lokus.workspace import Workspace

    out = base / "files"
    out.mkdir(parents=True, exist_ok=True)
    district = generate(SEED)
    villages = district.villages.filter(pl.col("code").is_in(VILLAGES))
    people = district.people.filter(pl.col("kode_kemdagri").is_in([v.replace(".", "") for v in VILLAGES]))
    registry = out / "p3ke.csv"
    with_field_errors(people, SEED).write_csv(registry)
    measurements = out / "eppgbm.csv"
    generate_measurements(people, villages, SEED).write_csv(measurements)
    path = base / "ws.duckdb"
    with Workspace(path) as ws:
        ingest_registry(ws, registry, snapshot="p3ke-2022", fmt="p3ke", district=DISTRICT)
        ingest_measurements(ws, measurements, snapshot="eppgbm-2022-08", district=DISTRICT,
                            registry_snapshot="p3ke-2022")
        derive_stunting_loci(ws, measurements="eppgbm-2022-08", region=DISTRICT, snapshot="stunting-2022", top=2,
                             min_measured=5)
        run_convergence_demo(ws, out, SEED, people=people)
        add_account(ws, "admin", Role.admin, PASSWORDS["admin"], scope="18.04")
        add_account(ws, "ana", Role.analyst, PASSWORDS["ana"], scope="18.04")
        add_account(ws, "prov", Role.province, PASSWORDS["prov"], scope="18")
        add_account(ws, "dinsos", Role.office, PASSWORDS["dinsos"], scope="18.04", office="dinsos")
        add_account(ws, "pera", Role.village_head, PASSWORDS["pera"], scope=MINE)
        add_account(ws, "bidan", Role.midwife, PASSWORDS["bidan"], scope=MINE)
        add_account(ws, "pera2", Role.village_head, PASSWORDS["pera2"], scope=OTHER)
        add_account(ws, "bidan2", Role.midwife, PASSWORDS["bidan2"], scope=OTHER)
    return WebFixture(path, out)
