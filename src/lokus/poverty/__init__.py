"""FGT poverty measures (P0, P1, P2, extreme headcount) from household survey microdata.

Standard errors are design-based (Taylor linearisation, with-replacement PSUs within strata), as
Stata ``svy`` and R ``survey`` compute them; see ``docs/methods/poverty.md``.
"""

from lokus.poverty._design import DesignIndex, design_index, linearised_variance, ratio_means
from lokus.poverty._fgt import (
    ALL,
    FGT_COLUMNS,
    MEASURES,
    SurveyDataError,
    SurveyDesign,
    fgt,
    fgt_indicators,
    to_polars,
)
from lokus.poverty._lines import (
    DAYS_PER_MONTH,
    EXTREME_LINE_DAILY_RP,
    EXTREME_LINE_MONTHLY_RP,
    daily_to_monthly,
)
from lokus.poverty._survey import SURVEY_FIELDS, Survey, read_survey

__all__ = [
    "ALL",
    "DAYS_PER_MONTH",
    "EXTREME_LINE_DAILY_RP",
    "EXTREME_LINE_MONTHLY_RP",
    "FGT_COLUMNS",
    "MEASURES",
    "DesignIndex",
    "SurveyDataError",
    "SurveyDesign",
    "daily_to_monthly",
    "design_index",
    "fgt",
    "fgt_indicators",
    "linearised_variance",
    "ratio_means",
    "read_survey",
    "SURVEY_FIELDS",
    "Survey",
    "to_polars",
]
