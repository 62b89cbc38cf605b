"""The meeting packs on disk: what ``lokus pack --out FOLDER`` wrote, found for the downloads page.

A pack is the files named ``rakor-<district>-<yyyy-mm-dd>[-…].{pdf,xlsx,png,svg}`` (``meeting-…`` for a pack
made with ``--lang en``: the names come from the pack's catalogue, ``pack.file.*``) in the packs folder
or one of its direct subfolders, with the ``manifest.json`` beside them when it describes that pack.
Only files listed here are ever served (a download names a listed file; no path comes from a URL).
Who may see which pack is decided in :mod:`lokus.web._access`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lokus.i18n import LANGS, t
from lokus.pack import _messages as _pack_messages  # noqa: F401  (registers the pack's file names)

_SHORT = ("loci", "desil1", "stunting", "trend")
_STEMS = "|".join(re.escape(t("pack.file.stem", lang)) for lang in LANGS)
_NAME = re.compile(rf"^(?:{_STEMS})-(\d{{2}}\.\d{{2}})-(\d{{4}}-\d{{2}}-\d{{2}})(?:-([A-Za-z0-9_-]+))?\.(pdf|xlsx|png|svg)$")
#: What the part after the date names (``lokus pack``'s map and chart files, in any language) → the part's
#: key for its label (``web.packs.part.<key>``, the Indonesian name); others show their kind.
PARTS = {t(f"pack.file.part.{s}", lang): t(f"pack.file.part.{s}", "id") for s in _SHORT for lang in LANGS}
#: File kinds that carry people's names (the brief's village lists, the workbook's village sheets).
PERSONAL_KINDS = frozenset({"pdf", "xlsx"})
_ORDER = {"pdf": 0, "xlsx": 1, "png": 2, "svg": 3, "json": 4}


@dataclass(frozen=True)
class PackFile:
    rel: str  # path under the packs folder, "/"-separated: the download's key
    path: Path
    kind: str  # pdf, xlsx, png, svg, json
    size: int
    part: str = ""  # e.g. "peta-loci" (one of PARTS), else ""

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def personal(self) -> bool:
        return self.kind in PERSONAL_KINDS


@dataclass
class Pack:
    folder: str  # "" for the packs folder itself
    district: str
    meeting_date: str
    pseudonymised: bool = False
    files: list[PackFile] = field(default_factory=list)

    @property
    def day(self) -> date | None:
        try:
            return date.fromisoformat(self.meeting_date)
        except ValueError:
            return None


def find_packs(root: Path) -> list[Pack]:
    """Every pack under ``root`` (and its direct subfolders), newest meeting first; [] when the
    folder does not exist."""
    if not root.is_dir():
        return []
    base = root.resolve()
    folders = [base] + sorted(p for p in base.iterdir() if p.is_dir() and not p.is_symlink())
    packs: dict[tuple[str, str, str], Pack] = {}
    for folder in folders:
        rel_folder = "" if folder == base else folder.name
        for path in sorted(folder.iterdir()):
            match = _NAME.match(path.name)
            if match is None or path.is_symlink() or not path.is_file():
                continue
            district, day, part, kind = match.groups()
            pack = packs.setdefault((rel_folder, district, day), Pack(rel_folder, district, day))
            pack.files.append(PackFile(_rel(rel_folder, path.name), path, kind, path.stat().st_size,
                                       PARTS.get(part or "", "")))
        manifest = folder / "manifest.json"
        if manifest.is_file() and not manifest.is_symlink():
            try:
                meta = json.loads(manifest.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            pack_of = packs.get((rel_folder, str(meta.get("district")), str(meta.get("meeting_date"))))
            if pack_of is not None:
                pack_of.pseudonymised = bool(meta.get("pseudonymised"))
                pack_of.files.append(PackFile(_rel(rel_folder, "manifest.json"), manifest, "json",
                                              manifest.stat().st_size))
    for pack in packs.values():
        pack.files.sort(key=lambda f: (_ORDER[f.kind], f.name))
    return sorted(packs.values(), key=lambda p: (p.meeting_date, p.folder), reverse=True)


def _rel(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


def find_file(root: Path, rel: str) -> tuple[Pack, PackFile] | None:
    """The listed file ``rel`` and its pack, or None."""
    for pack in find_packs(root):
        for f in pack.files:
            if f.rel == rel:
                return pack, f
    return None
