"""Writing observations: create, change with a revision row, or leave alone when nothing changed.

`write_observations` is the one writer every path goes through — file loads, demo data, derived
values, an edit in the admin — so they share one rule: a row whose figures are the same as
stored is not touched at all (no revision, no new timestamp); a changed row is updated and an
`ObservationRevision` records old and new value, status, the other fields that changed, who,
when and why; a new row gets its creation revision. Nothing here opens a transaction: the
command or request that calls it is the transaction. A bulk write is one audit event, recorded
by the caller (a load, a demo run); a single figure typed in or corrected is its own event here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from itertools import groupby, islice
from operator import attrgetter

from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone

from planwatch.audit.models import AuditAction
from planwatch.audit.services import changes as only_changes
from planwatch.audit.services import record
from planwatch.plans.versions import BULK_ROWS, stamped_once
from planwatch.progress.periods import Period, parse_period

from .errors import DataError
from .measures import convert
from .models import VALUE_DIGITS, VALUE_PLACES, Indicator, Observation, ObservationRevision, ObservationStatus
from .sqlwrite import Statement, insert, stored_fields, taken, update

_QUANTUM = Decimal(1).scaleb(-VALUE_PLACES)
_MAX_INT_DIGITS = VALUE_DIGITS - VALUE_PLACES
_STORED = Context(prec=VALUE_DIGITS, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation])
# Compared to decide whether a row changed; `value` and `status` have their own revision columns.
COMPARED = (
    "value",
    "entered_value",
    "entered_unit",
    "source",
    "note",
    "status",
    "is_demo",
    "derived",
    "inputs",
)


def stored_decimal(value: Decimal) -> Decimal:
    """``value`` as the database keeps it (10 decimal places); too large a number is refused."""
    if value.is_finite():
        try:  # the common case in one step: it fits VALUE_DIGITS digits once quantized
            return value.quantize(_QUANTUM, context=_STORED)
        except InvalidOperation:
            pass
    check_storable(value)
    return value.quantize(_QUANTUM, rounding=ROUND_HALF_EVEN)


def check_storable(value: Decimal) -> None:
    """A `DataError` for a number the database cannot keep (`stored_decimal` would refuse it),
    without making the stored number."""
    if not value.is_finite():
        raise DataError(f"数值无效：{value}")
    if value != 0 and value.adjusted() >= _MAX_INT_DIGITS:
        raise DataError(f"数值过大：{value:f}（整数部分最多 {_MAX_INT_DIGITS} 位）")


def period_key(period: Period) -> int:
    """Sorts like `Period`: by end month, then the shorter period first (2023Q4 before 2023)."""
    return period.year * 10000 + period.end_month * 100 + period.span


def plain(value: Decimal | None) -> str | None:
    """A Decimal as text without exponent or trailing zeros: 1400, 0.77, 12.5."""
    if value is None:
        return None
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(slots=True)  # 100,000 of them in a load: no __dict__ each, and not frozen (below)
class ObservationInput:
    """One figure to store. ``value`` is in the indicator's unit; ``reason`` names its origin
    (文件 x.csv 第 12 行) for the revision row.

    Never changed once made, but not declared frozen: a frozen dataclass sets every field
    through ``object.__setattr__``, which made building 100,000 of them a third of checking a
    file (0.2 of 0.75 s, bench/bench_load.py)."""

    indicator_id: int
    period: Period
    value: Decimal
    entered_value: Decimal
    entered_unit: str = ""
    source: str = ""
    note: str = ""
    status: str = ObservationStatus.APPROVED
    is_demo: bool = False
    derived: bool = False
    inputs: tuple = ()
    reason: str = ""

    def __post_init__(self) -> None:
        # the figures as stored, once: `values` hands these very objects to the write, and a
        # figure given as both (no unit converted) stays one object
        value = stored_decimal(self.value)
        self.entered_value = value if self.entered_value is self.value else stored_decimal(self.entered_value)
        self.value = value

    def values(self) -> tuple:
        """The stored values of the `COMPARED` fields, in that order."""
        return (
            self.value, self.entered_value, self.entered_unit, self.source, self.note, self.status,
            self.is_demo, self.derived, list(self.inputs) if self.inputs else _NO_INPUTS,
        )  # fmt: skip


# Shared by every row without inputs / every creation revision (never changed: only written and compared)
_NO_INPUTS: list = []
_NO_CHANGES: dict = {}


@dataclass
class WriteSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def __add__(self, other: WriteSummary) -> WriteSummary:
        return WriteSummary(*(a + b for a, b in zip(self.astuple(), other.astuple(), strict=True)))

    def astuple(self) -> tuple[int, int, int, int]:
        return (self.created, self.updated, self.unchanged, self.deleted)

    @property
    def text(self) -> str:
        deleted = f"，删除 {self.deleted} 条" if self.deleted else ""
        return f"新增 {self.created} 条，更新 {self.updated} 条，未变化 {self.unchanged} 条{deleted}"


def actor_user(actor) -> models.Model | None:
    """The user behind ``actor`` for the "who" columns; a command's actor (a name such as
    "命令行:root", kept in the audit trail) or None leaves them empty."""
    return actor if isinstance(actor, models.Model) else None


def _audit(actor, action: str, obs: Observation, before: Observation | None, reason: str) -> None:
    fields = ("period", "value", "entered_value", "entered_unit", "source", "note", "status", "is_demo")
    old = {f: _json(getattr(before, f)) for f in fields} if before is not None else None
    new = {f: _json(getattr(obs, f)) for f in fields}
    if old is not None:
        old, new = only_changes(old, new)
    record(actor=actor, action=action, obj=obs, before=old, after=new, reason=reason)


CHUNK_INDICATORS = 500  # indicators per query: well under every database's limit on parameters


def _by_indicators(ids: Iterable[int]):
    """The stored observations of the indicators ``ids``, as querysets of 500 indicators each."""
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK_INDICATORS):
        yield Observation.objects.filter(indicator_id__in=ids[start : start + CHUNK_INDICATORS])


def stored_values(indicator_ids: Iterable[int]) -> dict[tuple[int, str], tuple]:
    """(id, *the COMPARED fields) of every stored observation of ``indicator_ids``, by (indicator
    id, period code), as tuples: a reload of 100,000 unchanged rows builds no model object.
    ``inputs`` is read as text and decoded once per distinct text (nearly always "[]")."""
    decoded, out = {}, {}
    fields = ["indicator_id", "period", "pk", *COMPARED[:-1], "inputs_text"]
    for rows in _by_indicators(indicator_ids):
        for row in rows.annotate(inputs_text=Cast("inputs", models.TextField())).values_list(*fields):
            text = row[-1]
            inputs = decoded.get(text)
            if inputs is None:
                inputs = decoded[text] = json.loads(text)
            out[row[0], row[1]] = row[2:-1] + (inputs,)
    return out


def _with_stored(rows: list[ObservationInput], release: bool):
    """(row, its stored values or None) for every row, by indicator: the stored figures are read
    for 500 indicators at a time and let go before the next 500, so comparing a file with what
    is stored never holds all of a plan's figures at once. With ``release`` ``rows`` is sorted
    and emptied in place."""
    ordered = rows if release else list(rows)
    ordered.sort(key=attrgetter("indicator_id"))
    groups = ((indicator, list(group)) for indicator, group in groupby(taken(ordered), key=attrgetter("indicator_id")))
    while batch := list(islice(groups, CHUNK_INDICATORS)):
        stored = stored_values(indicator for indicator, _ in batch)
        for _, group in batch:
            for row in taken(group):
                yield row, stored.get((row.indicator_id, row.period.code))


def existing_ids(keys: Iterable[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """The ids of the stored observations for (indicator id, period code) pairs."""
    wanted = set(keys)
    return {
        (indicator_id, period): pk
        for rows in _by_indicators(i for i, _ in wanted)
        for indicator_id, period, pk in rows.values_list("indicator_id", "period", "pk")
        if (indicator_id, period) in wanted
    }


def write_observations(
    *,
    actor,
    rows: Sequence[ObservationInput],
    reason: str,
    progress: Callable[[int, int], None] | None = None,
) -> WriteSummary:
    """Store ``rows`` (at most one per indicator and period): create, update with a revision,
    or leave unchanged. ``reason`` is the revision reason where a row names none."""
    return prepare_write(actor=actor, rows=rows, reason=reason, progress=progress).execute()


@dataclass
class PreparedWrite:
    """A write compared with the stored rows and turned into statements, ready to run.

    `prepare_write` only reads, so a bulk load runs it before its write transaction; `execute`
    (in the transaction) runs the statements. New observations get their ids when inserted, so
    their creation revisions are inserted after them with those ids."""

    summary: WriteSummary
    indicators: set[int]  # of the observations created or changed
    new: Statement  # its rows begin with the (indicator id, period code) of the observation
    created: Statement  # revisions of the new observations, observation id given when run
    changed: Statement
    revisions: Statement  # revisions of the changed observations

    def execute(self) -> WriteSummary:
        keys = [(row[0], row[1]) for row in self.new.params]
        with self._stamped_once(len(keys)):
            self.new.run()
        ids = existing_ids(keys)
        self.created.run([(ids[key],) for key in keys])
        with self._stamped_once(len(self.changed.params)):
            self.changed.run()
        self.revisions.run()
        return self.summary

    def _stamped_once(self, rows: int):
        """A large statement's plans stamped once, not once per row (`plans.versions.stamped_once`)."""
        if rows < BULK_ROWS:
            return nullcontext()
        ids, plans = sorted(self.indicators), set()
        for start in range(0, len(ids), CHUNK_INDICATORS):
            chunk = ids[start : start + CHUNK_INDICATORS]
            plans.update(Indicator.objects.filter(pk__in=chunk).values_list("plan_id", flat=True))
        return stamped_once(Observation._meta.db_table, plans)


_CHANGED_FIELDS = [*COMPARED, "entered_by", "entered_at"]
_NEW_FIELDS = ["indicator", "period", "period_end", "period_key", *_CHANGED_FIELDS]
_REVISION_FIELDS = stored_fields(ObservationRevision)
_VALUE, _STATUS = COMPARED.index("value"), COMPARED.index("status")


def prepare_write(
    *,
    actor,
    rows: Sequence[ObservationInput],
    reason: str,
    progress: Callable[[int, int], None] | None = None,
    release: bool = False,
) -> PreparedWrite:
    """Compare ``rows`` with the stored observations (reads only) and prepare the write, as
    tuples of values in the order of the statements' columns (no model object per row).
    With ``release`` the list ``rows`` is taken (sorted, then emptied as its rows go into statements): a
    bulk load does not hold its rows beside their statements."""
    now, summary, user = timezone.now(), WriteSummary(), actor_user(actor)
    by = user.pk if user is not None else None
    new, created, changed, revisions, indicators = [], [], [], [], set()
    total = len(rows)
    for n, (row, old) in enumerate(_with_stored(rows, release), 1):
        wanted = row.values()
        key = (row.indicator_id, row.period.code)
        if old is None:
            new.append((*key, row.period.end, period_key(row.period), *wanted, by, now))
            indicators.add(row.indicator_id)
            why = (row.reason or reason)[:300]
            created.append((None, wanted[_VALUE], "", wanted[_STATUS], _NO_CHANGES, by, now, why))
        elif old[1:] == wanted:  # one comparison of the tuples: nearly every row of a reload
            summary.unchanged += 1
        else:
            changes = [i for i, v in enumerate(wanted) if old[i + 1] != v]
            changed.append((*wanted, by, now, old[0]))
            indicators.add(row.indicator_id)
            revisions.append(_revision(old, wanted, changes, by, now, (row.reason or reason)[:300]))
        if progress and n % 5000 == 0:
            progress(n, total)
    summary.created, summary.updated = len(new), len(changed)
    return PreparedWrite(
        summary=summary,
        indicators=indicators,
        new=insert(Observation, new, _NEW_FIELDS),
        created=insert(ObservationRevision, created, _REVISION_FIELDS[1:], later=_REVISION_FIELDS[:1]),
        changed=update(Observation, changed, _CHANGED_FIELDS),
        revisions=insert(ObservationRevision, revisions, _REVISION_FIELDS),
    )


def _json(value):
    return plain(value) if isinstance(value, Decimal) else value


def _revision(old: tuple, wanted: tuple, changes: list[int], by, now, reason: str) -> tuple:
    """An `ObservationRevision` row: old and new value and status, the other fields that changed."""
    others = {
        COMPARED[i]: [_json(old[i + 1]), _json(wanted[i])] for i in changes if i not in (_VALUE, _STATUS)
    }
    return (
        old[0],
        old[_VALUE + 1],
        wanted[_VALUE],
        old[_STATUS + 1],
        wanted[_STATUS],
        others,
        by,
        now,
        reason,
    )


def edit_observation(*, actor, observation: Observation, reason: str = "手工修改") -> bool:
    """Save a person's edit of one observation (the admin) through the same rule: compared with
    the stored row, a change is saved with its revision; returns whether anything changed.

    The figure as entered is what a person edits; the value in the indicator's unit follows it.
    """
    try:
        period = parse_period(observation.period)
        value = convert(
            observation.entered_value, observation.entered_unit, observation.indicator.measure_unit
        )
    except ValueError as exc:
        raise DataError(str(exc)) from exc
    row = ObservationInput(
        indicator_id=observation.indicator_id,
        period=period,
        value=value,
        entered_value=observation.entered_value,
        entered_unit=observation.entered_unit,
        source=observation.source,
        note=observation.note,
        status=observation.status,
        is_demo=observation.is_demo,
        derived=observation.derived,
        inputs=tuple(observation.inputs or ()),
    )
    before = Observation.objects.filter(pk=observation.pk).first()
    summary = write_observations(actor=actor, rows=[row], reason=reason)
    if summary.created or summary.updated:
        saved = Observation.objects.get(indicator_id=observation.indicator_id, period=period.code)
        _audit(actor, AuditAction.UPDATE if before else AuditAction.CREATE, saved, before, reason)
    return bool(summary.created or summary.updated)


def enter_observation(
    *,
    actor,
    indicator,
    period: str,
    value: Decimal,
    unit: str = "",
    source: str = "",
    note: str = "",
    status: str = ObservationStatus.APPROVED,
    reason: str = "手工录入",
) -> Observation:
    """Store one figure typed by a person (``unit`` empty: the indicator's own), with its
    revision; an existing figure for the same period is changed, not duplicated."""
    try:
        parsed = parse_period(period)
        converted = convert(Decimal(value), unit, indicator.measure_unit)
    except ValueError as exc:
        raise DataError(str(exc)) from exc
    row = ObservationInput(
        indicator_id=indicator.pk, period=parsed, value=converted, entered_value=Decimal(value),
        entered_unit=unit or indicator.measure_unit, source=source, note=note, status=status,
    )  # fmt: skip
    before = Observation.objects.filter(indicator=indicator, period=parsed.code).first()
    summary = write_observations(actor=actor, rows=[row], reason=reason)
    saved = Observation.objects.get(indicator=indicator, period=parsed.code)
    if summary.created or summary.updated:
        _audit(actor, AuditAction.UPDATE if before else AuditAction.CREATE, saved, before, reason)
    return saved
