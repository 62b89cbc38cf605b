"""The Spark side of the engine layer: sessions, table locations, and z-scores through Arrow batches."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from typing import Any

import pyarrow as pa

from lokus.engine._settings import SparkSettings
from lokus.errors import ConfigError
from lokus.i18n import register

register({
    "error.spark.start": {
        "id": "Spark tidak bisa dimulai dengan master {master}; periksa bahwa Java terpasang (JAVA_HOME) dan "
              "LOKUS_SPARK_MASTER dapat dijangkau (pesan Spark: {log}).",
        "en": "Spark could not start with master {master}; check that Java is installed (JAVA_HOME) and that "
              "LOKUS_SPARK_MASTER can be reached (Spark's messages: {log}).",
    },
    "error.spark.unreachable": {
        "id": "Master Spark {master} tidak dapat dijangkau di {address} ({detail}); periksa LOKUS_SPARK_MASTER "
              "dan jaringan.",
        "en": "The Spark master {master} cannot be reached at {address} ({detail}); check LOKUS_SPARK_MASTER "
              "and the network.",
    },
    "error.spark.host_unknown": {
        "id": "host tidak dikenal", "en": "unknown host",
    },
    "error.spark.missing": {
        "id": "--engine spark memerlukan PySpark dan Java; pasang dengan `pip install 'lokus[spark]'` dan sebuah "
              "Java runtime 17 atau lebih baru.",
        "en": "--engine spark needs PySpark and Java; install them with `pip install 'lokus[spark]'` and a Java "
              "runtime 17 or newer.",
    },
    "error.spark.table": {
        "id": "Tabel {name} tidak bisa dibaca dari {format}:{location}; perbaiki LOKUS_SPARK_TABLES "
              "(nama=parquet:JALUR, delta:JALUR atau hive:DB.TABEL).",
        "en": "Table {name} cannot be read from {format}:{location}; correct LOKUS_SPARK_TABLES "
              "(name=parquet:PATH, delta:PATH or hive:DB.TABLE).",
    },
})

__all__ = ["spark_session", "register_tables", "spark_zscores", "check_master_reachable"]

MASTER_TIMEOUT_S = 5.0
"""How long :func:`check_master_reachable` waits for each address of a cluster master."""


def _master_addresses(master: str) -> list[tuple[str, int]]:
    """(host, port) of a standalone (``spark://h1:7077,h2:7077``) or Kubernetes (``k8s://https://h:443``)
    master; empty for ``local[…]``, ``yarn`` and anything whose address Spark finds by itself."""
    from urllib.parse import urlsplit

    if master.startswith("spark://"):
        out = []
        for part in master[len("spark://"):].split(","):
            host, _, port = part.strip().rpartition(":")
            if host and port.isdigit():
                out.append((host.strip("[]"), int(port)))
        return out
    if master.startswith("k8s://"):
        url = urlsplit(master[len("k8s://"):] if "://" in master[len("k8s://"):] else "https://" + master[6:])
        if url.hostname:
            return [(url.hostname, url.port or (80 if url.scheme == "http" else 443))]
    return []


def check_master_reachable(master: str, timeout: float = MASTER_TIMEOUT_S) -> None:
    """Raise :class:`ConfigError` (one sentence) when no address of a cluster ``master`` accepts a TCP
    connection within ``timeout`` seconds — before a JVM is started, which otherwise retries for about
    a minute and a half before it fails. Local and YARN masters are not checked."""
    import errno
    import socket

    from lokus.errors import Phrase, os_reason

    addresses = _master_addresses(master)
    detail: object = None
    for host, port in addresses:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                return
        except socket.gaierror:
            detail = Phrase("error.spark.host_unknown")
        except TimeoutError as exc:
            detail = os_reason(exc if exc.errno else OSError(errno.ETIMEDOUT, "timed out"))
        except OSError as exc:
            detail = os_reason(exc)
    if addresses:
        where = ", ".join(f"{h}:{p}" for h, p in addresses)
        raise ConfigError("error.spark.unreachable", master=master, address=where, detail=detail)

# The columns lokus.growth.zscores adds, with their Arrow types (see lokus.growth.OUTPUT_COLUMNS).
_ZSCORE_FIELDS = (
    ("clenhei", pa.float64()), ("cbmi", pa.float64()), ("cmeasure", pa.string()), ("c9mo_flag", pa.int8()),
    ("csex", pa.int8()), ("zlen", pa.float64()), ("flen", pa.int8()), ("zwei", pa.float64()),
    ("fwei", pa.int8()), ("zwfl", pa.float64()), ("fwfl", pa.int8()), ("zbmi", pa.float64()),
    ("fbmi", pa.int8()), ("reason", pa.string()),
)


def spark_session(settings: SparkSettings) -> Any:  # pragma: no cover - needs pyspark and Java
    """Get or create the SparkSession described by ``settings`` (one per process)."""
    import os
    import sys

    try:
        from pyspark.sql import SparkSession
    except ModuleNotFoundError:
        raise ConfigError("error.spark.missing") from None

    check_master_reachable(settings.master)
    # Python workers (z-scores via mapInArrow) must run the interpreter that has lokus and pyarrow.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(settings.master).appName(settings.app_name)
        .config("spark.sql.shuffle.partitions", str(settings.shuffle_partitions))
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    if "spark.driver.extraJavaOptions" not in settings.conf:  # quiet JVM log unless the user set their own
        from pathlib import Path

        log4j = Path(__file__).with_name("log4j2.properties")
        builder = builder.config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={log4j.as_uri()}")
    for key, value in settings.conf.items():
        builder = builder.config(key, value)
    with _jvm_output_to_log() as log:
        try:
            session = builder.getOrCreate()
        except Exception as exc:  # noqa: BLE001 - no Java, a bad master, a cluster out of reach: one sentence
            raise ConfigError("error.spark.start", master=settings.master, log=log or "--debug") from exc
    if log:  # started: the log is kept only for a start that failed (the JVM keeps writing to the open file)
        with suppress(OSError):
            os.unlink(log)
    session.sparkContext.setLogLevel("ERROR")
    return session


@contextmanager
def _jvm_output_to_log() -> Iterator[str | None]:
    """Send what the Java process started now prints (JVM warnings, spark-submit's stack traces) to a log
    file in the temporary folder instead of the terminal, whose name is yielded; ``--debug``
    (``LOKUS_DEBUG``) leaves it on the terminal and yields None. The JVM keeps writing to that file for
    the life of the session."""
    import os
    import sys
    import tempfile

    if os.environ.get("LOKUS_DEBUG"):
        yield None
        return
    try:
        fd, path = tempfile.mkstemp(prefix="lokus-spark-", suffix=".log")
    except OSError:
        yield None
        return
    sys.stderr.flush()
    saved = os.dup(2)
    os.dup2(fd, 2)
    os.close(fd)
    try:
        yield path
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def register_tables(session: Any, settings: SparkSettings) -> list[str]:  # pragma: no cover - needs Java
    """Make each configured table a temporary view of its canonical name; returns the names.

    The Kemendagri ``regions`` table ships with lokus: it is registered from the package unless the
    settings name a location for it.
    """
    if "regions" not in settings.tables:
        from lokus.regions import region_table

        table = region_table()
        session.createDataFrame(table.to_pandas()).createOrReplaceTempView("regions")
    for name, where in settings.tables.items():
        try:
            if where.format == "hive":
                frame = session.table(where.location)
            else:
                frame = session.read.format(where.format).load(where.location)
        except Exception as exc:  # noqa: BLE001 - a missing path, an unknown format or table: one sentence
            raise ConfigError("error.spark.table", name=name, format=where.format, location=where.location) from exc
        frame.createOrReplaceTempView(name)
    return sorted({*settings.tables, "regions"})


def _zscore_batches(batches: Iterator[Any], source: str = "tabel", date_orders: dict[str, str] | None = None
                    ) -> Iterator[Any]:
    from lokus.growth._frames import add_columns
    from lokus.growth._inputs import read_measurements
    from lokus.growth._zscores import compute_measurements, zscore_columns

    for batch in batches:
        if batch.num_rows == 0:
            continue
        table = pa.Table.from_batches([batch])
        # decided over the whole input before (lokus.growth._decide): no batch refuses or decides on its own
        m = read_measurements(table, source, {}, threads=1, date_orders=date_orders or {})
        yield from add_columns(table, zscore_columns(m, compute_measurements(m, threads=1), threads=1)).to_batches()


def spark_zscores(frame: Any, *, source: str = "tabel", columns: Mapping[str, str] | None = None
                  ) -> Any:  # pragma: no cover - needs Java
    """WHO z-scores on a Spark DataFrame: each Arrow batch goes through the one NumPy implementation
    (:func:`lokus.growth.zscores`' core), on the executors, via ``mapInArrow``.

    ``frame`` is read as ``anthro zscores`` reads a file (``source`` names it in messages): its columns
    matched to the growth fields (sex, age_days or birth_date + measure_date, weight_kg, lenhei_cm, measure,
    oedema; e-PPGBM headers; ``columns``: field → column from ``--column``), the fields added under their
    names, and — in one job over the input before the z-scores — two columns for one field that disagree, a
    date column written in both day/month orders and a number column written in two styles refused with the
    file readers' sentences; each date column is read in the order its whole column shows
    (:mod:`lokus.growth._decide`). The result has every input column plus the added fields and the z-score
    columns, row for row (Spark does not promise row order).
    """
    from functools import partial

    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema

    from lokus.engine._decide import decide_spark
    from lokus.errors import SchemaError
    from lokus.growth._files import growth_match
    from lokus.growth._inputs import missing_columns

    added = dict(_ZSCORE_FIELDS)
    frame = frame.drop(*[c for c in frame.columns if c in added])
    headers = list(frame.columns)
    match = growth_match(headers, columns)
    missing = missing_columns([*headers, *match.columns])
    if missing:
        raise SchemaError(path=source, missing=", ".join(missing), present=", ".join(headers[:12]) or "-")
    orders = decide_spark(frame, source, match, columns)
    for name, i in match.columns.items():
        if headers[i] != name:
            frame = frame.withColumn(name, frame[f"`{headers[i]}`"])
    arrow_in = to_arrow_schema(frame.schema)
    fields = [f for f in arrow_in if f.name not in added] + [pa.field(n, t) for n, t in _ZSCORE_FIELDS]
    return frame.mapInArrow(partial(_zscore_batches, source=source, date_orders=orders),
                            from_arrow_schema(pa.schema(fields)))
