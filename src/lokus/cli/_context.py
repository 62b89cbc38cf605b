"""Global CLI state: workspace path, language, debug flag."""

from __future__ import annotations

from dataclasses import dataclass

from lokus.i18n import DEFAULT_LANG


@dataclass
class State:
    workspace: str | None = None
    lang: str = DEFAULT_LANG
    debug: bool = False


STATE = State()
