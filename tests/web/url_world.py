"""The objects tests/web/test_url_matrix.py points its URLs at: `small_plan` (own, shared and
other articles with their indicators) plus a reporting calendar, a submission of each unit,
a progress report, evidence, a notification, and one row of every model the admin lists.

`build_world(...)` returns {name: id} for the URL templates ("{own_indicator}", "{row_plans_plan}").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib import admin

TODAY = date(2026, 1, 3)  # the reporting clock: 2025Q4 is due on 2026-01-05


def row(label: str) -> str:
    """The world's name of an admin model's row: plans.plan → row_plans_plan."""
    return "row_" + label.replace(".", "_")


def build_world(small_plan, reporter, other_reporter, leader, reporter_unit, other_unit) -> dict:
    from django.contrib.contenttypes.models import ContentType

    plan = small_plan.plan
    names = {
        "plan_id": plan.pk, "plan_name": plan.name, "plan_type": ContentType.objects.get_for_model(plan).pk,
        "own_article": small_plan.own.article.pk, "shared_article": small_plan.shared.article.pk,
        "other_article": small_plan.other.article.pk, "own_indicator": small_plan.own.indicator.pk,
        "shared_indicator": small_plan.shared.indicator.pk, "other_indicator": small_plan.other.indicator.pk,
        "reporter_unit": reporter_unit.pk, "other_unit": other_unit.pk, "leader_user": leader.user.pk,
    }  # fmt: skip
    names.update(_reporting(small_plan, reporter, other_reporter))
    names.update(_tasks(small_plan, reporter_unit))
    names.update(_supervision(small_plan, reporter_unit, other_unit))
    names.update(_projects(small_plan, reporter_unit, other_unit))
    names.update(_problems(small_plan, reporter, other_reporter))
    names.update(_assessment(small_plan, reporter))
    names.update(_admin_rows(small_plan, leader))
    _index(small_plan)
    return names


def _index(small_plan) -> None:
    """A one-dimension composite index of the three indicators (统计评价 pages and API)."""
    from planwatch.index.services import Dimension, Member, save_definition

    members = tuple(Member(getattr(small_plan, k).indicator.pk) for k in ("own", "shared", "other"))
    save_definition(actor=None, plan=small_plan.plan, name="测试指数", method="efficacy", weighting="equal",
                    dimensions=[Dimension("综合", 1.0, members)])  # fmt: skip


def _reporting(small_plan, reporter, other_reporter) -> dict:
    """Rules from 2025-10-01; the reporter's unit has a submitted 2025Q3 figure with evidence
    (2025Q4 stays open, so its Excel template has a row), a 2025Q4 progress report and a
    generated unit report; the other unit a submitted 2025 figure; the reporter an unread
    notification."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from planwatch.indicators.observations import enter_observation
    from planwatch.reporting.models import Notification, ReportingRule
    from planwatch.reporting.services.calendar import sync_rules, update_calendar
    from planwatch.reporting.services.evidence import attach_evidence
    from planwatch.reporting.services.submissions import ReportText, save_article_report, save_submission
    from planwatch.reporting.services.validation import Figure
    from planwatch.reports.services import generate

    own, shared, other = small_plan.own.indicator, small_plan.shared.indicator, small_plan.other.indicator
    for indicator, frequency in ((own, "quarter"), (shared, "quarter"), (other, "year")):
        indicator.frequency = frequency
        indicator.save()
    observation = enter_observation(actor=None, indicator=own, period="2023", value=Decimal(90))
    sync_rules(actor=None, plan=small_plan.plan)
    update_calendar(actor=None, plan=small_plan.plan, starts_on=date(2025, 10, 1))
    rules = ReportingRule.objects.select_related("plan", "unit", "indicator__article", "article")
    own_rule, other_rule = rules.get(indicator=own), rules.get(indicator=other)
    article_rule = rules.get(article=small_plan.own.article, indicator__isnull=True)
    own_sub = save_submission(actor=reporter.user, rule=own_rule, period="2025Q3", figure=Figure(Decimal(95)))
    pdf = SimpleUploadedFile("佐证.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    evidence = attach_evidence(actor=reporter.user, item=own_sub, upload=pdf)
    other_sub = save_submission(
        actor=other_reporter.user, rule=other_rule, period="2025", figure=Figure(Decimal(5))
    )
    text = ReportText("已完成主体工程", "", "", "on_track")
    report = save_article_report(actor=reporter.user, rule=article_rule, period="2025Q4", text=text)
    note = Notification.objects.create(user=reporter.user, text="提醒：请报送", link="/reporting/")
    generated = generate(actor=reporter.user, plan=small_plan.plan, kind="unit", period="2025Q4", unit=own_rule.unit)
    return {
        "own_generated": generated.pk,
        "own_submission": own_sub.pk, "other_submission": other_sub.pk, "own_report": report.pk,
        "own_evidence": evidence.pk, "reporter_note": note.pk, "own_rule": own_rule.pk,
        "own_observation": observation.pk,
    }  # fmt: skip


def _tasks(small_plan, reporter_unit) -> dict:
    """On the reporter's article: a proposed task, a candidate policy, and an accepted task with a
    submitted 完成 report and its evidence (each with its history rows)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from planwatch.tasks.lifecycle import POLICY_FLOW, TASK_FLOW
    from planwatch.tasks.models import PolicyMeasure, Task
    from planwatch.tasks.policies import attach_document, submit_delivery
    from planwatch.tasks.reports import submit_report

    plan, article = small_plan.plan, small_plan.own.article
    with transaction.atomic():
        task = TASK_FLOW.run("propose", actor=None, obj=Task(plan=plan, article=article, text="建成一个平台",
                                                              lead_unit=reporter_unit))  # fmt: skip
        policy = POLICY_FLOW.run("propose", actor=None, obj=PolicyMeasure(plan=plan, article=article,
                                                                          name="产业扶持办法", kind="new"))  # fmt: skip
        active = TASK_FLOW.run("propose", actor=None, obj=Task(plan=plan, article=article, text="建成二期平台",
                                                                lead_unit=reporter_unit))  # fmt: skip
        active = TASK_FLOW.run("accept", actor=None, obj=active)
        pdf = SimpleUploadedFile("验收.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
        report = submit_report(actor=None, task=active, progress="已完成", claim="done", uploads=[pdf])
        merge = [TASK_FLOW.run("propose", actor=None, obj=Task(plan=plan, article=article, text=f"合并候选{i}"))
                 for i in (1, 2)]  # fmt: skip
        fresh = TASK_FLOW.run("import", actor=None, obj=Task(plan=plan, article=article, text="建成三期平台",
                                                              lead_unit=reporter_unit))  # fmt: skip
        issued, spare = (_issued(plan, article, reporter_unit, name) for name in ("人才新政", "楼宇经济若干措施"))
        pdf = SimpleUploadedFile("政策.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
        document = attach_document(actor=None, policy=issued, upload=pdf)
        delivery = submit_delivery(actor=None, policy=issued, funds="12.5", enterprises="3")
    return {"own_task": task.pk, "own_policy": policy.pk, "active_task": active.pk, "task_report": report.pk,
            "task_evidence": report.evidence.get().pk, "merge_a": merge[0].pk, "merge_b": merge[1].pk,
            "fresh_task": fresh.pk, "issued_policy": issued.pk, "spare_policy": spare.pk,
            "policy_document": document.pk, "policy_delivery": delivery.pk}  # fmt: skip


def _issued(plan, article, unit, name: str):
    """An issued policy of the reporter's unit (so it reports what it delivers)."""
    from datetime import date

    from planwatch.tasks.lifecycle import POLICY_FLOW
    from planwatch.tasks.models import PolicyMeasure
    from planwatch.tasks.services import policy_step

    policy = POLICY_FLOW.run("propose", actor=None, obj=PolicyMeasure(plan=plan, article=article, name=name,
                                                                      kind="new", issuing_unit=unit))  # fmt: skip
    policy = POLICY_FLOW.run("accept", actor=None, obj=policy)
    return policy_step(actor=None, policy=policy, action="issue", doc_number="市中政办发〔2025〕1号",
                       issued_on=date(2025, 3, 1))  # fmt: skip


def _supervision(small_plan, reporter_unit, other_unit) -> dict:
    """督办: an item led by the reporter's unit (交办, waiting for 签收) with a file, one led by the
    other unit alone, and an accountability measure on each unit."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from planwatch.supervision import accountability, services
    from planwatch.supervision.models import AccountabilityKind

    plan = small_plan.plan
    with transaction.atomic():
        own = services.open_item(actor=None, plan=plan, today=TODAY, new=services.NewItem(
            subject="平台建设进度", requirements="按期建成", lead_unit=reporter_unit, deadline=date(2026, 3, 31)),
            files=[SimpleUploadedFile("批示.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")])  # fmt: skip
        own = services.step(actor=None, item=own, action="assign", today=TODAY)
        other = services.open_item(actor=None, plan=plan, today=TODAY, new=services.NewItem(
            subject="孵化器建设", requirements="按期建成", lead_unit=other_unit, deadline=date(2026, 3, 31)))  # fmt: skip
        # its own kind: the five the migration seeds are gone after any flush of a transactional test
        kind = AccountabilityKind.objects.get_or_create(name="约谈", defaults={"position": 2})[0].pk
        own_measure = accountability.record_measure(actor=None, plan=plan, unit=reporter_unit, kind_id=kind,
                                                    decided_on=TODAY, reason="报送逾期", item_ids=[own.pk])  # fmt: skip
        accountability.record_measure(actor=None, plan=plan, unit=other_unit, kind_id=kind, decided_on=TODAY,
                                      reason="督办逾期", item_ids=[other.pk])  # fmt: skip
    return {"own_item": own.pk, "other_item": other.pk, "own_measure": own_measure.pk,
            "own_item_file": own.files.get().pk}  # fmt: skip


def _projects(small_plan, reporter_unit, other_unit) -> dict:
    """重点项目: one of the reporter's unit (with a submitted 2025-11 report and its photo), one of
    the other unit's; the plan's light settings."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from PIL import Image

    from planwatch.projects.lifecycle import PROJECT_FLOW
    from planwatch.projects.models import Category, Project, ProjectSettings
    from planwatch.projects.reports import submit_report

    plan = small_plan.plan
    category = Category.objects.get_or_create(name="产业")[0]  # seeded rows are gone after a flush
    ProjectSettings.objects.create(plan=plan)
    with transaction.atomic():
        own, other = PROJECT_FLOW.create_all("import_building", actor=None, objs=[
            Project(plan=plan, code="XM01", name="智造产业园", unit=reporter_unit, category=category, total_investment=Decimal(50000)),
            Project(plan=plan, code="XM02", name="科创中心", unit=other_unit, category=category, total_investment=Decimal(30000)),
        ])  # fmt: skip
        photo = io.BytesIO()
        Image.new("RGB", (8, 8)).save(photo, format="PNG")
        report = submit_report(actor=None, project=own, period="2025-11", amount="80", progress="主体施工",
                               photos=[SimpleUploadedFile("现场.png", photo.getvalue(), content_type="image/png")])  # fmt: skip
    return {"own_project": own.pk, "other_project": other.pk, "own_project_report": report.pk,
            "own_project_photo": report.photos.get().pk}  # fmt: skip


def _problems(small_plan, reporter, other_reporter) -> dict:
    """问题: one raised by the reporter's unit (with a file), one by the other unit about its own
    article, one the office raised about the shared article (both units responsible), a meeting."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from planwatch.problems import meetings, services
    from planwatch.supervision.files import attach

    plan, new = small_plan.plan, services.NewProblem
    with transaction.atomic():
        own = services.raise_problem(actor=reporter.user, plan=plan, today=TODAY,
                                     new=new(title="用地指标不足", description="缺 30 亩", category="用地"))  # fmt: skip
        own.last_event.files.add(attach(actor=reporter.user, upload=SimpleUploadedFile(
            "现场照片.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")))  # fmt: skip
        other = services.raise_problem(actor=other_reporter.user, plan=plan, today=TODAY, new=new(
            title="人才公寓不足", description="缺 50 套", category="人才", about=[("article", small_plan.other.article.pk)]))  # fmt: skip
        shared = services.raise_problem(actor=None, plan=plan, today=TODAY, new=new(
            title="审批手续慢", description="环评排队", category="审批手续", about=[("article", small_plan.shared.article.pk)]))  # fmt: skip
        meeting = meetings.draft(actor=None, plan=plan, title="领导小组第1次会议", held_on=TODAY)
    return {"own_problem": own.pk, "other_problem": other.pk, "shared_problem": shared.pk, "meeting": meeting.pk,
            "own_problem_file": own.events.get().files.get().pk}  # fmt: skip


def _assessment(small_plan, reporter) -> dict:
    """考核: 2025 in 征求意见 (units read their own card; the reporter's unit has appealed a line),
    2026 a draft (the office's only)."""
    from django.db import transaction

    from planwatch.assessment.models import Appeal
    from planwatch.assessment.services import consult, create_scheme

    with transaction.atomic():
        scheme = create_scheme(actor=None, plan=small_plan.plan, year=2025)
        version = consult(actor=None, scheme=scheme, appeal_until=TODAY)
        draft = create_scheme(actor=None, plan=small_plan.plan, year=2026)
    appeal = Appeal.objects.create(scheme=scheme, version=version, unit=reporter.user.profile.unit, component="目标完成",
                                   source_kind="target", source_id=1, line="目标", points=0, reason="口径调整")  # fmt: skip
    return {"scheme_consulting": scheme.pk, "scheme_draft": draft.pk, "appeal": appeal.pk}


def _admin_rows(small_plan, leader) -> dict:
    """One row of every model registered in the admin: {row("app.model"): pk}."""
    from planwatch.accounts.services import issue_token
    from planwatch.indicators.bases import set_base_value
    from planwatch.plans.models import Section
    from planwatch.reporting.models import ReminderLog, ReportingRule
    from planwatch.units.models import UnitAlias, UnitFunction

    article = small_plan.own.article
    Section.objects.create(plan=small_plan.plan, chapter=small_plan.chapter, number=1, title="第一节")
    UnitAlias.objects.create(unit=article.unit_links.first().unit, alias="发改局本部")
    UnitFunction.objects.create(name="统计部门", unit_keywords="统计", terms="地区生产总值、GDP")
    set_base_value(actor=None, indicator=small_plan.own.indicator, year=2022, value=Decimal(80))
    issue_token(actor=None, user=leader.user)
    _index_rows(small_plan, leader)
    rule = ReportingRule.objects.filter(unit__isnull=False).first()
    ReminderLog.objects.create(
        unit=rule.unit, rule=rule, period="2025Q4", kind="before", on=TODAY, due_on=TODAY
    )
    rows = {}
    for model in admin.site._registry:
        label = model._meta.label_lower
        first = model._default_manager.order_by("pk").first()
        assert first is not None, f"the URL matrix needs one {label} row: add it to tests/web/url_world.py"
        rows[row(label)] = first.pk
    return rows


def _index_rows(small_plan, leader) -> None:
    """An index version (built as the office's page does) and another unit's figure."""
    from django.utils import timezone

    from planwatch.index.services import Dimension, Member, save_definition
    from planwatch.indicators.models import ComparisonFigure

    indicator = small_plan.own.indicator
    member = Member(indicator.pk, "higher", 1.0, "efficacy")
    save_definition(actor=leader.user, plan=small_plan.plan, name="综合指数", method="efficacy", weighting="given",
                    dimensions=[Dimension("创新", 1.0, (member,))])  # fmt: skip
    ComparisonFigure.objects.create(indicator=indicator, entity="历下区", period="2024", period_end=date(2024, 12, 31),
                                    period_key=20241212, value=Decimal(5), entered_value=Decimal(5),
                                    entered_at=timezone.now())  # fmt: skip
