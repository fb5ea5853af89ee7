"""Making a report or ledger: `generate(*, actor, plan, kind, period, unit=None, issuer=None)`.

The work is bounded — one evaluation of the plan (cached per data change) and a fixed number of
queries — so it runs inside the request (the seed plan's quarterly report takes well under a
second; docs/reports.md). The edge wraps the call in a transaction: the stored file and its audit
event are saved together or not at all. Permission is the caller's: `allowed(user, "view",
GeneratedReport(plan=…, unit=…))` — a reporter may only make its own unit's.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.utils import timezone

from planwatch.audit.services import record
from planwatch.progress.periods import parse_period

from . import documents, ledgers
from .errors import ReportError
from .facts import Scope, scope_for
from .models import GeneratedReport, Kind

DOCX_KINDS = (Kind.PROGRESS, Kind.UNIT, Kind.BRIEF)


def make_bytes(*, plan, kind: str, period: str, unit=None, issuer: str | None = None) -> tuple[bytes, str, Scope]:
    """The file of one report or ledger (bytes, file name, scope), nothing stored."""
    if kind not in Kind.values:
        raise ReportError(f"未知的报告类型：{kind}；可选：{'、'.join(Kind.values)}")
    if kind == Kind.UNIT and unit is None:
        raise ReportError("单位进展情况报告须指定单位")
    scope = scope_for(plan=plan, period=period, unit=unit)
    today, issuer = timezone.localdate(), issuer or settings.REPORT_ISSUER
    who = f"-{unit.name}" if unit is not None else ""
    if kind == Kind.BRIEF:
        data = documents.brief(scope, issuer=issuer, written_on=today, previous=previous_scope(scope))
    elif kind in DOCX_KINDS:
        data = documents.progress_report(scope, kind=kind, issuer=issuer, written_on=today)
    else:
        ledger = ledgers.LEDGERS[kind.removeprefix("ledger-")]
        data = ledger.write(scope, filled_by=unit.name if unit is not None else issuer, on=today)
        return data, f"{plan.name}-{scope.period.code}-{ledger.title}{who}.xlsx", scope
    return data, f"{plan.name}-{scope.period.code}-{Kind(kind).label}{who}.docx", scope


def previous_scope(scope: Scope) -> Scope | None:
    """The period before, of the same length (2025Q2 → 2025Q1, 2025H1 → 2024H2, 2025 → 2024);
    None before the plan's first year."""
    p = scope.period
    year, end = (p.year, p.end_month - p.span) if p.end_month > p.span else (p.year - 1, 12)
    if scope.plan.period_start and year < scope.plan.period_start:
        return None
    code = str(year) if p.span == 12 else f"{year}{'H' if p.span == 6 else 'Q'}{end // p.span}"
    return Scope(plan=scope.plan, period=parse_period(code), unit=scope.unit)


def generate(*, actor, plan, kind: str, period: str, unit=None, issuer: str | None = None) -> GeneratedReport:
    """Make the file and keep it (with an audit event), for the 报告 page's list and the API."""
    started = time.perf_counter()
    data, name, scope = make_bytes(plan=plan, kind=kind, period=period, unit=unit, issuer=issuer)
    user = actor if getattr(actor, "pk", None) else None
    report = GeneratedReport.objects.create(
        plan=plan, kind=kind, period=scope.period.code, as_of=scope.as_of, unit=unit, file_name=name,
        content=data, size=len(data), seconds=round(time.perf_counter() - started, 3), created_by=user,
        created_by_name=_name(actor),
    )  # fmt: skip
    record(actor=actor, action="report.generate", obj=report, after={"kind": kind, "period": scope.period.code,
           "unit": unit.name if unit is not None else "", "size": len(data)})  # fmt: skip
    return report


def _name(actor) -> str:
    if isinstance(actor, str):
        return actor[:150]
    return (actor.get_full_name() or actor.get_username())[:150] if actor is not None else ""
