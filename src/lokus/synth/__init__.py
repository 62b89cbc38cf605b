"""Synthetic registries at country scale: real villages, synthetic people.

:func:`synthesize` writes a P3KE-like registry (people), households, children's measurements and
program recipients for the real villages of any region (or the whole country, 83,762 villages) as
Parquet, chunk by chunk, vectorised with NumPy and written with PyArrow, so memory stays bounded
whatever the size. Deterministic for (region, people, seed, chunk size). Nothing is real personal data.
"""

from lokus.synth._plan import SynthError, VillagePlan, plan_villages
from lokus.synth._write import COMPRESSIONS, SynthSummary, synthesize

__all__ = ["COMPRESSIONS", "SynthError", "SynthSummary", "VillagePlan", "plan_villages", "synthesize"]
