"""The loop's edges through the API and pages: who may take which step, refusals in Chinese
(409 for a step no longer possible, 422 for bad input), duplicates suggested and merged, problems
raised by a leader, what each unit's list holds, and pages whose queries do not grow."""

from __future__ import annotations

import pytest

from .conftest import api

pytestmark = pytest.mark.django_db


def _raise(actor, title: str, **extra):
    response = api(actor, "/problems", {"title": title, "description": title + "，影响推进", "category": "资金", **extra})
    assert response.status_code == 201, response.content
    return response.json()


def test_refusals_say_why(small_plan, office, reporter, other_reporter):
    one = _raise(reporter, "配套资金未到位")
    bad = api(reporter, "/problems", {"title": "x", "description": "y", "category": "天气"})
    assert bad.status_code == 422 and "问题类别“天气”无效" in bad.json()["detail"][0]["msg"]
    assert api(office, f"/problems/{one['id']}/decline").status_code == 422  # a reason is needed
    assert api(office, f"/problems/{one['id']}/accept").status_code == 200
    again = api(office, f"/problems/{one['id']}/accept")
    assert again.status_code == 409
    assert again.json()["detail"] == f"问题{one['id']}号当前为“已受理”，不能受理；可能已由他人处理，请刷新页面"
    no_units = api(office, f"/problems/{one['id']}/assign", {"deadline": "2099-01-01"})
    assert no_units.status_code == 422 and "请选择至少一个协调单位" in no_units.json()["detail"][0]["msg"]
    assert api(office, f"/problems/{one['id']}/assign", {"units": ["区科技局"], "deadline": "2099-01-01"}).status_code == 200
    # the raiser neither answers for the coordinating unit nor reports its own problem solved
    assert api(reporter, f"/problems/{one['id']}/answer", {"text": "已安排"}).status_code == 403
    assert api(reporter, f"/problems/{one['id']}/resolve", {"text": "已解决"}).status_code == 403
    assert api(other_reporter, f"/problems/{one['id']}/confirm").status_code == 403


def test_duplicates_are_suggested_and_merged(small_plan, office, reporter, other_reporter):
    about = [{"kind": "article", "id": small_plan.shared.article.pk}]
    first = _raise(other_reporter, "园区道路建设资金缺口", about=about)
    page = reporter.client.get(f"/problems/{small_plan.plan.pk}/new/")
    assert "可能重复的问题" not in page.content.decode()  # nothing typed yet
    typed = reporter.client.post(f"/problems/{small_plan.plan.pk}/new/", {
        "title": "园区道路资金缺口", "description": "", "category": "资金", "article": ""})  # fmt: skip
    text = typed.content.decode()
    assert "请填写问题描述" in text and "可能重复的问题" in text and "园区道路建设资金缺口" in text
    second = _raise(reporter, "园区道路资金缺口", about=about)
    assert api(office, f"/problems/{second['id']}/merge", {"into": first["id"]}).json()["state"] == "merged"
    assert api(office, f"/problems/{first['id']}/merge", {"into": second["id"]}).status_code == 422  # merged: ended


def test_a_leader_raises_and_the_office_answers_for_it(small_plan, office, leader, auditor, reporter):
    raised = _raise(leader, "片区改造征收进度慢")
    assert raised["raised_by"] == "区领导"  # the person (no unit): leaders' name as the tests make them
    assert api(auditor, "/problems", {"title": "x", "description": "y", "category": "资金"}).status_code == 403
    pid = raised["id"]
    api(office, f"/problems/{pid}/accept")
    api(office, f"/problems/{pid}/assign", {"units": ["区发展改革局"], "deadline": "2099-01-01"})
    assert api(reporter, f"/problems/{pid}/resolve", {"text": "已完成征收"}).status_code == 200
    assert api(leader, f"/problems/{pid}/confirm").status_code == 403  # leaders read; the office answers
    assert api(office, f"/problems/{pid}/confirm").json()["state"] == "confirmed"


def test_each_unit_sees_its_own(small_plan, office, reporter, other_reporter, report):
    own = _raise(reporter, "本单位问题")
    shared = _raise(office, "共同条目上的问题", about=[{"kind": "article", "id": small_plan.shared.article.pk}])
    other = _raise(other_reporter, "科技局自己的问题", about=[{"kind": "article", "id": small_plan.other.article.pk}])
    assert {p["id"] for p in reporter.client.get("/api/v1/problems").json()} == {own["id"], shared["id"]}
    assert {p["id"] for p in other_reporter.client.get("/api/v1/problems").json()} == {shared["id"], other["id"]}
    assert reporter.client.get(f"/api/v1/problems/{other['id']}").status_code == 403
    # another unit's progress report cannot be raised from
    assert other_reporter.client.get(f"/problems/{small_plan.plan.pk}/new/?report={report.pk}").status_code == 403
    api(office, f"/problems/{own['id']}/accept")
    api(office, f"/problems/{own['id']}/assign", {"units": ["区科技局"], "deadline": "2099-01-01"})
    assert other_reporter.client.get(f"/api/v1/problems/{own['id']}").status_code == 200  # now it coordinates it
    lists = other_reporter.client.get(f"/problems/{small_plan.plan.pk}/mine/").content.decode()
    assert "交本单位协调（1）" in lists and "本单位提出（1）" in lists


def test_a_report_without_problems_proposes_nothing(small_plan, reporter, report):
    report.problems = "无"
    report.save()
    page = reporter.client.get(f"/problems/{small_plan.plan.pk}/new/?report={report.pk}").content.decode()
    assert "该进展报送没有填写存在问题" in page


@pytest.mark.parametrize("count", [2, 20])
def test_pages_cost_the_same_with_more_problems(count, small_plan, office, reporter, django_assert_num_queries):
    for n in range(count):
        one = _raise(reporter, f"问题{n}")
        api(office, f"/problems/{one['id']}/accept")
        api(office, f"/problems/{one['id']}/assign", {"units": ["区科技局", "区财政局"], "deadline": "2099-01-01"})
    plan = small_plan.plan.pk
    office.client.get(f"/problems/{plan}/")  # the first page stores the chosen plan in the session (a write)
    # four less than before issue 20's session change: no session save on a page that only reads
    # (three statements), the profile read with the user (one)
    for url, queries in ((f"/problems/{plan}/", 11), (f"/problems/{plan}/mine/?unit={reporter.user.profile.unit_id}", 10),
                         (f"/api/v1/problems?plan={plan}", 10), (f"/problems/p/{one['id']}/", 12)):  # fmt: skip
        with django_assert_num_queries(queries):
            assert office.client.get(url).status_code == 200
