"""Poverty lines used with the FGT measures (rupiah per capita per month).

The extreme poverty line of the 2024 target (Inpres 4/2022) is the World Bank's US$1.90 a day in
2011 purchasing-power parity, which the government converted to **Rp 10,739 per person per day**.
lokus turns a daily line into a monthly one by multiplying by **30.4375** days (365.25 / 12, the
average month over a leap-year cycle). BPS publishes its own monthly lines (per province, urban and
rural); when you have that figure, pass it directly with ``--extreme-line``.
"""

from __future__ import annotations

DAYS_PER_MONTH = 365.25 / 12  # 30.4375
EXTREME_LINE_DAILY_RP = 10_739.0
"""US$1.90 (PPP 2011) per person per day in rupiah, as used for the 2024 extreme-poverty target."""


def daily_to_monthly(rupiah_per_day: float) -> float:
    """Rupiah per person per day → rupiah per person per month (× 30.4375)."""
    return float(rupiah_per_day) * DAYS_PER_MONTH


EXTREME_LINE_MONTHLY_RP = daily_to_monthly(EXTREME_LINE_DAILY_RP)
"""Rp 10,739 × 30.4375 = Rp 326,868.31 per person per month."""
