"""Issue 6 in the browser, on the seed plan with a reporting calendar from 2025-10-01 and the
reporting clock at 2026-01-03 (2025Q4 due on 2026-01-05). The reporter is 区发展改革局's.

- The form (each item its own, saved in place): the reporter fills the quarter's figure with an
  evidence PDF and submits; the office
  returns it with a reason; the reporter sees the reason, corrects (a jump needs its explanation)
  and resubmits; the office approves; the indicator page, its chart data and the evaluation
  (/api/v1/plans/<id>/evaluation) now use the value; submitting it again is refused with the
  lock message — from a page left open, and through the API.
- The Excel template: downloaded in the browser, filled with openpyxl, uploaded; the office
  approves; the value is used; uploading the same workbook again is refused with the lock message.
- Another unit sees none of it: its own page lists none of these items, and the items, the
  evidence, the template and the unit page answer 403 by URL and by API.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect

from .conftest import PHONE, api_get, api_post, no_horizontal_overflow, visit

FORM_INDICATOR = "新增省级以上研发机构"  # quarterly, 家; 2024Q3 is 1
EXCEL_INDICATOR = "累计新增市场主体"  # quarterly, 万家; 2024Q3 is 0.12
LOCKED = "该期数据已审核锁定，如需修改请联系领导小组办公室解锁"
QUARTER = "2025年第四季度"


def evidence_pdf(path) -> None:
    """A small real PDF (reportlab), written to `path`."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setFont("STSong-Light", 14)
    pdf.drawString(72, 760, "新增省级以上研发机构认定文件（2025年第四季度）")
    pdf.save()
    path.write_bytes(out.getvalue())


def item(page, name: str):
    """The 待报送 page's item for `name` in 2025Q4."""
    return page.locator("article.r-item", has=page.locator("h3", has_text=name)).filter(has_text=QUARTER)


def unit_page(sessions, server, site, role: str = "reporter"):
    page = sessions.page(role)
    visit(page, server.url, "/reporting/")  # a reporter lands on its unit's page
    assert page.url == f"{server.url}/reporting/units/{site.units[role]}/"
    return page


def review(sessions, server, name: str):
    page = sessions.page("office")
    visit(page, server.url, "/reporting/review/")
    return page, page.locator("article.r-item", has=page.locator("h2", has_text=name))


def latest_in_evaluation(page, site, name: str) -> dict:
    _, rows = api_get(page, f"/plans/{site.plan}/evaluation")
    return next(r for r in rows if r["indicator"] == name)["latest"]


def test_the_quarter_through_the_form_with_evidence_return_and_approval(
    sessions, server, site, console, tmp_path
):
    indicator = site.indicators[FORM_INDICATOR]
    page = unit_page(sessions, server, site)
    stale = sessions.context("reporter").new_page()  # the same page, left open in another tab
    visit(stale, server.url, f"/reporting/units/{site.units['reporter']}/")

    # 1. The reporter fills the quarter's figure, attaches the evidence and submits.
    entry = item(page, FORM_INDICATOR)
    assert "上期（2024年第三季度）：1家" in entry.locator(".r-prev").inner_text()
    entry.locator("[name$='-value']").fill("1")
    entry.locator("[name$='-source']").fill("区科技局认定文件")
    evidence_pdf(tmp_path / "认定文件.pdf")
    entry.locator("input[type=file]").set_input_files(str(tmp_path / "认定文件.pdf"))
    entry.get_by_role("button", name="报送").click()
    item(page, FORM_INDICATOR).get_by_text("已报送，等待领导小组办公室审核").wait_for()
    assert "已报送" in item(page, FORM_INDICATOR).locator(".r-record").inner_text()
    assert item(page, FORM_INDICATOR).get_by_role("link", name="认定文件.pdf").is_visible()
    _, subs = api_get(page, f"/submissions?indicator={indicator}")
    sub = subs["items"][0]
    assert (subs["count"], sub["status"], sub["value"], sub["period"]) == (1, "submitted", "1", "2025Q4")

    # 2. The office sees it with its evidence (a download of the same PDF) and returns it.
    office, queued = review(sessions, server, FORM_INDICATOR)
    assert "区发展改革局" in queued.inner_text() and "区科技局认定文件" in queued.inner_text()
    with office.expect_download() as download:
        queued.get_by_role("link", name="认定文件.pdf").click()
    assert download.value.suggested_filename == "认定文件.pdf"
    assert Path(download.value.path()).read_bytes() == (tmp_path / "认定文件.pdf").read_bytes()
    queued.locator("textarea[name=reason]").fill("请补充本季度新增机构的名单")
    queued.get_by_role("button", name="退回").click()
    expect(office.locator(".messages")).to_contain_text(f"{FORM_INDICATOR}")
    expect(office.locator(".messages")).to_contain_text("已退回")

    # 3. The reporter sees the reason (the returned item first on the page) and corrects: 5 is a
    #    jump of 400% and of 4 家, over the floor of 3: it needs an explanation.
    visit(page, server.url, f"/reporting/units/{site.units['reporter']}/")
    assert page.locator(".r-period__title").first.inner_text().startswith("已退回")
    entry = item(page, FORM_INDICATOR)
    assert entry.locator(".r-reason").inner_text() == "退回原因：请补充本季度新增机构的名单"
    entry.locator("[name$='-value']").fill("5")
    entry.get_by_role("button", name="报送").click()
    item(page, FORM_INDICATOR).get_by_text("未保存：请按提示修改").wait_for()
    error = item(page, FORM_INDICATOR).locator(".error")
    assert "变动 400%，超过 50%，请填写变动说明" in error.inner_text()
    _, subs = api_get(page, f"/submissions?indicator={indicator}")
    assert subs["items"][0]["status"] == "returned"  # nothing was saved
    item(page, FORM_INDICATOR).locator("[name$='-explanation']").fill("新认定省级工程技术研究中心4家")
    item(page, FORM_INDICATOR).get_by_role("button", name="报送").click()
    item(page, FORM_INDICATOR).get_by_text("已报送，等待领导小组办公室审核").wait_for()

    # 4. Another unit sees none of it, by page, URL or API, and cannot report it.
    other_unit_cannot_see_it(sessions, server, site, console, indicator)

    # 5. The office approves: the figure is locked and used.
    office, queued = review(sessions, server, FORM_INDICATOR)
    assert "新认定省级工程技术研究中心4家" in queued.inner_text()
    queued.get_by_role("button", name="审核通过").click()
    expect(office.locator(".messages")).to_contain_text("已审核通过")
    assert office.locator("#main .list").get_by_text(FORM_INDICATOR).count() == 1  # 已审核锁定

    visit(page, server.url, f"/indicators/{indicator}/")
    assert QUARTER in page.locator("#indicator-live table.table--data tbody tr").first.inner_text()
    _, chart = api_get(page, f"/indicators/{indicator}/chart")
    assert chart["series"][-1] == {"period": "2025Q4", "value": 5.0, "is_demo": False}
    assert latest_in_evaluation(page, site, FORM_INDICATOR) == {"period": "2025Q4", "value": 5.0}

    # 6. Submitting it again is refused with the lock message: the tab left open, and the API.
    entry = item(stale, FORM_INDICATOR)
    entry.locator("[name$='-value']").fill("3")
    entry.locator("[name$='-explanation']").fill("再报一次")
    console.expect_status(409)
    entry.get_by_role("button", name="报送").click()
    expect(item(stale, FORM_INDICATOR).locator(".form-errors")).to_contain_text(LOCKED)
    status, answer = api_post(page, "/submissions", {"indicator": indicator, "period": "2025Q4", "value": 3})
    assert (status, answer["detail"]) == (409, LOCKED)
    assert latest_in_evaluation(page, site, FORM_INDICATOR) == {"period": "2025Q4", "value": 5.0}
    stale.close()


def other_unit_cannot_see_it(sessions, server, site, console, indicator: int) -> None:
    reporter = sessions.page("reporter")
    _, subs = api_get(reporter, f"/submissions?indicator={indicator}")
    sub = subs["items"][0]["id"]
    visit(reporter, server.url, f"/reporting/submissions/{sub}/")
    evidence = reporter.get_by_role("link", name="认定文件.pdf").get_attribute("href")

    page = unit_page(sessions, server, site, "other_reporter")
    assert page.locator("h1").inner_text() == "区科技局 · 待报送"
    assert item(page, FORM_INDICATOR).count() == 0 and FORM_INDICATOR not in page.content()
    own = site.units["reporter"]
    console.expect_status(403)
    for path in (f"/reporting/units/{own}/", f"/reporting/submissions/{sub}/", evidence,
                 f"/reporting/units/{own}/excel/{site.plan}/2025Q4/"):  # fmt: skip
        visit(page, server.url, path, status=403)
        assert "无权" in page.locator("#main").inner_text()
    visit(page, server.url, "/reporting/")
    assert api_get(page, f"/submissions/{sub}") == [403, {"detail": "无权进行此操作"}]
    status, _ = api_post(page, "/submissions", {"indicator": indicator, "period": "2025Q4", "value": 9})
    assert status == 403
    _, visible = api_get(page, "/submissions")
    assert sub not in [s["id"] for s in visible["items"]]


def test_the_quarter_through_the_excel_template(sessions, server, site, console, tmp_path):
    from planwatch.reporting.services.excel import FIRST_ROW, INDEX, SHEET

    indicator = site.indicators[EXCEL_INDICATOR]
    page = unit_page(sessions, server, site)
    page.locator("details.r-excel > summary").click()  # the Excel card is folded: the items come first
    excel = page.locator("li.r-excel__row", has_text=QUARTER)
    with page.expect_download() as download:
        excel.get_by_role("link", name="下载模板").click()
    assert download.value.suggested_filename == f"区发展改革局-{QUARTER}-报送表.xlsx"
    template = tmp_path / "模板.xlsx"
    download.value.save_as(template)
    book = load_workbook(template)
    sheet = book[SHEET]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(FIRST_ROW, sheet.max_row + 1)}
    due = open_figures(page, server, site)
    assert set(rows) == due and indicator in due  # exactly the figures still due this quarter
    row = rows[indicator]
    assert sheet.cell(row=row, column=INDEX["previous"] + 1).value == 0.12
    sheet.cell(row=row, column=INDEX["value"] + 1, value=1300)  # in 家: 0.13万家
    sheet.cell(row=row, column=INDEX["unit"] + 1, value="家")
    sheet.cell(row=row, column=INDEX["source"] + 1, value="区行政审批服务局登记数据")
    filled = tmp_path / "报送表.xlsx"
    book.save(filled)

    page.locator("details.r-excel > summary").click()
    excel.locator("input[type=file]").set_input_files(str(filled))
    excel.get_by_role("button", name="上传并报送").click()
    page.get_by_text(f"已从 Excel 报送{QUARTER} 1 项，等待领导小组办公室审核").wait_for()
    assert "1300" in item(page, EXCEL_INDICATOR).locator(".r-record").inner_text()

    office, queued = review(sessions, server, EXCEL_INDICATOR)
    assert "0.13万家" in queued.inner_text()  # shown in the indicator's unit as well
    queued.get_by_role("button", name="审核通过").click()
    expect(office.locator(".messages")).to_contain_text("已审核通过")

    _, chart = api_get(page, f"/indicators/{indicator}/chart")
    assert chart["series"][-1] == {"period": "2025Q4", "value": 0.13, "is_demo": False}
    assert latest_in_evaluation(page, site, EXCEL_INDICATOR) == {"period": "2025Q4", "value": 0.13}

    # The same workbook again, now that the quarter is locked: refused, nothing changes.
    visit(page, server.url, f"/reporting/units/{site.units['reporter']}/")
    page.locator("details.r-excel > summary").click()
    excel = page.locator("li.r-excel__row", has_text=QUARTER)
    excel.locator("input[type=file]").set_input_files(str(filled))
    console.expect_status(400)
    excel.get_by_role("button", name="上传并报送").click()
    page.locator("h1", has_text="Excel 未导入").wait_for()
    errors = page.locator(".form-errors").inner_text()
    assert "数据未作任何修改" in errors and LOCKED in errors and EXCEL_INDICATOR in errors
    assert latest_in_evaluation(page, site, EXCEL_INDICATOR) == {"period": "2025Q4", "value": 0.13}


def open_figures(page, server, site) -> set[int]:
    """The indicators of the quarter still open on the 待报送 page, over all its pages."""
    found, number = set(), 1
    while True:
        visit(page, server.url, f"/reporting/units/{site.units['reporter']}/?page={number}")
        items = page.locator("article.r-item", has=page.locator("[name$='-value']")).filter(has_text=QUARTER)
        found |= {site.indicators[name] for name in items.locator("h3").all_inner_texts()}
        if page.get_by_role("link", name="下一页 ›").count() == 0:
            return found
        number += 1


def test_the_units_page_on_a_phone(sessions, server, site):
    page = sessions.page("reporter", PHONE)
    visit(page, server.url, f"/reporting/units/{site.units['reporter']}/")
    assert item(page, "新增区域性总部").locator("[name$='-value']").is_visible()
    no_horizontal_overflow(page)
