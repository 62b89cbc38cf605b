"""Published indicators (poverty, stunting, population, area) and progress against targets.

Every figure carries its ``source``. The packaged figures are described in
``data/PROVENANCE.md``; users add their own with :func:`add_values_file`.
"""

from lokus.indicators._catalog import (
    INDICATORS,
    Basis,
    Direction,
    Indicator,
    indicator_info,
    resolve_indicator,
)
from lokus.indicators._charts import peers_chart, trend_chart
from lokus.indicators._compare import (
    COMPARE_COLUMNS,
    COMPARE_TEXTS,
    bps_count_estimate,
    compare_poverty_counts,
    compare_stunting,
    compare_texts,
)
from lokus.indicators._files import read_table
from lokus.indicators._profile import PROFILE_COLUMNS, latest, ranks, region_profile, scopes_of
from lokus.indicators._targets import (
    PROGRESS_COLUMNS,
    Target,
    builtin_targets,
    merge_targets,
    path_value,
    read_targets,
    target_name_text,
    target_progress,
    targets_for,
)
from lokus.indicators._values import (
    COLUMNS,
    NATIONAL,
    ValuesFile,
    ValuesIngest,
    add_values_file,
    all_values,
    check_values_file,
    citation,
    published_values,
    read_values_file,
    workspace_values,
)

__all__ = [
    "COLUMNS",
    "COMPARE_COLUMNS",
    "COMPARE_TEXTS",
    "INDICATORS",
    "NATIONAL",
    "PROFILE_COLUMNS",
    "PROGRESS_COLUMNS",
    "Target",
    "Basis",
    "Direction",
    "Indicator",
    "add_values_file",
    "all_values",
    "bps_count_estimate",
    "citation",
    "builtin_targets",
    "compare_poverty_counts",
    "compare_stunting",
    "compare_texts",
    "merge_targets",
    "path_value",
    "peers_chart",
    "read_targets",
    "target_name_text",
    "target_progress",
    "targets_for",
    "trend_chart",
    "indicator_info",
    "latest",
    "published_values",
    "ranks",
    "read_table",
    "read_values_file",
    "check_values_file",
    "ValuesFile",
    "ValuesIngest",
    "region_profile",
    "resolve_indicator",
    "scopes_of",
    "workspace_values",
]
