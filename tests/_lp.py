"""The attacker's arithmetic for suppression tests: the least and greatest value each blank can take."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import numpy as np


def blank_bounds(h: Any, n: int, index: Mapping[Any, int],
                 cells: Iterable[Hashable]) -> dict[Any, tuple[float, float]]:
    """For HiGHS model ``h`` of ``n`` variables (the published sums already added as rows; ``index`` gives
    each unknown's variable): each of ``cells``' (minimum, maximum) over every integer solution, ``inf``
    when unbounded above."""
    import highspy

    out = {}
    for cell in cells:
        cost = np.zeros(n)
        cost[index[cell]] = 1.0
        h.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
        bounds = []
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            h.changeObjectiveSense(sense)
            h.run()
            status = h.getModelStatus()
            assert status in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kUnbounded,
                              highspy.HighsModelStatus.kUnboundedOrInfeasible), status
            bounds.append(h.getInfo().objective_function_value if status == highspy.HighsModelStatus.kOptimal
                          else float("inf"))
        out[cell] = (bounds[0], bounds[1])
    return out
