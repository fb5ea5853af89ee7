"""Plans, chapters and articles through the API: what each role sees, filters, search, paging."""

from __future__ import annotations

import pytest

from .conftest import get

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [a["title"] for a in response.json()["items"]]


def test_plans_are_listed_with_paging(office, small_plan):
    from planwatch.plans.models import Plan

    for n in range(3):
        Plan.objects.create(name=f"plan-{n}", title=f"计划{n}")
    body = get(office.client, "/plans", limit=2, offset=1).json()
    assert body["count"] == 4
    assert [p["name"] for p in body["items"]] == ["plan-1", "plan-2"]


@pytest.mark.parametrize("limit", [0, 1001, "many"])
def test_a_bad_page_size_is_refused_in_chinese(office, small_plan, limit):
    response = get(office.client, "/plans", limit=limit)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "limit" and error["msg"].startswith("每页条数：")


def test_a_plan_by_name_or_id_with_its_counts(leader, small_plan):
    by_name = get(leader.client, f"/plans/{small_plan.plan.name}").json()
    by_id = get(leader.client, f"/plans/{small_plan.plan.pk}").json()
    assert by_name == by_id
    assert by_name["title"] == "测试行动计划" and by_name["period_end"] == 2025
    assert by_name["counts"] == {
        "chapters": 1, "articles": 3, "units": 2, "indicators": 3, "targets": 3, "milestones": 3,
    }  # fmt: skip


def test_an_unknown_plan_is_404_in_chinese(office, db):
    response = get(office.client, "/plans/no-such-plan")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到计划：no-such-plan（可用计划代号或编号）"}


def test_chapters_count_the_articles_each_user_may_see(office, reporter, other_reporter, small_plan):
    def counts(actor):
        return [
            (c["number"], c["article_count"]) for c in get(actor.client, "/plans/small-plan/chapters").json()
        ]

    assert counts(office) == [(1, 3)]
    assert counts(reporter) == [(1, 2)]  # own + shared
    assert counts(other_reporter) == [(1, 2)]  # shared + other


def test_a_reporter_lists_only_its_units_articles(office, reporter, small_plan):
    assert titles(get(office.client, "/plans/small-plan/articles")) == ["条目1", "条目2", "条目3"]
    assert titles(get(reporter.client, "/plans/small-plan/articles")) == ["条目1", "条目2"]


def test_articles_carry_their_units_with_roles(leader, small_plan):
    items = get(leader.client, "/plans/small-plan/articles").json()["items"]
    shared = items[1]
    assert [(u["name"], u["role"], u["role_label"]) for u in shared["units"]] == [
        ("区科技局", "lead", "牵头单位"),
        ("区发展改革局", "co", "配合单位"),
    ]
    assert shared["chapter"] == {"id": small_plan.chapter.pk, "number": 1, "title": "重点任务"}


def test_articles_filter_by_chapter_unit_and_search(office, small_plan):
    article = small_plan.other.article
    article.text = "新建5G基站1000个"
    article.save()
    path = "/plans/small-plan/articles"
    assert titles(get(office.client, path, chapter=1)) == ["条目1", "条目2", "条目3"]
    assert titles(get(office.client, path, chapter=2)) == []
    assert titles(get(office.client, path, unit="区科技局")) == ["条目2", "条目3"]
    assert titles(get(office.client, path, q="5G基站")) == ["条目3"]
    assert titles(get(office.client, path, q="条目2")) == ["条目2"]
    assert get(office.client, path, unit="不存在的单位").status_code == 404


def test_search_in_the_seed_plan(leader, seed_plan):
    found = get(leader.client, f"/plans/{seed_plan.name}/articles", q="5G").json()
    assert found["count"] >= 1
    assert all("5G" in a["title"] + a["text"] for a in found["items"])


def test_an_article_with_units_targets_milestones(reporter, small_plan):
    body = get(reporter.client, f"/articles/{small_plan.shared.article.pk}").json()
    assert body["plan"]["name"] == "small-plan"
    assert [u["role"] for u in body["units"]] == ["lead", "co"]
    assert body["milestones"] == [
        {"id": small_plan.shared.milestone.pk, "text": "到2025年完成任务2", "year": 2025}
    ]
    [target] = body["targets"]
    assert target["indicator"] == "指标2" and target["value"] == 200 and target["year"] == 2025
    assert target["comparator"] == ">=" and target["comparator_label"] == "不低于（≥）"
    assert body["indicators"] == [{"id": small_plan.shared.indicator.pk, "name": "指标2", "measure_unit": ""}]


def test_another_units_article_is_forbidden_not_hidden(reporter, small_plan):
    response = get(reporter.client, f"/articles/{small_plan.other.article.pk}")
    assert response.status_code == 403
    assert response.json() == {"detail": "无权进行此操作"}


def test_plan_text_with_markup_comes_back_as_data(office, small_plan):
    article = small_plan.own.article
    article.title = "<script>alert(1)</script>"
    article.save()
    body = get(office.client, f"/articles/{article.pk}")
    assert body["Content-Type"] == "application/json; charset=utf-8"
    assert body.json()["title"] == "<script>alert(1)</script>"
