"""Small measurement files for the column checks on every path (default, ``--engine duckdb``, ``--engine spark``,
:func:`lokus.engine.prevalence_on`, :func:`lokus.growth.stunting_prevalence`).

``month_first``: ``measure_date`` proves month first only in its third row (``07/27/2022``), so a reader that
decides per batch of two rows reads the first batch's ``05/06/2022`` as 5 June; ``weight_kg`` is written with
decimal commas and twice (the copies agree). The others are refused: a date column in both orders, a number
column in two styles, and one field's two columns that disagree (``Berat`` and ``BB``, row 3: line 4).
"""

from __future__ import annotations

from pathlib import Path

FILES = {
    "month_first": (
        "sex,birth_date,measure_date,weight_kg,lenhei_cm,weight_kg\n"
        "1,03/04/2021,05/06/2022,\"9,1\",74.5,\"9,1\"\n"
        "2,02/01/2021,03/02/2022,\"8,05\",70.1,\"8,05\"\n"
        "1,01/05/2021,07/27/2022,\"9,5\",75.0,\"9,5\"\n"
        "2,04/03/2021,06/05/2022,\"8,5\",72.0,\"8,5\"\n"
        "1,05/01/2021,02/03/2022,\"7,9\",68.2,\"7,9\"\n"
    ),
    "both_orders": (
        "sex,birth_date,measure_date,weight_kg,lenhei_cm\n"
        "1,03/04/2021,27/07/2022,9.1,74.5\n"
        "2,02/01/2021,03/02/2022,8.0,70.1\n"
        "1,01/05/2021,05/06/2022,9.5,75.0\n"
        "2,04/03/2021,07/28/2022,8.5,72.0\n"
    ),
    "two_styles": (
        "sex,age_days,weight_kg,lenhei_cm\n"
        "1,400,\"1.009,5\",74.5\n"
        "2,300,8.0,70.1\n"
        "1,500,9.5,75.0\n"
        "2,350,\"1,009.5\",72.0\n"
    ),
    "copies_disagree": (
        "sex,age_days,Berat,lenhei_cm,BB\n"
        "1,400,9.1,74.5,9.1\n"
        "2,300,8.0,70.1,8.0\n"
        "1,500,9.5,75.0,19.5\n"
        "2,350,8.5,72.0,8.5\n"
    ),
}
REFUSED = {  # the sentence (English) each refused file gets on every path
    "both_orders": "measure_date",
    "two_styles": "weight_kg",
    "copies_disagree": "line 4",
}


def write(folder: Path, name: str) -> Path:
    path = folder / f"{name}.csv"
    path.write_text(FILES[name], encoding="utf-8")
    return path
