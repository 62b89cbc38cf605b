"""Which raw cells the tombstone searches when it marks an erased person's own rows (one search of every
cell per load: after the screen, only the row's own NIK cell can still hold an erased NIK)."""

from pathlib import Path

from lokus.privacy import Tombstone
from lokus.tables._detect import FileKind
from lokus.tables._load import LoadedTable


def _loaded(n: int) -> LoadedTable:
    return LoadedTable(path=Path("x.csv"), kind=FileKind.CSV, relation="r", headers=[f"h{i}" for i in range(n)])


def test_unscreened_file_is_searched_in_every_cell():
    assert Tombstone.mark_cells(_loaded(3)) == ["c0", "c1", "c2"]
    assert Tombstone.mark_cells(_loaded(2), "r.c{}") == ["r.c0", "r.c1"]


def test_screened_file_is_searched_in_its_own_nik_cell_only():
    loaded = _loaded(4)
    loaded.screened_nik = 2
    assert Tombstone.mark_cells(loaded) == ["c2"]
    assert Tombstone.mark_cells(loaded, "r.c{}") == ["r.c2"]
