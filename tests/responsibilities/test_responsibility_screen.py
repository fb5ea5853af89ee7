"""The office's 责任分解 screen: who may open it, bulk confirm and bulk set through its POST, the
history of each decision, and reporting that follows the confirmed leads."""

from __future__ import annotations

import re
from datetime import date

import pytest

from .conftest import keys_of

pytestmark = pytest.mark.django_db


def url(plan) -> str:
    return f"/responsibilities/{plan.pk}/"


def key(plan, label: str) -> str:
    return f"a{plan.articles.get(label=label).pk}"


def test_the_office_sees_every_item_with_its_proposal_and_reason(office, seed):
    html = office.client.get(url(seed)).content.decode()
    assert "（二十）加强环境污染防治" in html and "市生态环境局市中区分局" in html
    assert "指标名称含“PM2.5”，属生态环境部门职责" in html
    assert "未确定牵头单位 " in html
    assert html.count('name="rows"') == 47 + 38


def test_filters_narrow_the_rows(office, seed):
    ecology = seed.articles.get(label="（二十）").unit_links.get(unit__name="市生态环境局市中区分局").unit
    html = office.client.get(url(seed), {"chapter": 5, "unit": ecology.pk}).content.decode()
    rows = re.findall(r'name="rows" value="(\w+)"', html)
    # chapter 五: 十七 … 二十二; the branch is named on 十八, 十九, 二十 and 二十二, and proposed for PM2.5 …
    assert key(seed, "（二十）") in rows and key(seed, "（十七）") not in rows
    assert all(not k.startswith("a") or k in {key(seed, f"（{n}）") for n in ("十八", "十九", "二十", "二十二")} for k in rows)
    only_open = office.client.get(url(seed), {"unassigned": "1"}).content.decode()
    assert key(seed, "（十三）") not in re.findall(r'name="rows" value="(\w+)"', only_open)  # 区商务局 alone


@pytest.mark.parametrize("who", ["reporter", "leader", "auditor"])
def test_only_the_office_opens_or_posts(request, who, seed):
    from planwatch.responsibilities.models import Lead

    client = request.getfixturevalue(who).client
    assert client.get(url(seed)).status_code == 403
    response = client.post(url(seed), {"action": "confirm_all", "shown": keys_of(seed)})
    assert response.status_code == 403
    assert not Lead.objects.exists()
    assert client.get(f"{url(seed)}export.xlsx").status_code == 403


def test_confirming_writes_a_history_row_and_an_audit_event_per_decision(office, seed):
    from planwatch.audit.models import AuditEvent
    from planwatch.responsibilities.models import Lead, LeadChange

    pm25 = seed.indicators.get(name="PM2.5浓度")
    response = office.client.post(url(seed), {"action": "confirm", "rows": [f"i{pm25.pk}", key(seed, "（六）")]})
    assert response.status_code == 302
    assert Lead.objects.get(indicator=pm25).unit.name == "市生态环境局市中区分局"
    assert Lead.objects.get(article__label="（六）", indicator=None).unit.name == "区工业和信息化局"
    change = LeadChange.objects.get(indicator=pm25)
    assert (change.old_unit, change.new_unit, change.actor) == ("", "市生态环境局市中区分局", office.user)
    assert change.reason == "采纳系统建议：指标名称含“PM2.5”，属生态环境部门职责"
    assert AuditEvent.objects.filter(action="assign_lead").count() == 2 == LeadChange.objects.count()
    follow = office.client.get(url(seed)).content.decode()
    assert "已确定牵头单位 2 项" in follow and "办公室确认" in follow


def test_bulk_set_and_withdraw(office, seed):
    from planwatch.responsibilities.leads import PlanLeads
    from planwatch.units.models import Unit

    science = Unit.objects.get(name="区科技局")
    rows = [key(seed, "（三）"), key(seed, "（十三）")]
    office.client.post(url(seed), {"action": "assign", "rows": rows, "unit": science.pk, "reason": "区政府常务会议决定"})
    leads = PlanLeads(seed)
    assert leads.article(seed.articles.get(label="（三）").pk).unit == science
    assert leads.article(seed.articles.get(label="（十三）").pk).source_label == "办公室确认"
    office.client.post(url(seed), {"action": "withdraw", "rows": rows})
    leads = PlanLeads(seed)
    assert leads.article(seed.articles.get(label="（三）").pk).unit is None
    assert leads.article(seed.articles.get(label="（十三）").pk).unit.name == "区商务局"  # the plan's only unit again


def test_bad_posts_change_nothing_and_say_why_in_chinese(office, seed):
    from planwatch.responsibilities.models import Lead

    page = office.client.post(url(seed), {"action": "assign", "rows": [key(seed, "（三）")]}, follow=True)
    assert "请选择牵头单位" in page.content.decode()
    page = office.client.post(url(seed), {"action": "confirm", "rows": ["a999999"]}, follow=True)
    assert "所选条目或目标不属于该计划" in page.content.decode()
    assert not Lead.objects.exists()


def test_after_the_office_confirms_each_unit_reports_only_what_it_leads(office, seed):
    from planwatch.reporting.services.calendar import sync_rules, update_calendar
    from planwatch.reporting.services.due import due_items
    from planwatch.responsibilities.leads import PlanLeads
    from planwatch.units.models import Unit
    from planwatch.units.services import resolve_unit

    sync_rules(actor="test", plan=seed)
    update_calendar(actor="test", plan=seed, starts_on=date(2023, 1, 1))
    before = {u.name: due_items(unit=u, on=date(2024, 2, 1), plan=seed) for u in Unit.objects.all()}
    assert before["区发展改革局"] == []  # a list in protocol order made nobody lead
    resolve_unit("区统计局")
    office.client.post(url(seed), {"action": "confirm_all", "shown": keys_of(seed)})

    def figures(name: str) -> set[str]:
        items = due_items(unit=Unit.objects.get(name=name), on=date(2024, 2, 1), plan=seed)
        return {i.rule.indicator.name for i in items if i.rule.indicator_id}

    assert figures("区统计局") == {"地区生产总值", "“四新”经济增加值占比"}
    assert figures("市生态环境局市中区分局") == {"PM2.5浓度", "空气质量优良天数比率", "重污染天数"}
    assert figures("区工业和信息化局") >= {"累计建成5G基站", "新增“专精特新”中小企业"}
    assert "累计建成5G基站" not in figures("区发展改革局") and "PM2.5浓度" not in figures("区发展改革局")
    assert "三年计划重点项目总投资" in figures("区发展改革局")
    leads = PlanLeads(seed)
    for unit in Unit.objects.all():
        for item in due_items(unit=unit, on=date(2024, 2, 1), plan=seed):
            lead = leads.indicator(item.rule.indicator) if item.rule.indicator_id else leads.article(item.rule.article_id)
            assert lead.unit == unit, (unit.name, item.rule.item_name)
