"""The submissions API: the same cycle and the same permission check as the pages."""

from __future__ import annotations

import json

import pytest

from planwatch.indicators.evaluation import evaluate_plan
from planwatch.reporting.models import Status, Submission

from .conftest import TODAY


def post(actor, path: str, body: dict | None = None):
    return actor.client.post("/api/v1" + path, data=json.dumps(body or {}), content_type="application/json")


def get(actor, path: str, **params):
    return actor.client.get("/api/v1" + path, params)


def submit(actor, indicator, value="110", period="2025Q4", **extra):
    body = {
        "indicator": indicator.pk,
        "period": period,
        "value": value,
        "unit": "亿元",
        "note": "快报",
        **extra,
    }
    return post(actor, "/submissions", body)


def test_submit_return_resubmit_approve(cycle, reporter, office):
    response = submit(reporter, cycle.own.indicator)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "submitted" and body["reporting_unit"]["name"] == "区发展改革局"
    sid = body["id"]
    assert post(reporter, f"/submissions/{sid}/return", {"reason": "自己退回"}).status_code == 403
    assert post(office, f"/submissions/{sid}/return", {"reason": ""}).status_code == 422
    returned = post(office, f"/submissions/{sid}/return", {"reason": "请核实"}).json()
    assert (returned["status"], returned["reason"]) == ("returned", "请核实")
    assert submit(reporter, cycle.own.indicator, value="115").json()["status"] == "submitted"
    approved = post(office, f"/submissions/{sid}/approve").json()
    assert (approved["status"], approved["locked"]) == ("approved", True)
    assert [h["action"] for h in approved["history"]] == ["submit", "return", "submit", "approve"]
    rows = evaluate_plan(plan=cycle.plan, as_of=TODAY)
    assert next(r["latest"] for r in rows if r["indicator_id"] == cycle.own.indicator.pk)["value"] == 115.0


def test_a_locked_period_answers_409_with_the_message(cycle, reporter, office):
    sid = submit(reporter, cycle.own.indicator).json()["id"]
    assert submit(reporter, cycle.own.indicator).status_code == 409  # under review
    post(office, f"/submissions/{sid}/approve")
    response = submit(reporter, cycle.own.indicator, value="111")
    assert response.status_code == 409
    assert response.json() == {"detail": "该期数据已审核锁定，如需修改请联系领导小组办公室解锁"}
    assert post(office, f"/submissions/{sid}/approve").status_code == 409
    assert Submission.objects.get().value == 110


def test_a_unit_submits_and_sees_only_its_own(cycle, reporter, other_reporter, leader, office):
    # The shared article is led by the other unit: the co-operating reporter may not submit for it.
    assert submit(reporter, cycle.shared.indicator, value="3").status_code == 403
    assert submit(reporter, cycle.other.indicator, value="50", period="2025").status_code == 403
    assert submit(leader, cycle.own.indicator).status_code == 403
    own = submit(reporter, cycle.own.indicator).json()["id"]
    theirs = post(other_reporter, "/submissions", {"indicator": cycle.shared.indicator.pk, "period": "2025Q4",
                                                   "value": "3", "unit": "家"}).json()["id"]  # fmt: skip
    assert get(other_reporter, f"/submissions/{own}").status_code == 403
    assert get(reporter, f"/submissions/{theirs}").status_code == 403
    assert [s["id"] for s in get(reporter, "/submissions").json()["items"]] == [own]
    assert {s["id"] for s in get(office, "/submissions", status="submitted").json()["items"]} == {own, theirs}
    assert get(leader, "/submissions").json()["count"] == 2
    assert get(office, "/submissions", status="approved").json()["count"] == 0
    assert get(office, "/submissions/999999").status_code == 404


@pytest.mark.parametrize(
    ("body", "loc", "message"),
    [
        ({"unit": "家"}, "unit", "单位“家”与指标单位“亿元”不一致，无法换算"),
        ({"period": "2025"}, "period", "该项按季度（如 2024Q2）报送，期间“2025”不符"),
        ({"value": "190"}, "explanation", "较上期（100亿元）变动 90%，超过 50%，请填写变动说明"),
        ({"value": "-5"}, "value", "不能为负数"),
    ],
)
def test_validation_errors_name_the_field(cycle, reporter, body, loc, message):
    response = post(reporter, "/submissions", {"indicator": cycle.own.indicator.pk, "period": "2025Q4",
                                               "value": "110", "unit": "亿元", **body})  # fmt: skip
    assert response.status_code == 422
    assert {"type": "invalid", "loc": ["body", "data", loc], "msg": message} in response.json()["detail"]
    assert not Submission.objects.exists()


def test_tokens_work_and_anonymous_is_refused(cycle, reporter, anonymous):
    from planwatch.accounts.services import issue_token

    _, token = issue_token(actor="test", user=reporter.user)
    response = anonymous.client.post("/api/v1/submissions", data=json.dumps({
        "indicator": cycle.own.indicator.pk, "period": "2025Q4", "value": "110"}),
        content_type="application/json", headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert response.status_code == 201 and Submission.objects.get().status == Status.SUBMITTED
    assert anonymous.client.get("/api/v1/submissions").status_code == 401


def test_the_endpoints_are_in_the_openapi_document(office):
    paths = office.client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/submissions", "/api/v1/submissions/{submission_id}",
            "/api/v1/submissions/{submission_id}/approve", "/api/v1/submissions/{submission_id}/return"} <= set(paths)  # fmt: skip


def test_timeliness_json(cycle, reporter, office, reporter_unit):
    submit(reporter, cycle.own.indicator)
    body = get(office, "/timeliness", plan=cycle.plan.name, periods="2025Q4,2025").json()
    assert body["periods"] == ["2025Q4", "2025"] and body["as_of"] == TODAY.isoformat()
    assert {u["unit"]["name"] for u in body["units"]} == {"区发展改革局", "区科技局"}
    mine = get(reporter, "/timeliness", plan=cycle.plan.pk, periods="2025Q4").json()["units"]
    assert [u["unit"]["id"] for u in mine] == [reporter_unit.pk]
    counts = mine[0]["periods"]["2025Q4"]  # the figure reported (timed by the real clock), the text not
    assert (counts["on_time"] + counts["late"], counts["missing"] + counts["not_due"]) == (1, 1)
    assert get(office, "/timeliness", plan=cycle.plan.pk, periods="2025Q5").status_code == 422


def test_admin_lists_reporting_rows(cycle, reporter, office):
    submit(reporter, cycle.own.indicator)
    for model in ("reportingrule", "submission", "reportingcalendar", "reminderlog", "notification"):
        assert office.client.get(f"/admin/reporting/{model}/").status_code == 200, model
    sub = Submission.objects.get()
    assert office.client.get(f"/admin/reporting/submission/{sub.pk}/change/").status_code == 200
