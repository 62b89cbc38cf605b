"""Child measurements (e-PPGBM posyandu exports): ingest with z-scores, and stunting loci from them.

* :func:`ingest_measurements` — read an e-PPGBM export (or a canonical measurement table), compute WHO
  z-scores with :func:`lokus.zscores`, place each child in a village (code column, registry NIK link,
  or kecamatan + village names), compare the file's own ZS columns with ours (listed, never
  overwritten), and keep every row: accepted or quarantined with reasons.
* :func:`derive_stunting_loci` — rank villages by stunted children from a measurement snapshot and,
  when asked to, store a stunting-loci snapshot the locus policies use.
* :func:`zscore_disagreements` — rows whose file z-scores differ from lokus's.
* :func:`relink_measurements` — look the children up again in the registry snapshot they were linked to,
  after its rows changed (a registry loaded again with ``--replace``, a person erased).
"""

from lokus.measurements._ingest import (
    MEASUREMENTS_TABLE,
    QUARANTINE_TABLE,
    MeasurementSummary,
    ingest_measurements,
)
from lokus.measurements._loci import (
    StuntingLociResult,
    derive_stunting_loci,
    zscore_disagreements,
)
from lokus.measurements._relink import relink_measurements

__all__ = [
    "MEASUREMENTS_TABLE",
    "QUARANTINE_TABLE",
    "MeasurementSummary",
    "StuntingLociResult",
    "derive_stunting_loci",
    "ingest_measurements",
    "relink_measurements",
    "zscore_disagreements",
]
