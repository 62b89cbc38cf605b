"""Keyed pseudonyms: an unkeyed NIK hash is reversible by enumeration, the keyed one is not."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, timedelta

import pyarrow as pa
import pytest

from lokus.privacy import identifier_kind, load_key, pseudonym, pseudonymise_table, rotate_key

# a synthetic woman born 1994-03-17 in kecamatan Balik Bukit (18.04.04), serial 0007
NIK = "1804045703940007"


def plausible_niks(region: str = "180404", years: range = range(1994, 1995), serials: int = 20):
    """Every NIK of one kecamatan, one birth year, both sexes and the first serials."""
    day = date(years.start, 1, 1)
    while day.year < years.stop:
        for female in (False, True):
            dd = day.day + (40 if female else 0)
            for s in range(1, serials + 1):
                yield f"{region}{dd:02d}{day.month:02d}{day.year % 100:02d}{s:04d}"
        day += timedelta(days=1)


def test_an_unkeyed_nik_hash_is_reversed_by_enumeration():
    leaked = hashlib.sha256(NIK.encode()).hexdigest()
    found = [n for n in plausible_niks() if hashlib.sha256(n.encode()).hexdigest() == leaked]
    assert found == [NIK]


def test_the_keyed_pseudonym_is_not_without_the_key(monkeypatch, tmp_path):
    monkeypatch.delenv("LOKUS_PSEUDONYM_KEY", raising=False)
    monkeypatch.setenv("LOKUS_PSEUDONYM_KEY_FILE", str(tmp_path / "k"))
    key = load_key()
    leaked = pseudonym(key, "nik", NIK)
    assert leaked.startswith("NIK-") and NIK not in leaked
    candidates = list(plausible_niks())
    guesses = [b"", b"lokus", b"0" * 32, hashlib.sha256(b"lokus").digest()]
    for guess in guesses:  # an attacker without the key, trying the same enumeration
        assert not any(pseudonym(guess, "nik", n) == leaked for n in candidates)
        assert not any(hashlib.sha256(f"nik:{n}".encode()).hexdigest()[:20] == leaked[4:] for n in candidates)
    assert any(pseudonym(key, "nik", n) == leaked for n in candidates)  # the key holder can join back


def test_key_file_is_private_stable_and_rotatable(monkeypatch, tmp_path):
    monkeypatch.delenv("LOKUS_PSEUDONYM_KEY", raising=False)
    monkeypatch.delenv("LOKUS_PSEUDONYM_KEY_FILE", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    ws = tmp_path / "data" / "ws.duckdb"
    key = load_key(ws)
    path = tmp_path / "cfg" / "lokus" / "pseudonym.key"
    assert path.exists() and oct(path.stat().st_mode & 0o777) == "0o600" and not (tmp_path / "data").exists()
    assert load_key(ws) == key
    new, old = rotate_key(ws)
    assert new == path and old is not None and old.exists()
    assert load_key(ws) != key


@pytest.mark.parametrize(("column", "kind"), [
    ("nik", "nik"), ("head_nik", "nik"), ("mother_nik", "nik"), ("nik_ibu", "nik"), ("kk", "kk"), ("no_kk", "kk"),
    ("household_id", "household"), ("id_keluarga_p3ke", "household"), ("dtks_id", "household"),
    ("p3ke_id", "household"), ("id_individu", "person"), ("name", "name"), ("head_name", "name"),
    ("nama", "name"), ("nama_ibu", "name"), ("child_name", "name"), ("address", "address"), ("alamat", "address"),
    ("phone", "phone"), ("no_hp", "phone"), ("telepon", "phone"),
    ("village_name", None), ("village_code", None), ("decile", None), ("program_name", None), ("nama_desa", None),
])
def test_identifier_columns_are_recognised(column, kind):
    assert identifier_kind(column) == kind


def test_pseudonymised_table_holds_no_identifier():
    t = pa.table({
        "village_code": ["18.04.04.2002"], "household_id": ["P3KE180404200201218"], "kk": ["1804041203080011"],
        "head_nik": [NIK], "head_name": ["SITI AMINAH"], "alamat": ["Dusun II RT 03"], "no_hp": ["081234567890"],
        "family_ref": ["1804045703940008"], "household_size": [4], "birth_date": [date(1994, 3, 17)], "decile": [1],
    })
    out = pseudonymise_table(t, b"k" * 32)
    text = json.dumps(out.to_pylist(), default=str)
    assert not re.search(r"\d{16}", text)
    for clear in ("P3KE180404200201218", "SITI", "Dusun", "081234567890"):
        assert clear not in text
    row = out.to_pylist()[0]
    assert row["household_id"].startswith("RT-") and row["family_ref"].startswith("NIK-")
    assert row["household_size"] == "3-4" and row["birth_date"] == "1994"
    assert row["village_code"] == "18.04.04.2002" and row["decile"] == 1
