"""Which leads a plan states and which it does not; the units page, the dashboard panel and the
demo built on them."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db
LAYOUTS = Path(__file__).resolve().parents[1] / "extract" / "layouts"


def imported(name: str):
    from planwatch.plans.models import Plan

    call_command("import_plan", str(LAYOUTS / f"{name}.txt"), name="p", stdout=StringIO())
    return Plan.objects.get(name="p")


def lead_of(plan, label: str):
    from planwatch.responsibilities.leads import PlanLeads

    current = PlanLeads(plan).article(plan.articles.get(label=label).pk)
    return (current.unit.name if current.unit else None, current.source_label)


def test_a_lead_stated_by_the_plan_is_real_a_list_in_protocol_order_is_not():
    plan = imported("02-district-qiantou-peihe")  # （区住房城乡建设局牵头，…配合） / a plain list
    assert lead_of(plan, "（三）") == ("区住房城乡建设局", "计划明确")
    assert lead_of(plan, "（五）") == ("区城市管理局", "计划仅列此单位")
    assert lead_of(plan, "（六）") == (None, "未确定")  # 区发展改革局、区住房城乡建设局按职责分工负责
    assert lead_of(plan, "（一）") == (None, "未确定")


def test_the_first_listed_unit_leads_only_where_the_plan_says_so():
    plan = imported("10-province-first-listed-leads")  # 排在第一位的为牵头单位
    assert lead_of(plan, "（四）") == ("省商务厅", "计划明确")
    assert lead_of(plan, "（六）") == ("省口岸办", "计划明确")


def test_a_target_follows_its_article_unless_decided_on_its_own(office):
    from planwatch.responsibilities.leads import PlanLeads
    from planwatch.responsibilities.services import assign_leads
    from planwatch.units.services import resolve_unit

    plan = imported("02-district-qiantou-peihe")
    lift = plan.indicators.get(name="加装电梯")
    current = PlanLeads(plan).indicator(lift)
    assert (current.unit.name, current.source_label) == ("区住房城乡建设局", "随条目牵头单位")
    assign_leads(actor=office.user, plan=plan, keys=[f"i{lift.pk}"], unit=resolve_unit("区财政局"))
    current = PlanLeads(plan).indicator(lift)
    assert (current.unit.name, current.source_label) == ("区财政局", "办公室确认")


def test_the_units_page_counts_the_articles_each_unit_leads(office, seed):
    from planwatch.responsibilities.services import assign_leads
    from planwatch.units.services import resolve_unit

    statistics = resolve_unit("区统计局")
    keys = [f"a{seed.articles.get(label=label).pk}" for label in ("（二）", "（九）")]
    assign_leads(actor=office.user, plan=seed, keys=keys[:1], unit=statistics)
    assign_leads(actor=office.user, plan=seed, keys=keys[1:], unit=resolve_unit("区科技局"))
    html = office.client.get(f"/units/?plan={seed.pk}").content.decode()

    def leads(name: str) -> str:
        return re.search(rf">{name}</a></td>\s*<td class=\"num\">(\d+)</td>", html).group(1)

    # By hand from the plan: 区委宣传部 is the only unit of （三十五） and （三十七）, 区商务局 of （十三）.
    assert (leads("区委宣传部"), leads("区商务局"), leads("区科技局")) == ("2", "1", "1")
    assert leads("区发展改革局") == "0"  # listed first on many articles, the lead of none
    assert leads("区统计局") == "1"  # named by no article, but it leads one now


def test_the_dashboard_lists_targets_without_a_lead_until_assigned(office, leader, reporter, seed):
    # 38 targets; those of （四十）(5) and （四十一）(2) have the plan's only unit as their lead.
    html = office.client.get(f"/?plan={seed.pk}").content.decode()
    assert "未确定牵头单位的目标 31 个" in html
    assert f"/responsibilities/{seed.pk}/?unassigned=1" in html
    leader_html = leader.client.get(f"/?plan={seed.pk}").content.decode()
    assert "未确定牵头单位的目标 31 个" in leader_html and "/responsibilities/" not in leader_html
    assert "未确定牵头单位的目标" not in reporter.client.get(f"/?plan={seed.pk}").content.decode()
    from planwatch.responsibilities.services import confirm_proposals
    from planwatch.units.services import resolve_unit

    targets = [f"i{pk}" for pk in seed.indicators.values_list("pk", flat=True)]
    confirm_proposals(actor=office.user, plan=seed, keys=targets)  # the targets only, not their articles
    assert "未确定牵头单位的目标 2 个" in office.client.get(f"/?plan={seed.pk}").content.decode()  # GDP, “四新”
    resolve_unit("区统计局")
    confirm_proposals(actor=office.user, plan=seed, keys=targets)
    assert "未确定牵头单位的目标" not in office.client.get(f"/?plan={seed.pk}").content.decode()
