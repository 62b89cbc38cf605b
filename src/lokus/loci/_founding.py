"""The founding rule of Lampung Barat (TKPK, August 2022), as one portable Ibis expression.

Rank the villages of a district by the number of registry residents in welfare decile 1;
villages that are also stunting loci come first. Ties are broken, in order, by more decile-1
households, a higher decile-1 share, then the village code (ascending) — deterministic.
Villages with no registry rows still appear, with zeros.
"""

from __future__ import annotations

from typing import Any

import ibis
import pyarrow as pa
from ibis import _

from lokus.i18n import fmt_int, fmt_ordinal, register, t
from lokus.regions import load_regions

FOUNDING_COLUMNS = (
    "rank",
    "code",
    "name",
    "kind",
    "district_code",
    "district_name",
    "residents",
    "decile1_people",
    "decile1_households",
    "decile1_share",
    "stunting_locus",
    "rank_decile1",
    "reason",
)

register(
    {
        "loci.reason.founding": {
            "id": "#{rank}: {people} warga desil 1 di {households} keluarga (terbanyak ke-{rank_d1}){locus}",
            "en": "#{rank}: {people} decile-1 residents in {households} households ({rank_d1_en} most){locus}",
        },
        "loci.reason.locus": {"id": ", lokus stunting", "en": ", stunting locus"},
        "loci.reason.none": {
            "id": "#{rank}: tidak ada warga desil 1 dalam data{locus}",
            "en": "#{rank}: no decile-1 residents in the data{locus}",
        },
    }
)


def _ordinal_en(n: int) -> str:
    """``1,291st``: the English ordinal with the thousands separator."""
    return fmt_int(n, "en") + fmt_ordinal(n, "en")[len(str(n)):]


def founding_rule_expr(
    backend: Any,
    *,
    registry_snapshot: str,
    region: str | None = None,
    stunting_snapshot: str | None = None,
    registry_table: str = "registry",
    loci_table: str = "stunting_loci",
) -> ibis.Table:
    """The ranking as an Ibis expression (no reasons) on ``backend``.

    ``region`` limits the universe to the villages under a province/regency/district code (None:
    every village in the country).
    """
    regions = backend.table("regions")
    villages = regions.filter(_.level == "village")
    reg = backend.table(registry_table).filter(_.snapshot == registry_snapshot)
    if region:
        prefix = load_regions().get(region).code + "."
        villages = villages.filter(_.code.startswith(prefix))
        reg = reg.filter(_.village_code.startswith(prefix))
    districts = regions.filter(_.level == "district").select(
        district_code=_.code, district_name=_.name
    )

    residents = reg.group_by("village_code").agg(residents=_.count())
    d1 = reg.filter(_.decile == 1)
    d1_people = d1.group_by("village_code").agg(decile1_people=_.count())
    # Two-step distinct: much faster than count(DISTINCT) on every engine (see engine notes).
    d1_households = (
        d1.select("village_code", "household_id").distinct()
        .group_by("village_code").agg(decile1_households=_.count())
    )

    out = villages.select(code=_.code, name=_.name, kind=_.local_kind, district_code=_.parent_code)
    out = out.left_join(districts, "district_code").select(~ibis.selectors.endswith("_right"))
    for part in (residents, d1_people, d1_households):
        out = out.left_join(part, out.code == part.village_code).select(
            ~ibis.selectors.matches("^village_code")
        )
    if stunting_snapshot:
        loci = (
            backend.table(loci_table).filter(_.snapshot == stunting_snapshot)
            .select("village_code").distinct().mutate(stunting_locus=ibis.literal(True))
        )
        out = out.left_join(loci, out.code == loci.village_code).select(
            ~ibis.selectors.matches("^village_code")
        )
    else:
        out = out.mutate(stunting_locus=ibis.literal(False))

    out = out.mutate(
        residents=_.residents.fill_null(0),
        decile1_people=_.decile1_people.fill_null(0),
        decile1_households=_.decile1_households.fill_null(0),
        stunting_locus=_.stunting_locus.fill_null(False),
    )
    out = out.mutate(
        decile1_share=ibis.ifelse(
            _.residents > 0, (_.decile1_people / _.residents.cast("float64")).round(4), 0.0
        )
    )
    order = [
        ibis.desc(_.stunting_locus.cast("int8")),
        ibis.desc(_.decile1_people),
        ibis.desc(_.decile1_households),
        ibis.desc(_.decile1_share),
        _.code,
    ]
    out = out.mutate(
        rank=ibis.row_number().over(order_by=order) + 1,
        rank_decile1=ibis.rank().over(order_by=ibis.desc(_.decile1_people)) + 1,
    )
    return out.order_by("rank")


def founding_rule(
    backend: Any,
    *,
    registry_snapshot: str,
    region: str | None = None,
    stunting_snapshot: str | None = None,
    lang: str = "id",
) -> pa.Table:
    """Run the founding rule and add a one-line ``reason`` per village in ``lang``."""
    expr = founding_rule_expr(
        backend, registry_snapshot=registry_snapshot, region=region, stunting_snapshot=stunting_snapshot
    )
    table = expr.to_pyarrow()
    ranks = table.column("rank").to_pylist()
    people = table.column("decile1_people").to_pylist()
    households = table.column("decile1_households").to_pylist()
    rank_d1 = table.column("rank_decile1").to_pylist()
    locus = table.column("stunting_locus").to_pylist()
    reasons = []
    for rk, n, hh, rd, lo in zip(ranks, people, households, rank_d1, locus, strict=True):
        locus_text = t("loci.reason.locus", lang) if lo else ""
        if n == 0:
            reasons.append(t("loci.reason.none", lang, rank=fmt_int(rk, lang), locus=locus_text))
        else:
            reasons.append(
                t("loci.reason.founding", lang, rank=fmt_int(rk, lang), people=fmt_int(n, lang),
                  households=fmt_int(hh, lang), rank_d1=fmt_int(rd, lang), rank_d1_en=_ordinal_en(rd),
                  locus=locus_text)
            )
    table = table.append_column("reason", pa.array(reasons, pa.string()))
    return table.select(list(FOUNDING_COLUMNS))
