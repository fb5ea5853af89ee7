"""The seed plan with demo data and a scheme with all six components: every unit gets a card;
three units' totals recomputed here by plain arithmetic from the rows (not through the scoring
module); one report turned from on time to late moves exactly its points in the draft and nothing
in the published version."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from .conftest import AS_OF

pytestmark = pytest.mark.django_db
FRACTIONS = {"achieved": 1, "on_track": 1, "needs_acceleration": 0.6, "off_track": 0.4, "deteriorating": 0}
LIGHTS = {"green": 1, "yellow": 0.6, "red": 0.2}


def cents_of(x) -> Decimal:
    return Decimal(str(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def share_score(weight: int, rows: list[tuple[float, float]]) -> Decimal:
    """[(share, fraction)] → the component's score: the weight in cents dealt out by share (cents
    rounded down, the leftover cents to the largest remainders), each slice times its fraction."""
    if not rows:
        return Decimal(weight)
    total = sum(Decimal(str(s)) for s, _ in rows)
    exact = [Decimal(weight * 100) * Decimal(str(s)) / total for s, _ in rows]
    cents = [int(x) for x in exact]
    for i in sorted(range(len(rows)), key=lambda i: (cents[i] - exact[i], i))[: weight * 100 - sum(cents)]:
        cents[i] += 1
    return sum((cents_of(Decimal(c) / 100 * Decimal(str(f))) for c, (_, f) in zip(cents, rows, strict=True)),
               Decimal(0))  # fmt: skip


def at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))


@pytest.fixture
def record(seed_year):
    """For 区科技局: a task done on time and one overdue, a co-operated task of 区发展改革局's,
    three figures (on time, late, on time then returned), a 督办 item closed 3 days late, a 约谈
    and a 2-point bonus; for 区发展改革局: an item still open past its deadline."""
    from planwatch.assessment.services import add_adjustment
    from planwatch.indicators.models import Indicator
    from planwatch.indicators.observations import period_key
    from planwatch.progress import parse_period
    from planwatch.reporting.models import Submission, SubmissionEvent
    from planwatch.supervision.models import AccountabilityKind, AccountabilityMeasure, SupervisionItem
    from planwatch.tasks.models import Task
    from planwatch.units.models import Unit

    plan = seed_year.plan
    tech, ndrc = Unit.objects.get(name="区科技局"), Unit.objects.get(name="区发展改革局")
    article = plan.articles.first()
    tasks = [Task.objects.create(plan=plan, article=article, text="建成科创平台", lead_unit=tech, state="done",
                                 due_on=date(2024, 6, 30), done_on=date(2024, 6, 20)),
             Task.objects.create(plan=plan, article=article, text="出台人才政策", lead_unit=tech, state="active",
                                 due_on=date(2024, 8, 31)),
             Task.objects.create(plan=plan, article=article, text="编制投资计划", lead_unit=ndrc, state="done",
                                 due_on=date(2024, 3, 31), done_on=date(2024, 4, 10))]  # fmt: skip
    tasks[2].co_units.add(tech)
    indicators = list(Indicator.objects.filter(plan=plan).order_by("pk")[:3])
    subs = []
    for indicator, sent in zip(indicators, (date(2024, 4, 3), date(2024, 4, 12), date(2024, 4, 5)), strict=True):
        subs.append(Submission.objects.create(
            indicator=indicator, unit=tech, period="2024Q1", period_key=period_key(parse_period("2024Q1")),
            status="submitted", value=1, entered_value=1, due_on=date(2024, 4, 10), first_submitted_at=at(sent), submitted_at=at(sent)))  # fmt: skip
    SubmissionEvent.objects.create(submission=subs[2], action="return", old_status="submitted",
                                   new_status="returned", at=at(date(2024, 4, 15)))  # fmt: skip
    item = dict(requirements="按期办结", original_deadline=date(2024, 7, 31), deadline=date(2024, 7, 31))
    SupervisionItem.objects.create(plan=plan, year=2024, seq=1, subject="科创平台建设", lead_unit=tech,
                                   state="closed", closed_on=date(2024, 8, 3), **item)  # fmt: skip
    SupervisionItem.objects.create(plan=plan, year=2024, seq=2, subject="投资计划执行", lead_unit=ndrc,
                                   state="handling", **item)  # fmt: skip
    kind, _ = AccountabilityKind.objects.get_or_create(name="约谈")
    AccountabilityMeasure.objects.create(plan=plan, unit=tech, kind=kind, decided_on=date(2024, 8, 20),
                                         reason="督办事项逾期办结")  # fmt: skip
    with transaction.atomic():
        add_adjustment(actor=None, scheme=seed_year, unit=tech, kind="bonus", reason="获评省级科技创新先进集体",
                       evidence="鲁科字〔2024〕12号", points=2)  # fmt: skip
    return {"tech": tech, "ndrc": ndrc, "late_candidate": subs[0]}


def by_hand(scheme, unit) -> Decimal:
    """The unit's total from the rows, by the scheme's documented rules (docs/assessment.md)."""
    from planwatch.indicators.evaluation import evaluate_plan
    from planwatch.projects.models import Project
    from planwatch.projects.queries import ledger
    from planwatch.reporting.models import Submission, SubmissionEvent
    from planwatch.supervision.models import AccountabilityMeasure, SupervisionItem
    from planwatch.tasks.models import Task

    targets = []
    for result in evaluate_plan(plan=scheme.plan, as_of=AS_OF):
        for u in result["units"]:
            if u["id"] == unit.pk and result["status"] in FRACTIONS:
                targets.append((1 if u["role"] == "lead" else 0.3, FRACTIONS[result["status"]]))
    tasks = []
    for task in Task.objects.filter(plan=scheme.plan, due_on__year=2024, due_on__lte=AS_OF):
        done = 0 if task.state != "done" else 1 if task.done_on <= task.due_on else 0.5
        if task.lead_unit_id == unit.pk:
            tasks.append((1, done))
        elif task.co_units.filter(pk=unit.pk).exists():
            tasks.append((0.3, done))
    reports = Decimal(10)
    for sub in Submission.objects.filter(unit=unit, due_on__year=2024):
        reports -= Decimal("0.5") * (timezone.localdate(sub.first_submitted_at) > sub.due_on)
    reports -= Decimal("0.5") * SubmissionEvent.objects.filter(submission__unit=unit, action="return").count()
    items = [(1, 0 if i.state != "closed" else 1 if i.closed_on <= i.deadline else 0.5)
             for i in SupervisionItem.objects.filter(plan=scheme.plan, lead_unit=unit, deadline__lt=AS_OF)]
    projects = [(1, LIGHTS[r.standing.light]) for r in ledger(Project.objects.filter(plan=scheme.plan, unit=unit),
                                                              plan=scheme.plan, year=2024, today=AS_OF)
                if r.standing.light]  # fmt: skip
    measures = {"约谈": 1, "通报批评": 2}
    deduct = sum(Decimal(str(measures.get(m.kind.name, 0))) for m in AccountabilityMeasure.objects.filter(unit=unit))
    bonus = min(Decimal(2) if unit.name == "区科技局" else Decimal(0), Decimal(5))
    return (share_score(40, targets) + share_score(25, tasks) + max(reports, Decimal(0)) + share_score(10, items)
            + Decimal(5) + share_score(10, projects) + bonus - deduct)  # fmt: skip


def test_every_unit_has_a_card_and_three_totals_match_the_rows(record, seed_year):
    from planwatch.assessment.services import compute
    from planwatch.units.models import ArticleUnit

    cards = {c["unit_name"]: c for c in compute(seed_year)}
    linked = set(ArticleUnit.objects.filter(article__plan=seed_year.plan).values_list("unit__name", flat=True))
    assert linked <= set(cards) and len(cards) == 39
    from planwatch.units.models import Unit

    for name in ("区科技局", "区发展改革局", "区商务局"):
        assert Decimal(str(cards[name]["total"])) == pytest.approx(by_hand(seed_year, Unit.objects.get(name=name)),
                                                                   abs=Decimal("0.01"))  # fmt: skip
    tech = cards["区科技局"]
    components = {c["name"]: c for c in tech["components"]}
    # the rows behind the points: 12.5 of 12.5 for the task done on time, 0 for the overdue one,
    # 0.3 × 6.25 … for the co-operated task done late; two −0.5 lines in 报送
    assert [ln["points"] for ln in components["报送及时与质量"]["lines"]] == [0, -0.5, 0, -0.5]
    assert components["报送及时与质量"]["score"] == 9.0
    assert components["督办办理"]["score"] == 5.0 and "逾期办结" in components["督办办理"]["lines"][0]["reason"]
    assert tech["deductions"]["score"] == -1.0 and tech["bonus"]["score"] == 2.0
    assert {ln["source"]["kind"] for ln in components["重点任务"]["lines"]} == {"task"}


def test_one_report_turned_late_moves_exactly_half_a_point_in_draft_and_nothing_once_published(record, seed_year):
    from planwatch.assessment.services import compute, publish

    before = {c["unit_name"]: c for c in compute(seed_year)}
    with transaction.atomic():
        version = publish(actor="测试", scheme=seed_year, reason="年度考核结果")
    late = record["late_candidate"]
    late.first_submitted_at = at(late.due_on + timedelta(days=2))
    late.save()
    after = {c["unit_name"]: c for c in compute(seed_year)}
    for name, card in before.items():
        expected = card["total"] - (0.5 if name == "区科技局" else 0)
        assert after[name]["total"] == pytest.approx(expected, abs=1e-9), name
    changed = [(c["name"], c["score"]) for c in after["区科技局"]["components"]
               if c["score"] != next(x["score"] for x in before["区科技局"]["components"] if x["name"] == c["name"])]
    assert changed == [("报送及时与质量", 8.5)]
    version.refresh_from_db()
    published = {c["unit_name"]: c for c in version.cards}
    assert published["区科技局"]["total"] == before["区科技局"]["total"]
    from planwatch.assessment.services import current

    cards, shown = current(seed_year)
    assert shown.pk == version.pk and cards == version.cards


def test_a_recomputation_after_publication_is_a_new_audited_version(record, seed_year):
    from planwatch.assessment.services import publish, recompute
    from planwatch.audit.models import AuditEvent

    with transaction.atomic():
        first = publish(actor="测试", scheme=seed_year)
    late = record["late_candidate"]
    late.first_submitted_at = at(late.due_on + timedelta(days=2))
    late.save()
    with pytest.raises(Exception, match="请填写重新计算的原因"), transaction.atomic():
        recompute(actor="测试", scheme=seed_year, reason=" ")
    with transaction.atomic():
        second = recompute(actor="测试", scheme=seed_year, reason="区科技局一季度报送时间更正")
    total = {v.number: next(c["total"] for c in v.cards if c["unit_name"] == "区科技局") for v in (first, second)}
    assert (second.number, second.kind) == (first.number + 1, "recomputed")
    assert total[second.number] == pytest.approx(total[first.number] - 0.5)
    event = AuditEvent.objects.filter(action="assessment.recompute").get()
    assert event.reason == "区科技局一季度报送时间更正"
