"""A number typed on the command line, read by the same rules as a file's column of that kind."""

from __future__ import annotations

import math

from lokus.errors import ConfigError
from lokus.i18n import register
from lokus.tables._values import ValueKind, parse_values

register(
    {
        "tables.option.number": {
            "id": "{option}: '{value}' bukan angka yang terbaca; tulis misalnya {example}.",
            "en": "{option}: '{value}' is not a readable number; write it as, for example, {example}.",
        },
    }
)

_EXAMPLES = {ValueKind.MONEY: "500000 / 500.000 / 500.000,50", ValueKind.DECIMAL: "14,5 / 14.5"}


def parse_option(value: str | float | None, kind: ValueKind | str, option: str) -> float | None:
    """``value`` (an option's text) as a number by the rules of ``kind`` in :mod:`lokus.tables._values`:
    money as rupiah are written in files (``500.000`` = ``500,000`` = 500000, ``500.000,50`` = 500000.5,
    ``Rp 500.000``), a decimal with ``,`` or ``.`` as its mark (``14,5`` = 14.5). None stays None.

    Raises :class:`ConfigError` with one sentence naming ``option`` for anything else (text, an empty or
    infinite value), before any work."""
    if value is None:
        return None
    kind = ValueKind(kind)
    parsed = parse_values([str(value)], kind, column=option)
    number = float(parsed.values[0])
    if bool(parsed.invalid[0]) or bool(parsed.missing[0]) or not math.isfinite(number):
        raise ConfigError("tables.option.number", option=option, value=str(value)[:40], example=_EXAMPLES[kind])
    return number
