"""Engine settings: which engine runs the analysis, and how to reach a Spark cluster's tables.

Read from the environment (or built in code)::

    LOKUS_ENGINE=duckdb|spark           the engine (default duckdb)
    LOKUS_MEMORY_LIMIT=3GB              DuckDB's memory limit (spills to disk beyond it)
    LOKUS_SPARK_MASTER=local[2]         Spark master URL (spark://host:7077, yarn, k8s://…, local[N])
    LOKUS_SPARK_TABLES="registry=parquet:/data/registry,growth_measurements=delta:s3a://lake/growth,
                        recipients=hive:dtks.recipients"
                                        where each table lives: parquet:PATH, delta:PATH, hive:DB.TABLE
                                        (a bare path is Parquet)
    LOKUS_SPARK_CONF="spark.executor.memory=8g,spark.sql.shuffle.partitions=400"
                                        extra Spark settings
    LOKUS_SPARK_SHUFFLE_PARTITIONS=8    shuffle partitions (small for local runs)

The tables hold lokus's canonical columns (the workspace's tables, e.g. written out with
``COPY registry TO 'registry.parquet'``), so the same Ibis expressions run on them unchanged.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, Field

from lokus.errors import ConfigError

__all__ = ["ENGINES", "EngineSettings", "SparkSettings", "TableLocation"]

ENGINES = ("duckdb", "spark")
_FORMATS = ("parquet", "delta", "hive")
# The master URLs Spark accepts (anything else makes spark-submit exit with a Java stack trace).
_MASTER = re.compile(r"local(\[(\d+|\*)(,\d+)?\])?|local-cluster\[\d+,\d+,\d+\]|yarn|(spark|k8s)://\S+")
MASTER_FORMS = "local[2], local[*], spark://host:7077, yarn, k8s://https://host:6443"


class TableLocation(BaseModel):
    """Where one canonical table lives on the cluster."""

    format: Literal["parquet", "delta", "hive"] = "parquet"
    location: str  # a path/URI for parquet and delta, ``db.table`` for hive

    @classmethod
    def parse(cls, text: str) -> TableLocation:
        fmt, sep, rest = text.partition(":")
        if sep and fmt.lower() in _FORMATS and not rest.startswith("//"):
            return cls(format=fmt.lower(), location=rest)  # type: ignore[arg-type]
        return cls(format="parquet", location=text)


class SparkSettings(BaseModel):
    """A Spark connection: master URL, settings, and where the canonical tables live."""

    master: str = "local[2]"
    app_name: str = "lokus"
    shuffle_partitions: int = Field(default=8, ge=1)
    conf: dict[str, str] = Field(default_factory=dict)
    tables: dict[str, TableLocation] = Field(default_factory=dict)


class EngineSettings(BaseModel):
    """The engine for the analysis commands (``--engine`` overrides ``LOKUS_ENGINE``)."""

    engine: Literal["duckdb", "spark"] = "duckdb"
    memory_limit: str | None = None
    spark: SparkSettings = Field(default_factory=lambda: SparkSettings())

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> EngineSettings:
        """Settings from ``LOKUS_*`` variables; keyword arguments that are not None win."""
        env = os.environ if environ is None else environ
        master = env.get("LOKUS_SPARK_MASTER", "").strip() or "local[2]"
        if not _MASTER.fullmatch(master):
            raise ConfigError("error.config", key="LOKUS_SPARK_MASTER", value=master, valid_values=MASTER_FORMS)
        partitions = env.get("LOKUS_SPARK_SHUFFLE_PARTITIONS", "").strip() or "8"
        if not partitions.isdigit() or int(partitions) < 1:
            raise ConfigError("error.config", key="LOKUS_SPARK_SHUFFLE_PARTITIONS", value=partitions,
                              valid_values="1, 2, 3, …")
        spark = SparkSettings(
            master=master,
            shuffle_partitions=int(partitions),
            conf=_pairs(env, "LOKUS_SPARK_CONF", "key=value,…"),
            tables={k: TableLocation.parse(v) for k, v in _pairs(env, "LOKUS_SPARK_TABLES", "name=parquet:PATH,…").items()},
        )
        values: dict[str, object] = {
            "engine": env.get("LOKUS_ENGINE", "duckdb"),
            "memory_limit": env.get("LOKUS_MEMORY_LIMIT") or None,
            "spark": spark,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        engine = str(values["engine"]).strip().lower()
        if engine not in ENGINES:
            raise ConfigError("error.config", key="engine", value=values["engine"], valid_values=", ".join(ENGINES))
        values["engine"] = engine
        from lokus.workspace._memory import check_memory_limit

        values["memory_limit"] = check_memory_limit(values["memory_limit"])  # type: ignore[arg-type]
        return cls.model_validate(values)


def _pairs(env: Mapping[str, str], variable: str, form: str) -> dict[str, str]:
    """``name=value`` pairs of the comma-separated variable; an item without ``=``, an empty name or an empty
    value is refused with one sentence naming the variable."""
    out: dict[str, str] = {}
    for item in env.get(variable, "").split(","):
        if item.strip():
            key, sep, value = item.partition("=")
            if not sep or not key.strip() or not value.strip():
                raise ConfigError("error.config", key=variable, value=item.strip(), valid_values=form)
            out[key.strip()] = value.strip()
    return out
