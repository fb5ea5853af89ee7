"""Checking every row of a data file before anything is written: all rows or none.

`prepare_rows` turns a `Table` into `ObservationInput`s for one plan, or raises `LoadError` with
one Chinese line per problem, each naming the line of the file (the sheet row for XLSX): an
unknown or ambiguous indicator (with the candidates), a bad period, text in a number, a unit that
does not convert, a row given twice, an empty required cell. The database is only read here.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from planwatch.extract.numerals import cn_to_int
from planwatch.progress.periods import Period, parse_period

from .errors import DataError, LoadError
from .measures import UnitMismatch, canonical_unit, conversion_factor
from .models import Indicator
from .observations import ObservationInput, check_storable
from .tables import LABELS, RawRow, Table

MAX_SIGNIFICANT = 15  # what a spreadsheet keeps, and what SQLite stores exactly
MAX_SOURCE = 200  # characters of “来源” (Observation.source)
_QUOTES = re.compile(r"[\s“”\"'‘’「」『』《》〈〉]")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


class RowProblem(ValueError):
    """Problems with one row (one message per problem); the caller adds the line number."""

    def __init__(self, *messages: str) -> None:
        self.messages = list(messages)
        super().__init__("；".join(messages))


def name_key(text: str) -> str:
    """Names compared without spaces, quotes or case: “四新”经济 = "四新"经济 = 四新经济."""
    return _QUOTES.sub("", unicodedata.normalize("NFKC", text or "")).lower()


@dataclass(frozen=True)
class Ref:
    """What matching needs to know of one indicator."""

    id: int
    name: str
    code: str
    unit: str
    derived: bool
    article_id: int
    article_label: str
    article_number: int

    @property
    def shown(self) -> str:
        return f"{self.name}（条目{self.article_label or self.article_number}）"


class Matcher:
    """Finds the indicator a row names: its code, its name, or a unique part of its name, within
    the plan or within the article the row gives.

    Codes, names and article numbers are indexed once, and every distinct (text, article) is
    matched once: a file of 100,000 rows naming 4,000 indicators costs dictionary look-ups, not
    100,000 scans of the plan. Only a text that is a part of a name scans the names (once per
    distinct text)."""

    def __init__(self, refs: list[Ref]) -> None:
        self.refs = refs
        self.partial: dict[str, str] = {}  # text → the name it was taken for (a part of a name)
        self._keys = [name_key(r.name) for r in refs]
        self._by_code: dict[str, list[Ref]] = defaultdict(list)
        self._by_name: dict[str, list[Ref]] = defaultdict(list)
        self._by_number: dict[int, set[int]] = defaultdict(set)
        self._by_label: dict[str, set[int]] = defaultdict(set)
        for r, key in zip(refs, self._keys, strict=True):
            if r.code:
                self._by_code[r.code.lower()].append(r)
            self._by_name[key].append(r)
            self._by_number[r.article_number].add(r.article_id)
            self._by_label[name_key(r.article_label).strip("()")].add(r.article_id)
        self._memo: dict[tuple[str, str | None], Ref | list[str]] = {}

    @classmethod
    def for_plan(cls, plan) -> Matcher:
        fields = ("pk", "name", "code", "measure_unit", "formula", "article_id", "article__label",
                  "article__number")  # as tuples: a plan of 4,000 indicators builds no model object each
        rows = Indicator.objects.filter(plan=plan).order_by("article__position", "position").values_list(*fields)
        return cls([Ref(pk, name, code, unit, bool(formula.strip()), *article)  # Indicator.is_derived
                    for pk, name, code, unit, formula, *article in rows])  # fmt: skip

    def in_article(self, text: str) -> set[int]:
        """The id of the article ``text`` names (its number or its label), or a `RowProblem`."""
        key = re.sub(r"[()（）\s第条]", "", unicodedata.normalize("NFKC", str(text)))
        number = int(key) if key.isdigit() else cn_to_int(key)
        articles = self._by_label.get(key, set()) | (
            self._by_number.get(number, set()) if number is not None else set()
        )
        if not articles:
            raise RowProblem(f"未找到条目“{text}”")
        if len(articles) > 1:
            raise RowProblem(f"条目“{text}”对应多个条目，请写完整编号")
        return articles

    def match(self, text: str, article: str | None = None) -> Ref:
        """The one indicator ``text`` names (within ``article`` if given), or a `RowProblem`."""
        memo_key = (text.strip(), article)
        if memo_key not in self._memo:
            try:
                self._memo[memo_key] = self._match(text, article)
            except RowProblem as exc:
                self._memo[memo_key] = exc.messages
        found = self._memo[memo_key]
        if isinstance(found, list):
            raise RowProblem(*found)
        return found

    def _match(self, text: str, article: str | None) -> Ref:
        inside = self.in_article(article) if article else None

        def within(refs) -> list[Ref]:
            return [r for r in refs if inside is None or r.article_id in inside]

        where = f"（条目{article}中）" if article else ""
        wanted = text.strip()
        by_code = within(self._by_code.get(wanted.lower(), ()))
        if len(by_code) == 1:
            return by_code[0]
        key = name_key(wanted)
        exact = within(self._by_name.get(key, ()))
        hits = exact or within(r for r, k in zip(self.refs, self._keys, strict=True) if key in k)
        if len(hits) == 1:
            if not exact:
                self.partial[wanted] = hits[0].name
            return hits[0]
        if not hits:
            raise RowProblem(f"未找到指标“{text}”{where}")
        listed = "、".join(r.shown for r in hits[:10]) + ("等" if len(hits) > 10 else "")
        hint = "请写完整名称或指标编码" + ("" if article else "，或填写“条目”列")
        raise RowProblem(f"指标“{text}”{where}对应多个指标：{listed}；{hint}")


_CN_PERIODS = (
    (re.compile(r"^(\d{4})年?$"), "{0}"),
    (re.compile(r"^(\d{4})年?(上|下)半年$"), "{0}H{1}"),
    (re.compile(r"^(\d{4})年?第?([一二三四1-4])季度?$"), "{0}Q{1}"),
    (re.compile(r"^(\d{4})年(\d{1,2})月份?$"), "{0}-{1}"),
    (re.compile(r"^(\d{4})[/.](\d{1,2})$"), "{0}-{1}"),
    (re.compile(r"^(\d{4})[-_]?([QqHh][1-4])$"), "{0}{1}"),
)
_PART = {"上": "1", "下": "2", "一": "1", "二": "2", "三": "3", "四": "4"}


@functools.lru_cache(maxsize=8192, typed=True)  # a file repeats its few periods on every row
def parse_period_cell(cell) -> Period:
    """A period from a cell: a code (2023Q2), a Chinese form (2023年第二季度, 2023年上半年,
    2023年6月), a number (2023) or a date cell (the month it falls in)."""
    if isinstance(cell, datetime | date):
        text = f"{cell.year}-{cell.month:02d}"
    elif isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        text = str(int(cell))
    else:
        text = unicodedata.normalize("NFKC", str(cell)).replace(" ", "").strip()
        for pattern, template in _CN_PERIODS:
            if m := pattern.match(text):
                text = template.format(
                    m.group(1), _PART.get(m.group(2), m.group(2)) if m.lastindex > 1 else ""
                )
                break
    try:
        period = parse_period(text)
    except ValueError as exc:
        raise RowProblem(str(exc).replace(f"：{text}", f"：{cell}")) from exc
    if not 1900 <= period.year <= 2100:
        raise RowProblem(f"期间“{cell}”的年份超出范围")
    return period


def parse_value_cell(cell, percent: bool = False) -> tuple[Decimal, str]:
    """(number, unit written with it: '%' or '‰' or ''). Spreadsheet numbers keep 15 digits."""
    if isinstance(cell, bool | datetime | date):
        raise RowProblem(f"数值“{cell}”不是数字")
    if isinstance(cell, int):
        return Decimal(cell), ""
    if isinstance(cell, float):
        if cell != cell or cell in (float("inf"), float("-inf")):
            raise RowProblem(f"数值“{cell}”不是数字")
        number = Decimal(f"{cell:.15g}")
        return (number * 100, "%") if percent else (number, "")
    if cell.__class__ is str and _NUMBER.fullmatch(cell):  # nearly every cell of a CSV: a plain number
        return _significant(cell, cell), ""
    text = unicodedata.normalize("NFKC", str(cell)).replace(" ", "").replace("−", "-")
    unit = text[-1] if text[-1:] in ("%", "‰") else ""
    text = text[:-1] if unit else text
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        hint = "；单位请填在“单位”列" if re.match(r"^[+-]?[\d.]+[\u4e00-\u9fff]+$", text) else ""
        raise RowProblem(f"数值“{cell}”不是数字{hint}")
    return _significant(text, cell), unit


def _significant(text: str, cell) -> Decimal:
    """``text`` (a number) as a Decimal, or a `RowProblem` when it has more digits than a
    spreadsheet keeps."""
    number = Decimal(text)
    # a text of at most 15 characters has at most 15 digits: counting them is then not needed
    if len(text) > MAX_SIGNIFICANT and len(number.normalize().as_tuple().digits) > MAX_SIGNIFICANT:
        raise RowProblem(f"数值“{cell}”的有效数字超过 {MAX_SIGNIFICANT} 位")
    return number


_REQUIRED = ("indicator", "period", "value")


def _cell_text(cell) -> str:
    if cell.__class__ is str:  # nearly every cell; stripped already when read (tables._data_rows)
        return cell
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


@functools.lru_cache(maxsize=4096)  # a file repeats its few (unit cell, unit written, indicator unit)
def _unit_and_factor(cell: str, written: str, default: str, target: str) -> tuple[str, Decimal | None]:
    """(the unit the figure is given in, the factor to the indicator's unit ``target``; None
    for "no conversion"), or a `RowProblem`: a unit cell that contradicts the unit written with
    the number, or a unit that does not convert."""
    unit = canonical_unit(cell)
    if written and unit and canonical_unit(written) != unit:
        raise RowProblem(f"数值带有单位“{written}”，与“单位”列的“{unit}”不一致")
    unit = unit or written or default
    if not unit.strip():
        return target, None
    try:
        factor = conversion_factor(unit, target)
    except UnitMismatch as exc:
        raise RowProblem(str(exc)) from exc
    return unit, None if factor == 1 else factor


def _attempt(problems: list[str], fn, *args):
    try:
        return fn(*args)
    except RowProblem as exc:
        problems.extend(exc.messages)
        return None


def _indicator(name: str, article: str, matcher: Matcher) -> Ref:
    ref = matcher.match(name, article or None)
    if ref.derived:
        raise RowProblem(f"指标“{ref.name}”是计算指标，数值由公式算出，不能直接填报")
    return ref


def _stored(number: Decimal, factor: Decimal | None) -> tuple[Decimal, Decimal]:
    """(the value in the indicator's unit, the value as entered), or a `RowProblem` for a number
    too large to store. One object when no unit converts (100,000 rows hold 100,000 fewer)."""
    try:
        check_storable(number)
        if factor is None:
            return number, number
        value = number * factor
        check_storable(value)
        return value, number
    except DataError as exc:
        raise RowProblem(str(exc)) from exc


def prepare_row(
    row: RawRow, matcher: Matcher, *, default_unit: str = "", reason: str = ""
) -> ObservationInput:
    """One row checked and converted; raises `RowProblem` naming every problem of the row.

    Every row of a file passes here (100,000 in a large load), so each cell is read once and
    what repeats from row to row — the indicator named, the period, the units — is worked out
    once per distinct value (`Matcher.match`, `parse_period_cell`, `_unit_and_factor`). A row
    is first taken straight through, as nearly every row is right; only a row that fails is gone
    through again step by step (`_problems`) to name each of its problems (a fifth of the time
    of checking a large file went to that bookkeeping on rows that had none)."""
    name, article, period_cell, value_cell, unit_cell, source, note = map(_cell_text, row.cells)  # FIELDS
    if name and period_cell and value_cell and len(source) <= MAX_SOURCE:
        try:
            ref = _indicator(name, article, matcher)
            number, written = parse_value_cell(row.get("value"), row.percent)
            unit, factor = _unit_and_factor(unit_cell, written, default_unit, ref.unit)
            value, entered = _stored(number, factor)
            period = parse_period_cell(row.get("period"))
        except RowProblem:
            pass
        else:
            return ObservationInput(
                indicator_id=ref.id, period=period, value=value, entered_value=entered, entered_unit=unit,
                source=source, note=note, reason=reason,
            )  # fmt: skip
    problems = _problems(row, matcher, default_unit)
    if not problems:  # both go through the same steps: a row cannot fail one and pass the other
        raise RuntimeError(f"第 {row.line} 行：检查结果不一致")
    raise RowProblem(*problems)


def _problems(row: RawRow, matcher: Matcher, default_unit: str) -> list[str]:
    """Every problem of a row that failed `prepare_row`, each step tried even after one failed."""
    name, article, period_cell, value_cell, unit_cell, source, _ = map(_cell_text, row.cells)  # FIELDS
    problems = []
    if not (name and period_cell and value_cell):
        empty = [f"“{LABELS[f]}”" for f, text in zip(_REQUIRED, (name, period_cell, value_cell), strict=True) if not text]
        problems.append("、".join(empty) + "为空")
    ref = _attempt(problems, _indicator, name, article, matcher) if name else None
    if period_cell:
        _attempt(problems, parse_period_cell, row.get("period"))
    parsed = _attempt(problems, parse_value_cell, row.get("value"), row.percent) if value_cell else None
    unit = _attempt(problems, _unit_and_factor, unit_cell, parsed[1], default_unit, ref.unit) if ref and parsed else None
    if unit:
        _attempt(problems, _stored, parsed[0], unit[1])
    if len(source) > MAX_SOURCE:
        problems.append(f"“来源”超过 {MAX_SOURCE} 个字")
    return problems


@dataclass
class Prepared:
    rows: list[ObservationInput]
    partial: dict[str, str]  # indicator text that was a part of a name → the indicator's name


def prepare_rows(*, plan, table: Table, progress: Callable[[int, int], None] | None = None) -> Prepared:
    """Every row of ``table`` checked against ``plan``; any problem rejects the whole table.
    The rows are read from the file as they are checked (`Table`): a large file is held once,
    as checked rows, not also as rows of cells."""
    matcher, errors, out = Matcher.for_plan(plan), [], []
    seen: dict[tuple[int, str], int] = {}
    names = {r.id: r.name for r in matcher.refs}
    for n, row in enumerate(table.rows, 1):
        try:
            item = prepare_row(
                row, matcher, default_unit=table.value_unit, reason=f"导入文件 {table.name} 第 {row.line} 行"
            )
        except RowProblem as exc:
            errors.extend(f"第 {row.line} 行：{m}" for m in exc.messages)
            continue
        key = (item.indicator_id, item.period.code)
        if key in seen:
            errors.append(
                f"第 {row.line} 行：与第 {seen[key]} 行重复（指标“{names[key[0]]}”，期间 {key[1]}）"
            )
        else:
            seen[key] = row.line
            out.append(item)
        if progress and n % 5000 == 0:
            progress(row.line, table.lines)
    if errors:
        raise LoadError(errors, file_name=table.name)
    return Prepared(out, dict(matcher.partial))
