"""Child growth: WHO 2006 z-scores exactly as the WHO ``anthro`` R package, status, prevalence, loci.

* :func:`zscores` — ``zlen, zwei, zwfl, zbmi`` with flags and cleaned inputs, row for row.
* :func:`zscores_file` — the same, classified, file to file in batches (bounded memory).
* :func:`classify` — nutritional status categories of Permenkes 2/2020.
* :func:`prevalence` — stunting, wasting, underweight, overweight like ``anthro_prevalence``.
* :func:`prevalence_file` — the same numbers for a file read in batches (bounded memory; survey designs whole).
* :func:`stunting_prevalence` — stunting prevalence over batches (millions of rows, bounded memory).
* :func:`stunting_loci` — villages ranked by stunted children, with a 95% CI and a reason line.
* :func:`growth_chart` — one child's length/height-for-age chart (Matplotlib loaded only then).
* ``parse_*`` / :func:`eppgbm_to_measurements` — readers for e-PPGBM export values.

The core imports without Typer, Rich or Matplotlib. See ``docs/methods/growth.md``.
"""

from lokus.growth._batches import ZscoresSummary, zscores_file
from lokus.growth._chart import growth_chart, reference_curves
from lokus.growth._classify import CATEGORY_COLUMNS, STATUSES, Status, classify
from lokus.growth._eppgbm import (
    EPPGBM_COLUMNS,
    parse_cara_ukur,
    parse_decimal,
    parse_jk,
    parse_tanggal,
    parse_usia_saat_ukur,
)
from lokus.growth._eppgbm import to_measurements as eppgbm_to_measurements
from lokus.growth._files import check_output, read_table, write_table
from lokus.growth._loci import LOCI_COLUMNS, rank_village_counts, stunting_loci, wilson_interval
from lokus.growth._prevalence import prevalence
from lokus.growth._prevalence_batches import prevalence_file
from lokus.growth._reasons import Reason, explain_reason
from lokus.growth._stream import STUNTING_COLUMNS, stunting_prevalence
from lokus.growth._zscores import OUTPUT_COLUMNS, zscores

__all__ = [
    "CATEGORY_COLUMNS",
    "EPPGBM_COLUMNS",
    "LOCI_COLUMNS",
    "OUTPUT_COLUMNS",
    "Reason",
    "STATUSES",
    "STUNTING_COLUMNS",
    "Status",
    "check_output",
    "classify",
    "eppgbm_to_measurements",
    "explain_reason",
    "growth_chart",
    "parse_cara_ukur",
    "parse_decimal",
    "parse_jk",
    "parse_tanggal",
    "parse_usia_saat_ukur",
    "prevalence",
    "prevalence_file",
    "read_table",
    "reference_curves",
    "stunting_loci",
    "rank_village_counts",
    "stunting_prevalence",
    "write_table",
    "wilson_interval",
    "zscores",
    "zscores_file",
    "ZscoresSummary",
]
