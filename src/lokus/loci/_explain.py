"""Every ranking explains itself: a one-line ``reason`` per unit, and ``explain`` for one unit.

The reason names the unit's rank, the value of the first sort key with its own rank among the
units ("terbanyak ke-3"), the other sort keys, the priority flags it carries and, when the policy
selects, why it is (not) selected. ``explain`` adds what would change the outcome: how much more
of the first sort key the unit would need to overtake the unit above, or to enter the selection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from lokus.errors import ConfigError
from lokus.i18n import fmt_int, fmt_ordinal, fmt_pct, fmt_sig, register, t, yes_no
from lokus.loci._criteria import Criterion, describe_value
from lokus.loci._policy import Direction, Policy, SelectionMethod

__all__ = ["Explanation", "add_reasons", "explain_unit", "ordinal"]

register(
    {
        "loci.reason.none_of": {"id": "tidak ada {what} dalam data", "en": "no {what} in the data"},
        "loci.reason.fold": {"id": "{people} di {households} keluarga", "en": "{people} in {households} households"},
        "loci.sup.most": {"id": "terbanyak ke-{n}", "en": "{nth} most"},
        "loci.sup.fewest": {"id": "tersedikit ke-{n}", "en": "{nth} fewest"},
        "loci.sup.highest": {"id": "tertinggi ke-{n}", "en": "{nth} highest"},
        "loci.sup.lowest": {"id": "terendah ke-{n}", "en": "{nth} lowest"},
        "loci.sel.top.in": {"id": "masuk {n} teratas", "en": "in the top {n}"},
        "loci.sel.top.out": {"id": "di luar {n} teratas", "en": "outside the top {n}"},
        "loci.sel.coverage.in": {
            "id": "terpilih, cakupan kumulatif {coverage} (target {share})",
            "en": "selected, cumulative coverage {coverage} (target {share})",
        },
        "loci.sel.coverage.out": {
            "id": "tidak terpilih, target cakupan {share} sudah tercapai",
            "en": "not selected, the {share} coverage target is already reached",
        },
        "loci.sel.threshold.in": {"id": "memenuhi ambang {rule}", "en": "meets the threshold {rule}"},
        "loci.sel.threshold.out": {"id": "tidak memenuhi ambang {rule}", "en": "misses the threshold {rule}"},
        "loci.sel.quota.in": {
            "id": "ke-{k} di {parent} (kuota {n})", "en": "{kth} in {parent} (quota {n})",
        },
        "loci.sel.quota.out": {
            "id": "di luar kuota {n} di {parent}", "en": "outside the quota of {n} in {parent}",
        },
        "loci.explain.values": {"id": "Nilai kriteria: {values}.", "en": "Criterion values: {values}."},
        "loci.explain.all": {
            "id": "Kebijakan {policy} memilih semua unit; urutan menentukan prioritas.",
            "en": "Policy {policy} selects every unit; the order sets the priority.",
        },
        "loci.explain.above": {
            "id": "Untuk menyalip #{rank} {name} ({value}) diperlukan {gap} {label} lagi.",
            "en": "To overtake #{rank} {name} ({value}) it would need {gap} more {label}.",
        },
        "loci.explain.above_fewer": {
            "id": "Untuk menyalip #{rank} {name} ({value}) {label} harus berkurang {gap}.",
            "en": "To overtake #{rank} {name} ({value}) its {label} would have to fall by {gap}.",
        },
        "loci.explain.flag": {
            "id": "#{rank} {name} berstatus {flag}, unit ini tidak; {label} saja tidak cukup untuk menyalipnya.",
            "en": "#{rank} {name} is a {flag} and this unit is not; {label} alone cannot overtake it.",
        },
        "loci.explain.first": {"id": "Unit ini berada di peringkat pertama.", "en": "This unit ranks first."},
        "loci.explain.selected": {
            "id": "Terpilih (unit terpilih terakhir: #{last}).", "en": "Selected (last selected unit: #{last}).",
        },
        "loci.explain.not_selected": {
            "id": "Tidak terpilih (unit terpilih terakhir: #{last}).",
            "en": "Not selected (last selected unit: #{last}).",
        },
        "loci.explain.none_selected": {
            "id": "Tidak ada unit yang terpilih dengan data ini.", "en": "No unit is selected with these data.",
        },
        "loci.explain.enter": {
            "id": "Untuk masuk seleksi (menyalip #{rank} {name}, {value}) diperlukan {gap} {label} lagi.",
            "en": "To enter the selection (overtaking #{rank} {name}, {value}) it would need {gap} more {label}.",
        },
        "loci.explain.enter_fewer": {
            "id": "Untuk masuk seleksi (menyalip #{rank} {name}, {value}) {label} harus berkurang {gap}.",
            "en": "To enter the selection (overtaking #{rank} {name}, {value}) its {label} would have to fall by {gap}.",
        },
        "loci.explain.threshold_gap": {
            "id": "Untuk masuk seleksi {label} harus berubah {gap} (ambang {rule}).",
            "en": "To enter the selection its {label} would have to change by {gap} (threshold {rule}).",
        },
        "loci.explain.lead": {
            "id": "Unit berikutnya di luar seleksi, #{rank} {name}, memerlukan {gap} {label} lagi untuk menyalipnya.",
            "en": "The next unit outside the selection, #{rank} {name}, would need {gap} more {label} to overtake it.",
        },
        "error.loci.unknown_unit": {
            "id": "Unit '{value}' tidak ada dalam peringkat ini ({valid_values}); periksa kode dan --district.",
            "en": "Unit '{value}' is not in this ranking ({valid_values}); check the code and --district.",
        },
    }
)


def ordinal(n: int, lang: str) -> str:
    """``ke-1.291`` (id) / ``1,291st`` (en): the ordinal with the thousands separator."""
    return fmt_ordinal(n, lang).replace(str(n), fmt_int(n, lang), 1)


def _criterion_label(policy: Policy, name: str, lang: str) -> str:
    if name not in policy.criterion_names:
        return name
    c = policy.criterion(name)
    return c.kind.label(c, lang)


def _value_text(policy: Policy, name: str, value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return yes_no(value, lang)
    if name in policy.criterion_names and policy.criterion(name).kind.value_kind == "share" and value is not None:
        return _pct(float(value), lang)
    if isinstance(value, float):
        return _fmt_num(value, lang)
    if isinstance(value, int):
        return fmt_int(value, lang)
    return str(value)


def _fmt_num(value: float, lang: str) -> str:
    """Counts and large values with the thousands separator (1.291), small decimals to 4 digits."""
    if isinstance(value, int) or (isinstance(value, float) and abs(value) >= 1000):
        return fmt_int(value, lang)
    return fmt_sig(value, lang, 4)


def _superlative(c: Criterion, direction: Direction, n: int, lang: str) -> str:
    counts = c.kind.value_kind == "count"
    if direction is Direction.desc:
        key = "loci.sup.most" if counts else "loci.sup.highest"
    else:
        key = "loci.sup.fewest" if counts else "loci.sup.lowest"
    return t(key, lang, n=fmt_int(n, lang), nth=ordinal(n, "en"))


def _fold_households(policy: Policy, c: Criterion) -> Criterion | None:
    """A households criterion with the same deciles as the people criterion ``c`` (read together)."""
    if c.type != "people":
        return None
    for key in [*policy.order.sort[1:], *policy.order.tie_break]:
        other = policy.criterion(key.by) if key.by != "code" else None
        if other is not None and other.type == "households" and other.params.get("max_decile") == c.params.get("max_decile"):
            return other
    return None


def _selection_clause(policy: Policy, row: dict[str, Any], lang: str) -> str:
    sel = policy.selection
    inside = bool(row["selected"])
    suffix = "in" if inside else "out"
    if sel.method is SelectionMethod.top:
        return t(f"loci.sel.top.{suffix}", lang, n=fmt_int(sel.n, lang))
    if sel.method is SelectionMethod.coverage:
        return t(f"loci.sel.coverage.{suffix}", lang, coverage=_pct(row["coverage"] or 0.0, lang),
                 share=_pct(sel.share or 0.0, lang))
    if sel.method is SelectionMethod.threshold:
        return t(f"loci.sel.threshold.{suffix}", lang, rule=_threshold_rule(policy, lang))
    if sel.method is SelectionMethod.quota:
        k = row.get("rank_parent") or 0
        return t(f"loci.sel.quota.{suffix}", lang, k=fmt_int(k, lang), kth=ordinal(k, "en"), n=fmt_int(sel.n, lang),
                 parent=row.get("parent_name") or row.get("parent") or "-")
    return ""


def _pct(value: float, lang: str) -> str:
    return fmt_pct(value, lang, 1)


def _threshold_rule(policy: Policy, lang: str) -> str:
    sel = policy.selection
    parts = []
    if sel.min is not None:
        parts.append(f"{sel.criterion} ≥ {_fmt_num(sel.min, lang)}")
    if sel.max is not None:
        parts.append(f"{sel.criterion} ≤ {_fmt_num(sel.max, lang)}")
    return " & ".join(parts)


class _ReasonWriter:
    """Writes reasons for one policy and language; the fixed parts are prepared once, and the
    wording of repeated values is cached (a national ranking has ~84,000 rows)."""

    def __init__(self, policy: Policy, lang: str) -> None:
        self.policy, self.lang = policy, lang
        primary = policy.primary
        self.primary: Criterion | None = None if primary.by == "code" else policy.criterion(primary.by)
        self.fold: Criterion | None = None
        self.none_text = ""
        self.sup_key = ""
        if self.primary is not None:
            c = self.primary
            self.fold = _fold_households(policy, c)
            self.none_text = t("loci.reason.none_of", lang, what=c.kind.label(c, lang))
            self.zero_is_none = c.kind.value_kind == "count"
        self.others = [policy.criterion(k.by) for k in policy.order.sort[1:] if k.by != "code"]
        self.flags = [(f, describe_value(policy.criterion(f), True, lang)) for f in policy.order.priority]
        self.columns = ["rank", "selected", "coverage", "parent", "parent_name"]
        self.columns += [c.name for c in ([self.primary] if self.primary else []) + self.others]
        self.columns += [f for f, _ in self.flags]
        if self.primary is not None:
            self.columns.append(f"rank_{self.primary.name}")
        if self.fold is not None:
            self.columns.append(self.fold.name)
        if policy.selection.method is SelectionMethod.quota:
            self.columns.append("rank_parent")
        self.columns = list(dict.fromkeys(self.columns))
        self._cache: dict[tuple[str, Any], str] = {}
        self._static_clause: dict[bool, str] = {}
        if policy.selection.method in (SelectionMethod.top, SelectionMethod.threshold, SelectionMethod.all):
            self._static_clause = {v: _selection_clause(policy, {"selected": v}, lang) for v in (True, False)}

    def _describe(self, c: Criterion, value: Any) -> str:
        key = (c.name, value)
        text = self._cache.get(key)
        if text is None:
            text = self._cache[key] = describe_value(c, value, self.lang)
        return text

    def __call__(self, row: dict[str, Any]) -> str:
        parts: list[str] = []
        c = self.primary
        if c is not None:
            value = row[c.name]
            if self.zero_is_none and not value:
                text = self.none_text
            else:
                text = self._describe(c, value)
                if self.fold is not None:
                    text = t("loci.reason.fold", self.lang, people=text,
                             households=fmt_int(row[self.fold.name], self.lang))
                text += f" ({_superlative(c, self.policy.primary.direction, row[f'rank_{c.name}'], self.lang)})"
            parts.append(text)
            parts += [self._describe(o, row[o.name]) for o in self.others]
        parts += [label for flag, label in self.flags if row[flag]]
        text = f"#{fmt_int(row['rank'], self.lang)}: " + ", ".join(parts)
        selected = bool(row["selected"])
        clause = self._static_clause.get(selected)
        if clause is None:
            clause = _selection_clause(self.policy, row, self.lang)
        return text + ("; " + clause if clause else "")


def reason(policy: Policy, row: dict[str, Any], lang: str) -> str:
    """The one-line reason for ``row`` of a ranking of ``policy``."""
    return _ReasonWriter(policy, lang)(row)


def _mapped(values: pa.ChunkedArray | pa.Array, fn: Any) -> pa.Array:
    """``fn`` applied to each distinct value only, spread back over the rows (an Arrow string array)."""
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    uniques = pc.unique(values)
    texts = pa.array([fn(v) for v in uniques.to_pylist()], pa.string())
    return pc.take(texts, pc.index_in(values, uniques))


def _ints(values: pa.Array, lang: str) -> pa.Array:
    """``fmt_int`` over an integer array, vectorised (1.291 / 1,291); nulls and negatives via ``fmt_int``."""
    if not pa.types.is_integer(values.type) or values.null_count or (len(values) and pc.min(values).as_py() < 0):
        return _mapped(values, lambda v: fmt_int(v, lang))
    sep = fmt_int(1000, lang)[1]
    v = values.cast(pa.int64())
    text = pc.cast(v, pa.string())
    tail: Any = None  # the lowest digits, grouped by three
    power = 3
    while len(v) and pc.max(v).as_py() >= 10**power:
        below, high = pc.divide(v, 10 ** (power - 3)), pc.divide(v, 10**power)  # integer division
        group = pc.utf8_lpad(pc.cast(pc.subtract(below, pc.multiply(high, 1000)), pa.string()), 3, "0")
        tail = group if tail is None else _join(group, sep, tail)
        text = pc.if_else(pc.greater_equal(v, 10**power), _join(pc.cast(high, pa.string()), sep, tail), text)
        power += 3
    return text


def _join(*parts: Any) -> pa.Array:
    """Row-wise concatenation of string arrays and literal strings."""
    return pc.binary_join_element_wise(*parts, "")


def _template(key: str, lang: str, **arrays: pa.Array) -> pa.Array:
    """The message ``key`` with each placeholder filled row-wise from ``arrays`` (string arrays)."""
    marks = {name: f"\x00{i}\x00" for i, name in enumerate(arrays)}
    text = t(key, lang, **marks)
    parts: list[Any] = []
    for i, piece in enumerate(text.split("\x00")):
        if i % 2:
            parts.append(arrays[list(arrays)[int(piece)]])
        elif piece:
            parts.append(piece)
    return _join(*parts) if len(parts) > 1 else parts[0]


def add_reasons(table: pa.Table, policy: Policy, lang: str) -> pa.Table:
    """Append the ``reason`` column to a ranking table.

    Vectorised over Arrow arrays: each distinct value is worded once (with the same functions as
    :func:`reason`, so the text is identical), then the pieces are joined row-wise. A national
    ranking (~84,000 villages) takes a few tens of milliseconds instead of a Python call per row.
    """
    write = _ReasonWriter(policy, lang)
    if table.num_rows == 0:
        return table.append_column("reason", pa.array([], pa.string()))
    def col(name: str) -> pa.Array:
        return table.column(name).combine_chunks()

    parts: list[Any] = []  # each part starts with ", " (or is empty); the first ", " is cut below
    c = write.primary
    if c is not None:
        described = _mapped(col(c.name), lambda v, c=c: write._describe(c, v))
        if write.fold is not None:
            households = _ints(col(write.fold.name), lang)
            described = _template("loci.reason.fold", lang, people=described, households=households)
        direction = policy.primary.direction
        sup = _mapped(col(f"rank_{c.name}"), lambda n, c=c: f" ({_superlative(c, direction, n, lang)})")
        text = _join(described, sup)
        if write.zero_is_none:
            value = col(c.name)
            empty = pc.fill_null(pc.invert(pc.cast(value, pa.bool_())), True)
            text = pc.if_else(empty, write.none_text, text)
        parts += [", ", text]
    for o in write.others:
        parts += [", ", _mapped(col(o.name), lambda v, o=o: write._describe(o, v))]
    for flag, label in write.flags:
        parts.append(pc.if_else(pc.fill_null(pc.cast(col(flag), pa.bool_()), False), ", " + label, ""))
    body = _join(*parts) if parts else pa.array([""] * table.num_rows, pa.string())
    body = pc.replace_substring_regex(body, "^, ", "")
    head = _join("#", _ints(col("rank"), lang), ": ")
    selected = pc.fill_null(pc.cast(col("selected"), pa.bool_()), False)
    if write._static_clause:
        clause = pc.if_else(selected, *(("; " + write._static_clause[v]) if write._static_clause[v] else ""
                                        for v in (True, False)))
    else:
        names = [n for n in write.columns if n in table.column_names]
        rows = table.select(names).to_pylist()
        clause = pa.array([(lambda x: "; " + x if x else "")(_selection_clause(policy, r, lang)) for r in rows],
                          pa.string())
    return table.append_column("reason", _join(head, body, clause))


@dataclass
class Explanation:
    """Why a unit is (not) selected and what would change it. ``gap_*``: amounts of the first sort key."""

    code: str
    name: str
    rank: int
    selected: bool
    reason: str
    values: dict[str, Any]
    gap_above: float | None = None
    gap_selection: float | None = None
    lines: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _gap(c: Criterion, direction: Direction, mine: Any, theirs: Any) -> float:
    """How much the unit's value must move (in the good direction) to pass ``theirs`` outright."""
    diff = (theirs - mine) if direction is Direction.desc else (mine - theirs)
    if c.kind.value_kind == "count":
        return int(diff) + 1
    return round(float(diff), 6)


def _flag_blocker(policy: Policy, row: dict[str, Any], other: dict[str, Any]) -> str | None:
    for flag in policy.order.priority:
        if other[flag] and not row[flag]:
            return flag
        if row[flag] and not other[flag]:
            return None
    return None


def explain_unit(table: pa.Table, policy: Policy, code: str, lang: str = "id") -> Explanation:
    """Explain the outcome for unit ``code`` in ``table`` (a ranking of ``policy``)."""
    rows = sorted(table.to_pylist(), key=lambda r: r["rank"])
    by_code = {r["code"]: r for r in rows}
    row = by_code.get(code)
    if row is None:
        span = f"{rows[0]['code']} … {rows[-1]['code']}" if rows else "-"
        raise ConfigError("error.loci.unknown_unit", value=code, valid_values=span, key="code")
    values = {c: row[c] for c in policy.criterion_names}
    out = Explanation(code, row["name"], row["rank"], bool(row["selected"]), row["reason"], values)
    out.lines.append(row["reason"])
    shown = ", ".join(f"{_criterion_label(policy, k, lang)} = {_value_text(policy, k, v, lang)}"
                      for k, v in values.items())
    out.lines.append(t("loci.explain.values", lang, values=shown))
    primary = policy.primary
    if primary.by == "code":
        return out
    c = policy.criterion(primary.by)
    label = c.kind.label(c, lang)

    def compare(other: dict[str, Any], key: str) -> float | None:
        blocker = _flag_blocker(policy, row, other)
        if blocker:
            flag = policy.criterion(blocker)
            out.lines.append(t("loci.explain.flag", lang, rank=fmt_int(other["rank"], lang), name=other["name"],
                               flag=flag.kind.label(flag, lang), label=label))
            return None
        gap = _gap(c, primary.direction, row[c.name], other[c.name])
        gap = gap if gap > 0 else (1 if c.kind.value_kind == "count" else 0.0)
        fewer = primary.direction is Direction.asc
        out.lines.append(t(f"{key}{'_fewer' if fewer else ''}", lang, rank=fmt_int(other["rank"], lang),
                           name=other["name"],
                           value=_fmt_num(other[c.name], lang), gap=_fmt_num(gap, lang), label=label))
        return gap

    if row["rank"] == 1:
        out.lines.append(t("loci.explain.first", lang))
    else:
        out.gap_above = compare(rows[row["rank"] - 2], "loci.explain.above")

    sel = policy.selection
    if sel.method is SelectionMethod.all:
        out.lines.append(t("loci.explain.all", lang, policy=policy.name))
        return out
    pool = rows if sel.method is not SelectionMethod.quota else [r for r in rows if r["parent"] == row["parent"]]
    chosen = [r for r in pool if r["selected"]]
    if not chosen:
        out.lines.append(t("loci.explain.none_selected", lang))
        return out
    last = chosen[-1]
    if out.selected:
        out.lines.append(t("loci.explain.selected", lang, last=fmt_int(last["rank"], lang)))
        following = [r for r in pool if not r["selected"] and r["rank"] > row["rank"]]
        if following and sel.method is not SelectionMethod.threshold and not _flag_blocker(policy, following[0], row):
            nxt = following[0]
            gap = _gap(c, primary.direction, nxt[c.name], row[c.name])
            out.lines.append(t("loci.explain.lead", lang, rank=fmt_int(nxt["rank"], lang), name=nxt["name"],
                               gap=_fmt_num(gap, lang), label=label))
        return out
    out.lines.append(t("loci.explain.not_selected", lang, last=fmt_int(last["rank"], lang)))
    if sel.method is SelectionMethod.threshold:
        crit = policy.criterion(sel.criterion or primary.by)
        value = row[crit.name]
        gap = (sel.min - value) if sel.min is not None and value < sel.min else (value - (sel.max or 0))
        out.gap_selection = round(float(gap), 6)
        out.lines.append(t("loci.explain.threshold_gap", lang, label=crit.kind.label(crit, lang),
                           gap=_fmt_num(out.gap_selection, lang), rule=_threshold_rule(policy, lang)))
    else:
        out.gap_selection = compare(last, "loci.explain.enter")
    return out
