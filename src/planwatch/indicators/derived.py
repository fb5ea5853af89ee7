"""Formulas of derived indicators: parsed with `ast`, evaluated by walking the tree (pure).

A formula names other indicators of the same plan and combines them with + - * / and numbers:

    energy_use / gdp_comparable            (codes)
    #12 / #7 * 100                         (ids: #12 is the indicator with id 12)
    研发经费 / 地区生产总值 * 100            (names, where a name is a plain word)

Nothing is ever passed to `eval`: the text is parsed into a Python expression tree and every node
is checked against a short list (numbers, names, + - * /, unary ±). Calls, attributes, subscripts,
powers, comparisons and the like are refused with a Chinese message, so a formula can neither
reach Python objects (`__import__`, `x.__class__`) nor run for long (no `**`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Context, Decimal, DivisionByZero, InvalidOperation

__all__ = ["Formula", "FormulaError", "evaluate_formula", "id_name", "parse_formula"]

MAX_LENGTH = 500
_ID = re.compile(r"#\s*(\d+)")
_ID_NAME = re.compile(r"^_id(\d+)$")
_CONTEXT = Context(prec=28)
_BINARY = {ast.Add: "add", ast.Sub: "subtract", ast.Mult: "multiply", ast.Div: "divide"}
_ALLOWED = "公式只能包含指标编码（或 #编号、名称）、数字、+ - * / 和括号"


class FormulaError(ValueError):
    """A formula that cannot be parsed or evaluated; the message is for the office."""


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.expr
    names: tuple[str, ...]  # in order of first use; ids appear as `_id12`

    @property
    def ids(self) -> tuple[int, ...]:
        """The indicator ids the formula names as #id."""
        return tuple(int(m.group(1)) for n in self.names if (m := _ID_NAME.match(n)))


def id_name(pk: int) -> str:
    """The name under which `#pk` appears in `Formula.names` and in the values mapping."""
    return f"_id{pk}"


def parse_formula(text: str) -> Formula:
    """Parse and check ``text``; raises `FormulaError` for anything but + - * / over names and numbers."""
    source = (text or "").strip()
    if not source:
        raise FormulaError("公式为空")
    if len(source) > MAX_LENGTH:
        raise FormulaError(f"公式过长（超过 {MAX_LENGTH} 个字符）")
    try:
        tree = ast.parse(_ID.sub(lambda m: id_name(int(m.group(1))), source), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"公式“{source}”写法有误：{_ALLOWED}") from exc
    names: list[str] = []
    _check(tree.body, names)
    return Formula(source, tree.body, tuple(dict.fromkeys(names)))


def _check(node: ast.AST, names: list[str]) -> None:
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        _check(node.left, names)
        _check(node.right, names)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd | ast.USub):
        _check(node.operand, names)
    elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return
    elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        if node.id.startswith("_") and not _ID_NAME.match(node.id):
            raise FormulaError(f"公式中的名称“{node.id}”无效：名称不能以下划线开头")
        names.append(node.id)
    else:
        raise FormulaError(f"公式中不允许出现“{_describe(node)}”：{_ALLOWED}")


def _describe(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:  # pragma: no cover - unparse handles every node the parser makes
        return type(node).__name__


def evaluate_formula(formula: Formula, values: Mapping[str, Decimal]) -> Decimal:
    """The formula's value given a value for each of its names.

    Raises `FormulaError` when a name has no value or a division by zero occurs, so the caller
    can skip that period and say why.
    """
    return _eval(formula.tree, values)


def _eval(node: ast.expr, values: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, ast.Constant):
        return Decimal(repr(node.value)) if isinstance(node.value, float) else Decimal(node.value)
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise FormulaError(f"缺少“{node.id}”的数值")
        return Decimal(values[node.id])
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, values), _eval(node.right, values)
        try:
            return getattr(_CONTEXT, _BINARY[type(node.op)])(left, right)
        except (DivisionByZero, InvalidOperation) as exc:
            raise FormulaError("除数为零，无法计算") from exc
    raise FormulaError(_ALLOWED)  # unreachable for a parsed Formula
