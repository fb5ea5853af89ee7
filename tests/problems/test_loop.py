"""The whole loop with a frozen clock (2025), through the API as each unit and the office: a unit
raises a problem from its progress report's 存在问题, the office accepts and assigns two
coordinating units, both answer, the handling unit reports it solved, the raiser answers 未解决,
it returns to 协调, is solved (late this time), confirmed and 销号; a second problem goes round on
time. The timeline has every step; the quarter's metrics are checked against figures worked out
by hand from the dates below (working days: 清明 4–6 April, 劳动节 1–5 May with Sunday 27 April
worked)."""

from __future__ import annotations

from datetime import date

import pytest

from .conftest import api

pytestmark = pytest.mark.django_db


def test_the_loop(small_plan, report, clock, office, reporter, other_reporter, finance, leader):
    clock.set(date(2025, 4, 1))
    proposed = reporter.client.get(f"/problems/{small_plan.plan.pk}/new/?report={report.pk}")
    assert proposed.status_code == 200 and "产业园二期用地指标不足，影响项目落地" in proposed.content.decode()
    body = {"title": "产业园二期用地指标不足", "description": report.problems, "category": "用地",
            "about": [{"kind": "article", "id": small_plan.own.article.pk}], "report": report.pk}  # fmt: skip
    created = api(reporter, "/problems", body)
    assert created.status_code == 201, created.content
    one = created.json()
    pid = one["id"]
    assert (one["state"], one["raised_by"], one["stage_due"], one["light"]) == ("raised", "区发展改革局", "2025-04-07", "")

    def step(actor, action, day, **fields):
        clock.set(day)
        response = api(actor, f"/problems/{pid}/{action}", fields)
        assert response.status_code == 200, (action, response.content)
        return response.json()

    assert step(office, "accept", date(2025, 4, 3))["stage_due"] == "2025-04-09"
    assigned = step(office, "assign", date(2025, 4, 8), units=["区科技局", "区财政局"], deadline="2025-04-30")
    assert (assigned["state"], assigned["handling_unit"], assigned["stage_due"]) == ("coord", "区科技局", "2025-04-30")
    step(other_reporter, "answer", date(2025, 4, 10), text="协调市里调剂用地指标")
    answered = step(finance, "answer", date(2025, 4, 11), text="安排土地收储资金")
    assert [(u["unit"], u["answer"]) for u in answered["units"]] == [("区科技局", "协调市里调剂用地指标"),
                                                                   ("区财政局", "安排土地收储资金")]  # fmt: skip
    # only the handling unit reports it solved; only the raiser answers whether it is
    assert api(finance, f"/problems/{pid}/resolve", {"text": "已解决"}).status_code == 403
    assert step(other_reporter, "resolve", date(2025, 4, 18), text="已调剂 50 亩")["stage_due"] == "2025-04-25"
    assert api(office, f"/problems/{pid}/reject", {"reason": "不满意"}).status_code == 403
    assert api(reporter, f"/problems/{pid}/reject", {}).status_code == 422  # a reason is needed
    back = step(reporter, "reject", date(2025, 4, 22), reason="指标仍差 30 亩")
    assert (back["state"], back["stage_due"]) == ("coord", "2025-05-08")

    clock.set(date(2025, 4, 30))
    mid = office.client.get("/api/v1/problems/metrics?period=2025Q2").json()
    assert (mid["raised"], mid["solved"], mid["on_time_share"]) == (1, 0, None)
    assert mid["median_days_per_stage"] == {"受理": 2.0, "交办": 5.0, "协调": 10.0, "反馈": 4.0, "销号": None}
    assert mid["now"] == {"open": 1, "red": 0, "closed": 0, "median_days_to_close": None,
                          "by_category": [["用地", 1]], "by_unit": [["区发展改革局", 1]]}  # fmt: skip

    step(other_reporter, "resolve", date(2025, 5, 12), text="再调剂 30 亩")  # due 8 May: late
    assert api(reporter, f"/problems/{pid}/close", {}).status_code == 403
    assert step(reporter, "confirm", date(2025, 5, 14))["stage_due"] == "2025-05-19"
    closed = step(office, "close", date(2025, 5, 16))
    assert (closed["state"], closed["light"]) == ("closed", "")
    timeline = [(e["label"], e["actor"], e["on"], e["late"]) for e in closed["history"]]
    unit, office_name = "责任单位填报员（区发展改革局）", "领导小组办公室"
    tech = "区科技局"
    assert timeline == [
        ("提出", unit, "2025-04-01", False), ("受理", office_name, "2025-04-03", False),
        ("交办协调", office_name, "2025-04-08", False),
        ("答复协调措施", f"责任单位填报员（{tech}）", "2025-04-10", False),
        ("答复协调措施", "责任单位填报员（区财政局）", "2025-04-11", False),
        ("报告已解决", f"责任单位填报员（{tech}）", "2025-04-18", False), ("反馈未解决", unit, "2025-04-22", False),
        ("报告已解决", f"责任单位填报员（{tech}）", "2025-05-12", True), ("确认已解决", unit, "2025-05-14", False),
        ("销号", office_name, "2025-05-16", False),
    ]  # fmt: skip
    page = reporter.client.get(f"/problems/p/{pid}/").content.decode()
    for text in ("产业园二期用地指标不足", "指标仍差 30 亩", "再调剂 30 亩", "销号", "2025年5月16日"):
        assert text in page

    from planwatch.reporting.models import Notification

    heard = list(Notification.objects.filter(user=reporter.user).order_by("pk").values_list("text", flat=True))
    assert [t.split("”", 1)[1] for t in heard] == ["报告已解决：已调剂 50 亩", "报告已解决：再调剂 30 亩", "销号"]
    told = Notification.objects.filter(user=finance.user).order_by("pk").values_list("text", flat=True)
    assert [t.split("”", 1)[1] for t in told] == ["交办协调，请于 2025年4月30日 前协调解决",
                                                  "反馈未解决，请于 2025年5月8日 前协调解决：指标仍差 30 亩"]  # fmt: skip
    second = _on_time_round(office, reporter, other_reporter, clock)
    figures = office.client.get("/api/v1/problems/metrics?period=2025Q2").json()
    assert (figures["raised"], figures["solved"], figures["solved_on_time"], figures["on_time_share"]) == (2, 2, 1, 0.5)
    assert figures["median_days_to_close"] == 26.0  # 45 days (1 April → 16 May) and 7 (6 → 13 May)
    assert figures["median_days_per_stage"] == {"受理": 1.0, "交办": 2.5, "协调": 10.0, "反馈": 3.0, "销号": 1.5}
    assert figures["by_unit"] == [
        {"unit": "区发展改革局", "raised": 1, "solved": 1, "solved_on_time": 0, "on_time_share": 0.0, "median_days_to_close": 45.0},
        {"unit": tech, "raised": 1, "solved": 1, "solved_on_time": 1, "on_time_share": 1.0, "median_days_to_close": 7.0},
    ]
    assert [(c["category"], c["raised"], c["solved_on_time"]) for c in figures["by_category"]] == [("用地", 1, 0), ("资金", 1, 1)]
    assert office.client.get("/api/v1/problems/metrics?period=2025Q1").json()["raised"] == 0
    assert figures["now"] | {"by_category": [], "by_unit": []} == figures["now"]  # nothing open
    assert (figures["now"]["closed"], figures["now"]["median_days_to_close"]) == (2, 26.0)
    assert "从提出到销号用时中位数 26.0 天" in leader.client.get("/").content.decode()
    # the second coordinating unit sees the first problem only; the leader both
    assert [p["id"] for p in finance.client.get("/api/v1/problems").json()] == [pid]
    assert {p["id"] for p in leader.client.get("/api/v1/problems").json()} == {pid, second}


def _on_time_round(office, reporter, other_reporter, clock) -> int:
    """区科技局's problem, round on time: 6 May raised, accepted, assigned (to 20 May), 9 May solved,
    12 May confirmed, 13 May 销号."""
    clock.set(date(2025, 5, 6))
    pid = api(other_reporter, "/problems", {"title": "科技企业贷款贴息资金未到位", "description": "贴息资金缺口 200 万元",
                                            "category": "资金"}).json()["id"]  # fmt: skip
    for actor, action, day, fields in (
        (office, "accept", date(2025, 5, 6), {}),
        (office, "assign", date(2025, 5, 6), {"units": ["区发展改革局"], "deadline": "2025-05-20"}),
        (reporter, "answer", date(2025, 5, 7), {"text": "纳入调度"}),
        (reporter, "resolve", date(2025, 5, 9), {"text": "资金已拨付"}),
        (other_reporter, "confirm", date(2025, 5, 12), {}),
        (office, "close", date(2025, 5, 13), {}),
    ):
        clock.set(day)
        assert api(actor, f"/problems/{pid}/{action}", fields).status_code == 200, action
    return pid
