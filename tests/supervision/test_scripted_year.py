"""A year of supervision with a frozen clock (2024), through the API as office and unit, with
`planwatch supervision lights` run every day as cron would: the proposal, the lifecycle with one
return, every light change on the day the rules say (N = 7, M = 10, 签收 3 working days), the
notifications, the escalation. Expectations are written by hand from the rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.web.conftest import run

from .conftest import post

pytestmark = pytest.mark.django_db

EVIDENCE = b"%PDF-1.4\n%%EOF\n"


def _days(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("办结佐证.pdf", EVIDENCE, content_type="application/pdf")


def test_a_scripted_year(gdp, clock, office, reporter, other_reporter, leader, reporter_unit, settings, tmp_path):
    from planwatch.reporting.models import Notification
    from planwatch.supervision.models import ItemState, LightChange, SupervisionItem

    settings.DATA_DIR = tmp_path
    items: dict[str, int] = {}

    def script(day: date) -> None:
        clock.set(day)
        if day == date(2024, 1, 2):  # only the 2022 figure: nothing to propose
            assert run("supervision", "propose", date=day.isoformat()) == ""
        if day == date(2024, 1, 3):
            gdp.figure(2023, 1000)  # flat: far behind the growth 1400 needs
        if day == date(2024, 1, 5):
            lines = run("supervision", "propose", date=day.isoformat()).splitlines()
            assert len(lines) == 1
            assert lines[0].startswith("[指标预警] 指标“地区生产总值”2025年目标 · 进展滞后")
            proposals = office.client.get("/api/v1/supervision/proposals?date=2024-01-05").json()
            assert [p["unit"] for p in proposals] == ["区发展改革局"]
            items["gdp"] = _open_from(proposals[0]["key"], office)
        if day == date(2024, 1, 8):
            assert post(office, f"/supervision/items/{items['gdp']}/assign").status_code == 200
        if day == date(2024, 1, 10):
            assert post(reporter, f"/supervision/items/{items['gdp']}/acknowledge").status_code == 200
        if day == date(2024, 2, 1):
            assert post(reporter, f"/supervision/items/{items['gdp']}/progress", {"text": "已梳理重点项目"}).status_code == 200
        if day in (date(2024, 3, 1), date(2024, 3, 20)):
            _request_close(items["gdp"], reporter)
        if day == date(2024, 3, 4):
            response = post(office, f"/supervision/items/{items['gdp']}/return", {"text": "佐证不足，请补充投资数据"})
            assert response.json()["light"] == "yellow"
        if day == date(2024, 3, 22):
            assert post(office, f"/supervision/items/{items['gdp']}/close", {"text": "已完成整改"}).status_code == 200
        if day == date(2024, 4, 1):  # by hand; never acknowledged
            items["silent"] = _open_by_hand(office)
            assert post(office, f"/supervision/items/{items['silent']}/assign").status_code == 200
        run("supervision", "lights", date=day.isoformat())

    for day in _days(date(2024, 1, 1), date(2024, 12, 31)):
        script(day)

    changes = [(c.item_id, c.on, c.old, c.new) for c in LightChange.objects.order_by("on", "pk")]
    gdp_item, silent = items["gdp"], items["silent"]
    assert changes == [
        (gdp_item, date(2024, 3, 4), "", "yellow"),  # returned once
        (gdp_item, date(2024, 3, 22), "yellow", ""),  # closed
        (silent, date(2024, 4, 8), "", "yellow"),  # 签收时限 4月7日 (清明 make-up Sunday) passed
        (silent, date(2024, 5, 11), "yellow", "red"),  # 30 April + 11 days: overdue more than M
    ]
    item = SupervisionItem.objects.get(pk=gdp_item)
    assert (item.number, item.state, item.returns, item.closed_on) == ("督办〔2024〕1号", ItemState.CLOSED, 1, date(2024, 3, 22))
    history = [(e.label, e.actor_name) for e in item.events.order_by("at", "pk")]
    assert history == [
        ("立项", "领导小组办公室"), ("交办", "领导小组办公室"), ("签收", "责任单位填报员（区发展改革局）"),
        ("反馈办理进展", "责任单位填报员（区发展改革局）"), ("申请办结", "责任单位填报员（区发展改革局）"),
        ("退回", "领导小组办公室"), ("申请办结", "责任单位填报员（区发展改革局）"), ("复核办结", "领导小组办公室"),
    ]  # fmt: skip
    assert all(e.at is not None for e in item.events.all())
    assert item.events.get(action="return").reason == "佐证不足，请补充投资数据"
    assert item.files.count() == 2  # one evidence file per 申请办结

    late = SupervisionItem.objects.get(pk=silent)
    assert (late.number, late.light, late.escalated_on) == ("督办〔2024〕2号", "red", date(2024, 5, 11))
    notes = list(Notification.objects.filter(user=reporter.user).values_list("text", flat=True))
    assert sum("预警变为黄灯" in n for n in notes) == 2 and sum("预警变为红灯" in n for n in notes) == 1
    assert not Notification.objects.filter(user=other_reporter.user).exists()
    # The red item is on the leaders' list (the API: light=red), the closed one is not.
    red = leader.client.get("/api/v1/supervision/items?light=red").json()
    assert [i["number"] for i in red] == ["督办〔2024〕2号"]
    # and on the leaders' page, as a district leader opens it
    leaders_page = leader.client.get(f"/supervision/{late.plan_id}/leaders/")
    assert leaders_page.status_code == 200
    text = leaders_page.content.decode()
    assert "督办〔2024〕2号" in text and "督办〔2024〕1号" not in text


def _open_from(key: str, office) -> int:
    response = post(office, "/supervision/items", {
        "proposal": key, "subject": "地区生产总值进展滞后督办", "requirements": "分析原因，提出加快措施",
        "lead_unit": "区发展改革局", "deadline": "2024-03-29"})  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["number"], body["state"], body["source"]) == ("督办〔2024〕1号", "opened", "proposal")
    assert body["about"][0]["kind"] == "target"
    return body["id"]


def _open_by_hand(office) -> int:
    response = post(office, "/supervision/items", {
        "subject": "老旧小区改造进度", "requirements": "4月底前完成年度开工任务", "lead_unit": "区发展改革局",
        "deadline": "2024-04-30", "source": "meeting",
        "source_detail": {"meeting": "领导小组第三次会议", "date": "2024-03-28", "item": "加快老旧小区改造"}})  # fmt: skip
    assert response.status_code == 201, response.content
    return response.json()["id"]


def _request_close(item_id: int, reporter) -> None:
    response = post(reporter, f"/supervision/items/{item_id}/request_close", {"text": "已完成", "files": _pdf()})
    assert response.status_code == 200, response.content
