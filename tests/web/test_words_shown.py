"""The words a page uses for the plan, its headings, people and periods (issue 9, "Words"):
the plan's title (never its code), chapters as printed (一、), periods in Chinese, the audit log
read out, the API documentation linked from every page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def html(actor, url: str) -> str:
    response = actor.client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_plan_without_a_printed_title_is_named_by_its_years_not_its_code(seed, office):
    page = html(office, f"/plans/{seed.pk}/")
    assert "<h1>行动计划（2023—2025年）</h1>" in page
    assert "shizhong-2023" not in page.replace(f"/plans/{seed.pk}/", "")


def test_a_plan_with_a_title_is_named_by_it(small_plan, office):
    small_plan.plan.title = "市中区三年行动计划（2023—2025年）"
    small_plan.plan.save()
    assert 'title="市中区三年行动计划（2023—2025年）"' in html(office, "/")  # the top bar


def test_chapters_and_articles_are_numbered_as_printed(seed, office):
    page = html(office, f"/plans/{seed.pk}/")
    assert "一、总体要求" in page and "十一、" in page
    assert "1. 总体要求" not in page
    assert ">一、总体要求</option>" in html(office, f"/indicators/?plan={seed.pk}")


def test_the_footer_links_the_api_documentation(small_plan, reporter):
    assert '<a href="/api/v1/docs">数据接口（API）说明</a>' in html(reporter, "/")


def test_the_top_bar_names_the_person_not_the_login(small_plan, reporter):
    reporter.user.profile.display_name = "李强"
    reporter.user.profile.save()
    page = html(reporter, "/")
    # the name may be cut short on a narrow bar: the whole of it is also the span's tooltip
    assert '<span class="nav__user" title="李强（区发展改革局）">李强（区发展改革局）</span>' in page
    assert "reporter" not in page.split('class="nav__user"')[1].split("</span>")[0]


def test_the_audit_log_reads_codes_out(small_plan, office, reporter):
    from planwatch.audit.services import record
    from planwatch.reporting.models import Submission

    record(actor="命令行:root", action="import", obj=small_plan.plan,
           after={"status": "created", "source_sha256": "ab" * 32, "as_of": "2025-10-01"})  # fmt: skip
    submission = Submission(indicator=small_plan.own.indicator, period="2025Q3", status="submitted")
    record(actor=reporter.user, action="submit", obj=small_plan.plan, before={"status": "draft"},
           after={"status": "submitted", "period": "2025Q3"})  # fmt: skip
    page = html(office, "/audit/")
    for shown in ("命令行（系统管理员）", "新建", "2025年10月1日", "已报送", "草稿", "2025年第三季度",
                  "责任单位填报员（区发展改革局）"):  # fmt: skip
        assert shown in page, shown
    for code in ("命令行:root", "created", "ab" * 32, "2025Q3", ">submitted<", ">reporter<"):
        assert code not in page, code
    assert str(submission) == "指标1 2025年第三季度（已报送）"


def test_an_account_made_by_the_service_reads_in_chinese_in_the_audit_log(office):
    from planwatch.accounts.services import create_user

    create_user(actor=office.user, username="zhangsan", role="leader", password="Kx7#planwatch-2026",
                display_name="张三")  # fmt: skip
    page = html(office, "/audit/")
    assert "张三（区领导）" in page and "账号资料编号" in page and "区领导" in page
    assert ">profile<" not in page and "zhangsan" not in page and ">leader<" not in page
