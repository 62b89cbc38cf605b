"""Traceable numbers: every figure the pack prints, with the data, the rule and the command behind it.

A :class:`Ledger` hands out the printed text of a figure and remembers it for ``manifest.json``:
its raw value, the snapshots and policy it came from, and how to print it again — a ``lokus``
command (JSON output), the rows of that output to look at (``where``), the field to read and how to
combine the rows (``first``, ``sum``, ``count``, or ``ratio`` of two other figures).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

__all__ = ["Figure", "Ledger"]


@dataclass
class Figure:
    key: str
    label: str
    value: float | int | None
    text: str
    section: str
    command: list[str] | None = None
    where: dict[str, Any] = dataclasses.field(default_factory=dict)
    column: str | None = None
    agg: str = "first"
    limit: int | None = None
    ratio_of: tuple[str, str] | None = None
    scale: float = 1.0
    digits: int | None = None
    snapshots: list[str] = dataclasses.field(default_factory=list)
    policy: str | None = None
    sheet: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key, "label": self.label, "section": self.section, "value": self.value, "text": self.text,
            "snapshots": self.snapshots, "policy": self.policy, "sheet": self.sheet,
        }
        if self.ratio_of:
            out["recompute"] = {"ratio_of": list(self.ratio_of), "scale": self.scale, "digits": self.digits}
        elif self.command:
            out["command"] = "lokus " + " ".join(self.command)
            out["recompute"] = {"argv": self.command, "where": self.where, "field": self.column, "agg": self.agg,
                                "limit": self.limit, "digits": self.digits}
        return out


class Ledger:
    """Collects figures in print order; ``add`` returns the text to print."""

    def __init__(self, policy: str | None) -> None:
        self.policy = policy
        self.figures: list[Figure] = []
        self._keys: set[str] = set()

    def add(self, key: str, value: float | int | None, text: str, **kw: Any) -> str:
        if key in self._keys:
            return text
        kw.setdefault("policy", self.policy)
        kw.setdefault("label", key)
        kw.setdefault("section", key.split(".", 1)[0])
        self.figures.append(Figure(key=key, value=value, text=text, **kw))
        self._keys.add(key)
        return text

    def manifest(self) -> list[dict[str, Any]]:
        return [f.as_dict() for f in self.figures]
