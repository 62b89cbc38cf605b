"""A small, safe expression language for eligibility rules, parsed here and compiled to Ibis.

Never ``eval``: a rule is tokenised and parsed by a recursive-descent parser into a tiny AST, and
only the names and functions listed below can appear. Grammar::

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := value (("==" | "!=" | "<" | "<=" | ">" | ">=") value | ["not"] "in" list)?
    value   := NUMBER | STRING | "true" | "false" | NAME | NAME "(" args ")" | "(" expr ")"
    list    := "[" value ("," value)* "]"

Functions: ``any(e)``, ``all(e)``, ``count(e)`` (over the members of the household),
``contains(field, "text", …)`` (case-insensitive, any of the texts), ``missing(field)`` and
``receives(CODE)`` (the household is covered by program CODE). Text comparisons ignore case.
A condition on a missing value is false.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lokus.errors import ConfigError

__all__ = [
    "Node",
    "Rule",
    "parse_rule",
    "HOUSEHOLD_FUNCTIONS",
    "RuleCompiler",
    "as_column",
    "hoist",
]

HOUSEHOLD_FUNCTIONS = ("any", "all", "count")
_FUNCTIONS = (*HOUSEHOLD_FUNCTIONS, "contains", "missing", "receives")
_KEYWORDS = ("and", "or", "not", "in", "true", "false")

_TOKEN = re.compile(
    r"\s*(?:(?P<num>-?\d+(?:\.\d+)?)|(?P<str>\"[^\"]*\"|'[^']*')|(?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*))"
)


@dataclass(frozen=True)
class Node:
    """One AST node: ``kind`` is num, str, bool, name, list, not, and, or, cmp, in, call."""

    kind: str
    value: Any = None
    args: tuple[Node, ...] = ()

    def walk(self) -> Iterator[Node]:
        yield self
        for arg in self.args:
            yield from arg.walk()


@dataclass(frozen=True)
class Rule:
    text: str
    tree: Node
    receives: frozenset[str] = field(default_factory=frozenset)


def _bad(where: str, text: str, detail: str) -> ConfigError:
    return ConfigError("convergence.rule.invalid", where=where, rule=text, detail=detail)


def _tokens(text: str, where: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    stripped = text.rstrip()
    while pos < len(stripped):
        m = _TOKEN.match(stripped, pos)
        if not m or m.end() == pos:
            raise _bad(where, text, f"unexpected character {stripped[pos:].lstrip()[:1]!r}")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, text: str, where: str) -> None:
        self.text, self.where = text, where
        self.toks = _tokens(text, where)
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise _bad(self.where, self.text, "the rule ends too early")
        if value is not None and tok[1].lower() != value:
            raise _bad(self.where, self.text, f"expected '{value}' but found '{tok[1]}'")
        self.i += 1
        return tok

    def at(self, value: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] in ("op", "name") and tok[1].lower() == value

    def parse(self) -> Node:
        if not self.toks:
            raise _bad(self.where, self.text, "the rule is empty")
        node = self.or_()
        if self.peek() is not None:
            raise _bad(self.where, self.text, f"unexpected '{self.peek()[1]}'")  # type: ignore[index]
        return node

    def or_(self) -> Node:
        items = [self.and_()]
        while self.at("or"):
            self.take()
            items.append(self.and_())
        return items[0] if len(items) == 1 else Node("or", args=tuple(items))

    def and_(self) -> Node:
        items = [self.not_()]
        while self.at("and"):
            self.take()
            items.append(self.not_())
        return items[0] if len(items) == 1 else Node("and", args=tuple(items))

    def not_(self) -> Node:
        if self.at("not"):
            self.take()
            return Node("not", args=(self.not_(),))
        return self.compare()

    def compare(self) -> Node:
        left = self.value()
        tok = self.peek()
        if tok is not None and tok[0] == "op" and tok[1] in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            return Node("cmp", tok[1], (left, self.value()))
        negate = False
        if self.at("not") and self.i + 1 < len(self.toks) and self.toks[self.i + 1][1].lower() == "in":
            self.take()
            negate = True
        if self.at("in"):
            self.take()
            node = Node("in", args=(left, self.list_()))
            return Node("not", args=(node,)) if negate else node
        return left

    def list_(self) -> Node:
        self.take("[")
        items = [self.value()]
        while self.at(","):
            self.take()
            items.append(self.value())
        self.take("]")
        return Node("list", args=tuple(items))

    def value(self) -> Node:
        kind, text = self.take()
        if kind == "num":
            return Node("num", float(text) if "." in text else int(text))
        if kind == "str":
            return Node("str", text[1:-1])
        if kind == "op" and text == "(":
            node = self.or_()
            self.take(")")
            return node
        if kind == "name":
            low = text.lower()
            if low in ("true", "false"):
                return Node("bool", low == "true")
            if low in _KEYWORDS:
                raise _bad(self.where, self.text, f"'{text}' cannot stand here")
            if self.at("("):
                return self.call(low)
            return Node("name", text)
        raise _bad(self.where, self.text, f"unexpected '{text}'")

    def call(self, name: str) -> Node:
        if name not in _FUNCTIONS:
            raise _bad(self.where, self.text, f"unknown function '{name}' (known: {', '.join(_FUNCTIONS)})")
        self.take("(")
        args: list[Node] = []
        if not self.at(")"):
            args.append(self.or_())
            while self.at(","):
                self.take()
                args.append(self.or_())
        self.take(")")
        return Node("call", name, tuple(args))


def _check_calls(tree: Node, text: str, where: str, inside_household: bool = False) -> None:
    if tree.kind == "call":
        name = tree.value
        if name in HOUSEHOLD_FUNCTIONS:
            if inside_household:
                raise _bad(where, text, f"'{name}(…)' cannot be nested inside another any/all/count")
            if len(tree.args) != 1:
                raise _bad(where, text, f"'{name}' takes one condition")
            _check_calls(tree.args[0], text, where, True)
            return
        if name == "receives":
            if len(tree.args) != 1 or tree.args[0].kind != "name":
                raise _bad(where, text, "receives() takes one program code, e.g. receives(PKH)")
            if inside_household:
                raise _bad(where, text, "receives() is about the household; use it outside any/all/count")
            return
        if name == "contains":
            if len(tree.args) < 2 or tree.args[0].kind != "name" or any(a.kind != "str" for a in tree.args[1:]):
                raise _bad(where, text, 'contains() takes a field and texts, e.g. contains(floor, "tanah")')
            return
        if name == "missing" and (len(tree.args) != 1 or tree.args[0].kind != "name"):
            raise _bad(where, text, "missing() takes one field name")
    for arg in tree.args:
        _check_calls(arg, text, where, inside_household)


def parse_rule(text: str, where: str = "rule") -> Rule:
    """Parse ``text``; a :class:`ConfigError` names the problem in one sentence."""
    if not isinstance(text, str):
        raise _bad(where, str(text), "a rule must be text")
    tree = _Parser(text, where).parse()
    _check_calls(tree, text, where)
    refs = frozenset(
        n.args[0].value.upper() for n in tree.walk() if n.kind == "call" and n.value == "receives"
    )
    return Rule(text=text, tree=tree, receives=refs)


def expand(tree: Node, defs: Mapping[str, Node], where: str, text: str, seen: tuple[str, ...] = ()) -> Node:
    """Replace names defined in ``defs`` (the catalogue's ``[vars]``) by their trees."""
    if tree.kind == "name" and tree.value in defs:
        if tree.value in seen:
            raise _bad(where, text, f"'{tree.value}' is defined in terms of itself")
        return expand(defs[tree.value], defs, where, text, (*seen, tree.value))
    if tree.kind == "call" and tree.value == "receives":
        return tree
    if not tree.args:
        return tree
    return Node(tree.kind, tree.value, tuple(expand(a, defs, where, text, seen) for a in tree.args))


Column = Any  # an Ibis value expression (deferred), or a plain value for literals

_BOOLEAN = ("not", "and", "or", "cmp", "in")


def _person_level(tree: Node, household_names: frozenset[str]) -> bool:
    for node in tree.walk():
        if node.kind == "call" and node.value in (*HOUSEHOLD_FUNCTIONS, "receives"):
            return False
        if node.kind == "name" and node.value in household_names:
            return False
    return True


def hoist(tree: Node, found: dict[Node, str], household_names: frozenset[str] = frozenset()) -> Node:
    """Replace each largest person-level condition (no any/all/count/receives, no household-level
    name) by a name ``__pN``; ``found`` maps the replaced subtrees to their names (shared across
    rules, so equal conditions are computed once). The engine can then compute those conditions in
    the first pass over the people and carry booleans instead of text columns."""
    is_condition = tree.kind in _BOOLEAN or (tree.kind == "call" and tree.value in ("contains", "missing"))
    if is_condition and _person_level(tree, household_names):
        if tree not in found:
            found[tree] = f"__p{len(found)}"
        return Node("name", found[tree])
    if tree.kind == "call" and tree.value == "receives":
        return tree
    if not tree.args:
        return tree
    return Node(tree.kind, tree.value, tuple(hoist(a, found, household_names) for a in tree.args))


def _plain(value: Any) -> bool:
    return isinstance(value, (bool, int, float, str))


def as_column(value: Column) -> Any:
    """A compiled rule as an Ibis boolean that is never NULL."""
    import ibis

    return ibis.literal(bool(value)) if _plain(value) else value.fill_null(False)


class RuleCompiler:
    """Compiles expanded trees to Ibis over a person table.

    ``columns`` maps field names to Ibis columns of the person table; ``text_fields`` lists the
    text ones (compared case-insensitively). Household functions are collected in
    ``aggregates`` (name → Ibis reduction over a person-level expression); the caller computes
    them per household and resolves ``agg_column(name)``. ``receives(CODE)`` resolves through
    ``receives_column``.
    """

    def __init__(
        self,
        columns: Mapping[str, Column],
        text_fields: frozenset[str],
        *,
        agg_column: Callable[[str], Column],
        receives_column: Callable[[str], Column],
        ages: tuple[Column, date] | None = None,
    ) -> None:
        self.columns = columns
        self.ages = ages  # (birth-date column, reference date): age comparisons become date comparisons
        self.text_fields = text_fields
        self.agg_column = agg_column
        self.receives_column = receives_column
        self.aggregates: dict[str, Column] = {}
        #: the same aggregates as (function, person-level condition): ``any``/``all``/``count`` of a never-NULL
        #: boolean, for a caller that computes several at once (:class:`lokus.convergence._coverage`)
        self.aggregate_parts: dict[str, tuple[str, Column]] = {}
        self._agg_keys: dict[Node, str] = {}

    def compile(self, tree: Node, where: str, text: str) -> Column:
        return self._c(tree, where, text)

    def _lit(self, node: Node) -> Any:
        if node.kind in ("num", "str", "bool"):
            return node.value
        return None

    def _c(self, n: Node, where: str, text: str) -> Column:
        # Literals stay plain Python values, so that ``4 >= decile`` uses the column's reflected
        # operator (Ibis deferred expressions cannot sit on the right of an Ibis literal).
        k = n.kind
        if k in ("num", "bool"):
            return n.value
        if k == "str":
            return n.value.lower()
        if k == "name":
            if n.value not in self.columns:
                known = ", ".join(sorted(self.columns))
                raise _bad(where, text, f"unknown name '{n.value}' (known: {known})")
            column = self.columns[n.value]
            return column.lower() if n.value in self.text_fields else column
        if k == "not":
            inner = self._c(n.args[0], where, text)
            return (not inner) if _plain(inner) else ~inner.fill_null(False)
        if k in ("and", "or"):
            parts = [self._c(a, where, text) for a in n.args]
            plain = [bool(p) for p in parts if _plain(p)]
            # No NULL handling per operand: Kleene AND/OR then a final "NULL is false" (as_column,
            # or NOT below) give the same truth values, and the engine can short-circuit.
            exprs = [p for p in parts if not _plain(p)]
            if k == "and" and plain and not all(plain):
                return False
            if k == "or" and any(plain):
                return True
            if not exprs:
                return k == "and"
            out = exprs[0]
            for p in exprs[1:]:
                out = (out & p) if k == "and" else (out | p)
            return out
        if k == "cmp":
            by_date = self._age_by_date(n)
            if by_date is not None:
                return by_date
            left, right = (self._c(a, where, text) for a in n.args)
            ops: dict[str, Callable[[Any, Any], Any]] = {
                "==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
                "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
            }
            try:
                return ops[n.value](left, right)
            except TypeError:
                raise _bad(where, text, f"cannot compare {left!r} and {right!r}") from None
        if k == "in":
            left = self._c(n.args[0], where, text)
            values = [self._lit(v) for v in n.args[1].args]
            if any(v is None for v in values):
                raise _bad(where, text, "a list may hold only numbers, texts, true or false")
            values = [v.lower() if isinstance(v, str) else v for v in values]
            return (left in values) if _plain(left) else left.isin(values)
        if k == "call":
            return self._call(n, where, text)
        raise _bad(where, text, f"cannot use '{k}' here")

    def _age_by_date(self, n: Node) -> Column | None:
        """``age``/``age_months`` compared with a whole number, as a comparison of the birth date with
        a constant date (:func:`lokus.convergence._features.born_by`): the same truth value for every
        person, NULL when the birth date is; None when the comparison is not of that form."""
        if self.ages is None:
            return None
        a, b = n.args
        op = n.value
        if b.kind == "name" and a.kind == "num":  # 6 <= age  →  age >= 6
            a, b = b, a
            op = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
        if not (a.kind == "name" and a.value in ("age", "age_months") and a.value in self.columns
                and b.kind == "num" and isinstance(b.value, int) and not isinstance(b.value, bool)):
            return None
        from lokus.convergence._features import born_by

        birth, as_of = self.ages
        unit = 12 if a.value == "age" else 1
        low, high = {">=": (b.value, None), ">": (b.value + 1, None), "<": (None, b.value),
                     "<=": (None, b.value + 1), "==": (b.value, b.value + 1), "!=": (b.value, b.value + 1)}[op]
        at_least = born_by(as_of, low * unit) if low is not None else None  # age >= low ⇔ birth <= at_least
        under = born_by(as_of, high * unit) if high is not None else None  # age < high ⇔ birth > under
        if (low is not None and at_least is None) or (high is not None and under is None):
            return None  # outside the calendar: the plain arithmetic decides
        parts = ([birth <= at_least] if at_least is not None else []) + ([birth > under] if under is not None else [])
        out = parts[0] if len(parts) == 1 else parts[0] & parts[1]
        return ~out if op == "!=" else out

    def _call(self, n: Node, where: str, text: str) -> Column:
        name = n.value
        if name in HOUSEHOLD_FUNCTIONS:
            key = self._agg_keys.get(n)
            if key is None:
                key = f"__agg_{len(self._agg_keys)}"
                self._agg_keys[n] = key
                inner = as_column(self._c(n.args[0], where, text))
                self.aggregate_parts[key] = (name, inner)
                if name == "any":
                    self.aggregates[key] = inner.any()
                elif name == "all":
                    self.aggregates[key] = inner.all()
                else:
                    self.aggregates[key] = inner.cast("int64").sum()
            return self.agg_column(key)
        if name == "receives":
            return self.receives_column(n.args[0].value.upper())
        field_name = n.args[0].value
        if field_name not in self.columns:
            raise _bad(where, text, f"unknown name '{field_name}' (known: {', '.join(sorted(self.columns))})")
        col = self.columns[field_name]
        if name == "missing":
            return col.isnull()
        texts = [a.value.lower() for a in n.args[1:]]
        low = col.lower() if field_name in self.text_fields else col.cast("string")
        out = low.contains(texts[0])
        for t in texts[1:]:
            out = out | low.contains(t)
        return out
