"""The villages of a region and the synthetic population each gets (the generator's plan)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from lokus.errors import ConfigError
from lokus.regions import is_national
from lokus.synth import _messages  # noqa: F401  (registers the messages)

__all__ = ["SERIAL_MAX", "VILLAGE_MAX", "SynthError", "VillagePlan", "chunk_ranges", "is_national", "plan_villages"]

SERIAL_MAX = 9999
# People one village may hold: its households are numbered with six digits in id_keluarga_p3ke (a household
# has at least one person), so more would repeat household identifiers.
VILLAGE_MAX = 999_999


class SynthError(ConfigError):
    """Bad arguments for the generator."""


@dataclass(frozen=True)
class VillagePlan:
    """The villages of the region in code order, their synthetic population and poverty effect.

    Names are kept as small Arrow dictionaries with an index per village (``provinsi_idx`` into
    ``provinsi_names`` and so on), so a chunk's name columns are dictionary arrays whose values are
    written once per row group.
    """

    codes: list[str]  # dotted Kemendagri village codes
    names: pa.Array  # distinct village names, upper case
    name_idx: np.ndarray  # int32 per village, into names
    code_dotted: pa.Array  # the dotted codes as an Arrow array
    code_digits: np.ndarray  # uint8 (villages, 10): the codes without dots, ASCII
    kec_names: pa.Array  # distinct kecamatan names
    kec_name_idx: np.ndarray  # int32 per kecamatan, into kec_names
    kab_names: pa.Array
    kab_idx: np.ndarray  # int32 per village
    prov_names: pa.Array
    prov_idx: np.ndarray  # int32 per village
    kec_index: np.ndarray  # int64 kecamatan number of each village
    kec_digits: np.ndarray  # uint16 (n_kecamatan, 3): the first six NIK digits of each kecamatan (ASCII)
    population: np.ndarray  # int64 people per village (sums to the requested people)
    effect: np.ndarray  # float64 poverty effect (higher = poorer)
    kelurahan: np.ndarray  # bool
    offset_in_kec: np.ndarray  # int64 people of earlier villages of the same kecamatan
    blocks: np.ndarray  # int64 per kecamatan: ceil(people / 9999), at least 1

    @property
    def villages(self) -> int:
        return len(self.codes)


def plan_villages(region: str, people: int, seed: int = 2022) -> VillagePlan:
    """The villages of ``region`` (a province, regency, kecamatan or village code, or ``national``)
    with ``people`` synthetic people spread over them (lognormal village sizes; kelurahan larger).

    Raises :class:`SynthError` for an unknown region, fewer than one person, or more people than the
    region's villages can hold (:data:`VILLAGE_MAX` in any one village).
    """
    from lokus.regions import load_regions, normalize_code

    regions = load_regions()
    if is_national(region):
        villages = regions.all("village")
    else:
        try:
            code = normalize_code(region)
        except Exception:  # noqa: BLE001 - any unreadable code is the user's input
            raise SynthError("error.synth.region", region=region) from None
        if code not in regions:
            raise SynthError("error.synth.region", region=region)
        villages = [regions.get(code)] if regions.get(code).level == "village" else regions.descendants(code, "village")
    villages = sorted(villages, key=lambda v: v.code)
    if not villages:
        raise SynthError("error.synth.region", region=region)
    if people < 1:
        raise SynthError("error.synth.people", people=people)

    def upper_name(code: str) -> str:
        n = regions.get(code).name
        for prefix in ("Kabupaten ", "Kab. "):
            n = n.removeprefix(prefix)
        return n.upper()

    codes = [v.code for v in villages]
    village_names, village_name_idx = _distinct([v.name.upper() for v in villages])
    code_digits = np.frombuffer("".join(c.replace(".", "") for c in codes).encode(), dtype=np.uint8)
    code_digits = code_digits.reshape(len(codes), 10)
    kec_unique, kec_index = np.unique(np.array([c[:8] for c in codes]), return_inverse=True)
    kab_unique, kab_idx = np.unique(np.array([c[:5] for c in codes]), return_inverse=True)
    prov_unique, prov_idx = np.unique(np.array([c[:2] for c in codes]), return_inverse=True)
    kec_digits = np.frombuffer("".join(k.replace(".", "") for k in kec_unique).encode(), dtype=np.uint8)
    kec_names, kec_name_idx = _distinct([upper_name(str(k)) for k in kec_unique])
    kab_names, kab_name_idx = _distinct([upper_name(str(k)) for k in kab_unique])
    prov_names, prov_name_idx = _distinct([upper_name(str(k)) for k in prov_unique])
    rng = np.random.default_rng([seed, 0])
    n = len(villages)
    kel = np.array([v.kind == "kelurahan" for v in villages])
    weight = rng.lognormal(0.0, 0.45, size=n) * np.where(kel, 2.0, 1.0)
    # The largest village gets weight.max() / weight.sum() of the people (rounded down, plus at most one):
    # refuse, before any arithmetic a huge number would overflow, more than VILLAGE_MAX people in it.
    most = int(VILLAGE_MAX * (weight.sum() / weight.max()))
    while most > 1 and np.floor(weight.max() / weight.sum() * most) + (n > 1) > VILLAGE_MAX:
        most -= 1 + most // 1_000_000
    if people > most:  # the 6-digit household number of id_keluarga_p3ke would repeat
        raise SynthError("error.synth.too_many", people=people, region=region, villages=n, most=most)
    pop = np.floor(weight / weight.sum() * people).astype(np.int64)
    rest = people - int(pop.sum())
    pop[np.argsort(-weight, kind="stable")[:rest]] += 1
    effect = rng.normal(0.0, 0.45, size=n) - np.where(kel, 0.5, 0.0)
    poorest = rng.random(n) < 0.04
    effect[poorest & ~kel] += 1.3  # a few much poorer villages
    kec_pop = np.bincount(kec_index, weights=pop, minlength=len(kec_unique)).astype(np.int64)
    village_start = np.cumsum(pop) - pop
    kec_first = np.searchsorted(kec_index, np.arange(len(kec_unique)))
    offset_in_kec = village_start - village_start[kec_first][kec_index]
    return VillagePlan(
        codes=codes,
        names=village_names,
        name_idx=village_name_idx,
        code_dotted=pa.array(codes),
        code_digits=code_digits,
        kec_names=kec_names,
        kec_name_idx=kec_name_idx,
        kab_names=kab_names,
        kab_idx=kab_name_idx[kab_idx],
        prov_names=prov_names,
        prov_idx=prov_name_idx[prov_idx],
        kec_index=kec_index.astype(np.int64),
        kec_digits=kec_digits.reshape(len(kec_unique), 6).copy().view(np.uint16),
        population=pop,
        effect=effect,
        kelurahan=kel,
        offset_in_kec=offset_in_kec.astype(np.int64),
        blocks=np.maximum(1, -(-kec_pop // SERIAL_MAX)),
    )


def _distinct(values: list[str]) -> tuple[pa.Array, np.ndarray]:
    """(distinct values in first-seen order, int32 index of each value). Dictionaries must not repeat
    a value: Arrow's Parquet writer leaves stray bytes in the dictionary page of one that does (the
    files then differ from run to run)."""
    first: dict[str, int] = {}
    idx = np.array([first.setdefault(v, len(first)) for v in values], dtype=np.int32)
    return pa.array(list(first)), idx


def chunk_ranges(pop: np.ndarray, chunk_rows: int) -> list[tuple[int, int]]:
    """Contiguous village ranges of about ``chunk_rows`` people each (whole villages)."""
    cum = np.cumsum(pop)
    total = int(cum[-1]) if len(cum) else 0
    cuts = np.searchsorted(cum, np.arange(chunk_rows, total, chunk_rows), side="left") + 1
    bounds = np.unique(np.concatenate([[0], cuts, [len(pop)]]))
    return [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True)
            if cum[b - 1] - (cum[a - 1] if a else 0) > 0]
