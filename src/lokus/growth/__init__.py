"""Child growth: WHO 2006 z-scores exactly as the WHO ``anthro`` R package, prevalence, loci, charts.

The core imports without Typer, Rich or Matplotlib; charts import Matplotlib only when drawn.
See ``docs/methods/growth.md`` for the algorithm, its sources and the differences from R.
"""

from lokus.growth._prevalence import prevalence
from lokus.growth._reasons import Reason, explain_reason
from lokus.growth._zscores import OUTPUT_COLUMNS, zscores

__all__ = ["OUTPUT_COLUMNS", "Reason", "explain_reason", "prevalence", "zscores"]
