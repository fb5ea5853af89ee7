"""The pages: the lifecycle as office and unit through the forms, a dismissed proposal that stays
away until its cause changes, who sees what, and query counts that do not grow with the items."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("结果.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def test_the_lifecycle_through_the_pages(small_plan, clock, office, reporter, other_reporter, leader, reporter_unit,
                                         settings, tmp_path):  # fmt: skip
    settings.DATA_DIR = tmp_path
    clock.set(date(2024, 6, 3))
    plan = small_plan.plan
    response = office.client.post(f"/supervision/{plan.pk}/new/", {
        "source": "instruction", "subject": "停车平台建设", "requirements": "6月底前上线", "lead_unit": reporter_unit.pk,
        "deadline": "2024-06-28", "leader": "张区长", "instruction": "请抓紧推进", "source_date": "2024-06-01",
        "files": _pdf()})  # fmt: skip
    assert response.status_code == 302
    url = response["Location"]
    page = office.client.get(url).content.decode()
    assert "督办〔2024〕1号" in page and "张区长" in page and "批示“请抓紧推进”" in page
    assert office.client.post(url + "assign/").status_code == 302
    assert other_reporter.client.get(url).status_code == 403
    assert other_reporter.client.post(url + "acknowledge/").status_code == 403
    assert leader.client.post(url + "close/").status_code == 403
    todo = reporter.client.get(f"/supervision/{plan.pk}/todo/").content.decode()
    assert "待签收（1）" in todo and "停车平台建设" in todo
    for action, data in (("acknowledge", {}), ("request_close", {"text": "已上线", "files": _pdf()})):
        assert reporter.client.post(url + f"{action}/", data).status_code == 302
    office.client.post(url + "return/", {"text": "缺少验收材料"})
    assert "已退回 1 次" in reporter.client.get(url).content.decode()
    reporter.client.post(url + "request_close/", {"text": "补充验收材料", "files": _pdf()})
    office.client.post(url + "close/")
    page = leader.client.get(url).content.decode()
    for label in ("立项", "交办", "签收", "申请办结", "退回", "复核办结"):
        assert f"<strong>{label}</strong>" in page
    assert "已办结" in page
    stats = office.client.get(f"/api/v1/supervision/stats?plan={plan.pk}").json()
    assert (stats["closed"], stats["on_time_rate"], stats["average_days"]) == (1, 1.0, 0.0)


def test_a_dismissed_proposal_stays_away_until_its_cause_changes(gdp, clock, office):
    clock.set(date(2024, 1, 5))
    gdp.figure(2023, 1000)
    found = office.client.get("/api/v1/supervision/proposals").json()
    assert [p["source"] for p in found] == ["指标预警"]
    response = office.client.post("/api/v1/supervision/proposals/dismiss", {"key": found[0]["key"], "reason": "统计口径调整中"},
                                  content_type="application/json")  # fmt: skip
    assert response.status_code == 200
    assert office.client.get("/api/v1/supervision/proposals").json() == []
    clock.set(date(2025, 1, 6))  # a year later, still 进展滞后 on the same 2023 figure: still away
    assert office.client.get("/api/v1/supervision/proposals").json() == []
    gdp.figure(2024, 900)  # now 倒退: a new cause
    again = office.client.get("/api/v1/supervision/proposals").json()
    assert [p["reason"][:2] for p in again] == ["倒退"]


def _items(plan, unit, count: int) -> None:
    from planwatch.supervision.models import ItemEvent, SupervisionItem

    rows = SupervisionItem.objects.bulk_create([
        SupervisionItem(plan=plan, year=2024, seq=n + 1, subject=f"事项{n}", requirements="要求", lead_unit=unit,
                        deadline=date(2024, 7, 1) + timedelta(days=n % 30), original_deadline=date(2024, 7, 1),
                        state="assigned" if n % 2 else "handling", light=("red", "yellow", "")[n % 3])
        for n in range(count)])  # fmt: skip
    ItemEvent.objects.bulk_create([ItemEvent(item=r, action="open", label="立项", new_state="opened") for r in rows])


@pytest.mark.parametrize("who", ["office", "reporter"])
def test_queries_do_not_grow_with_the_items(small_plan, clock, reporter_unit, who, request):
    clock.set(date(2024, 6, 25))
    actor = request.getfixturevalue(who)
    plan = small_plan.plan
    from planwatch.supervision.services import settings_for

    settings_for(plan)  # stored once, on first use
    urls = [f"/supervision/{plan.pk}/", f"/supervision/{plan.pk}/todo/?unit={reporter_unit.pk}",
            f"/supervision/{plan.pk}/leaders/"]  # fmt: skip
    actor.client.get(urls[0])  # the first page stores the chosen plan in the session (a write)
    counts = []
    for total in (10, 1000):
        from planwatch.supervision.models import SupervisionItem

        SupervisionItem.objects.all().delete()
        _items(plan, reporter_unit, total)
        first = SupervisionItem.objects.order_by("pk").first().pk
        measured = []
        for url in [*urls, f"/supervision/items/{first}/"]:
            with CaptureQueriesContext(connection) as queries:
                assert actor.client.get(url).status_code == 200
            measured.append(len(queries))
        counts.append(measured)
    assert counts[0] == counts[1], counts
    assert max(counts[1]) <= 25, counts


def test_a_date_outside_the_calendar_is_refused_in_chinese(small_plan, office):
    response = office.client.get("/api/v1/supervision/proposals?date=0425-07-28")
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "日期应在 2000 年至 2099 年之间"
