"""A region the data does not reach: one sentence instead of a listing of zeros.

Every command that takes a region (``loci --district``, ``gaps``/``worklist --region``, ``stunting loci
--district`` …) asks :func:`require_data_in` first: a registry snapshot of Lampung Barat ranked for
``--district 31`` (DKI Jakarta) gave 267 villages with 0 residents, as if Jakarta had no poor.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from lokus.errors import Phrase, RegionError
from lokus.i18n import fmt_int, register, t
from lokus.regions import is_national, load_regions

__all__ = ["covered_districts", "require_data_in"]

register({
    "error.region.no_data": {
        "id": "Snapshot {what} '{snapshot}' tidak memuat {whom} di wilayah {region} ({name}); snapshot ini "
              "mencakup {covered}.",
        "en": "The {what} snapshot '{snapshot}' has no {whom} in region {region} ({name}); it covers {covered}.",
    },
    "region_data.what.registry": {"id": "registri", "en": "registry"},
    "region_data.what.measurements": {"id": "pengukuran", "en": "measurement"},
    "region_data.whom.registry": {"id": "seorang warga pun", "en": "people"},
    "region_data.whom.measurements": {"id": "seorang balita pun", "en": "children"},
    "region_data.nothing": {"id": "tidak ada wilayah (tanpa kode desa)", "en": "no region (no village codes)"},
    "region_data.more": {"id": "dan {n} kabupaten/kota lain", "en": "and {n} other districts"},
})

_SHOWN = 3  # districts named in the sentence, most people first


def covered_districts(table: Any, snapshot: str) -> Counter[str]:
    """Rows of ``snapshot`` per district (``PP.KK``) in the Ibis table ``table`` (any engine; a
    ``snapshot`` and a ``village_code`` column), counted per village and summed here."""
    t = table.filter((table.snapshot == snapshot) & table.village_code.notnull())
    counts: Counter[str] = Counter()
    for r in t.group_by("village_code").aggregate(n=t.count()).to_pyarrow().to_pylist():
        if r["village_code"][:5]:
            counts[r["village_code"][:5]] += int(r["n"])
    return counts


def _covered(table: Any, snapshot: str, region: str) -> Counter[str]:
    """The districts the snapshot covers; its subdistricts when ``region`` lies in a district it covers
    (a kecamatan of Lampung Barat missing from a Lampung Barat registry)."""
    counts = covered_districts(table, snapshot)
    if region[:5] not in counts or len(region) <= 5:
        return counts
    t = table.filter((table.snapshot == snapshot) & table.village_code.startswith(region[:5] + "."))
    inner: Counter[str] = Counter()
    for r in t.group_by("village_code").aggregate(n=t.count()).to_pyarrow().to_pylist():
        inner[r["village_code"][:8]] += int(r["n"])
    return inner


def require_data_in(table: Any, snapshot: str, region: str | None, *, kind: str = "registry") -> None:
    """:class:`RegionError` naming the districts the snapshot covers when ``snapshot`` of ``table`` has
    no row in ``region`` (a Kemendagri code of any level); nothing for the whole country (None, ``national``).

    ``kind`` (``registry`` or ``measurements``) words the sentence: "… has no people in region 31 (DKI
    Jakarta); it covers 18.04 Lampung Barat."
    """
    if not region or is_national(region):
        return
    regions = load_regions()
    code = regions.get(region).code
    t = table.filter(table.snapshot == snapshot)
    inside = t.filter(t.village_code.startswith(code + ".") | (t.village_code == code))
    if inside.select("village_code").limit(1).to_pyarrow().num_rows:  # one row is enough: no count of them all
        return
    raise RegionError(
        "error.region.no_data", snapshot=snapshot, region=code, name=regions.get(code).name,
        what=Phrase(f"region_data.what.{kind}"), whom=Phrase(f"region_data.whom.{kind}"),
        covered=_Covered(_covered(table, snapshot, code)),
    )


class _Covered(Phrase):
    """The districts a snapshot covers, most rows first, named in the reader's language."""

    def __init__(self, counts: Counter[str]) -> None:
        super().__init__("region_data.nothing")
        self.counts = counts

    def text(self, lang: str = "id") -> str:
        if not self.counts:
            return t(self.key, lang)
        regions = load_regions()
        best = sorted(self.counts, key=lambda c: (-self.counts[c], c))
        named = [f"{c} {regions.get(c).name}" if c in regions else c for c in best[:_SHOWN]]
        if len(best) > _SHOWN:
            named.append(t("region_data.more", lang, n=fmt_int(len(best) - _SHOWN, lang)))
        return ", ".join(named)
