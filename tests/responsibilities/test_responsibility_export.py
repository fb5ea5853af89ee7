"""The 责任分解表 the office issues: XLSX and DOCX opened again and read row by row."""

from __future__ import annotations

import io
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

HEADER = ["序号", "章", "重点任务", "量化目标", "牵头单位", "配合单位", "完成时限"]
ECOLOGY_CO = "区自然资源局、区住房和城乡建设局、区城市管理局、区水务局、区市场监管局"
# Article 二十 with the branch confirmed as its lead; its three targets follow the article.
ROWS_20 = [
    ["20", "五、聚力绿色低碳，发展高效循环经济", "（二十）加强环境污染防治", "", "市生态环境局市中区分局", ECOLOGY_CO, "2025年底前"],
    ["", "五、聚力绿色低碳，发展高效循环经济", "（二十）加强环境污染防治", "2025年，PM2.5浓度控制在37.1微克/立方米",
     "市生态环境局市中区分局", ECOLOGY_CO, "2025年底前"],
    ["", "五、聚力绿色低碳，发展高效循环经济", "（二十）加强环境污染防治", "空气质量优良天数比率67.6%以上",
     "市生态环境局市中区分局", ECOLOGY_CO, "2025年底前"],
    ["", "五、聚力绿色低碳，发展高效循环经济", "（二十）加强环境污染防治", "重污染天数控制在2天以内",
     "市生态环境局市中区分局", ECOLOGY_CO, "2025年底前"],
]
# Article 十三 lists 区商务局 alone: the plan itself makes it the lead.
ROW_13 = ["13", "四、聚力扩大内需，加快构建发展新格局", "（十三）推动消费提质升级", "", "区商务局", "", "2025年底前"]


@pytest.fixture
def decided(seed, office):
    from planwatch.responsibilities.services import assign_leads
    from planwatch.units.models import Unit

    article = seed.articles.get(label="（二十）")
    branch = Unit.objects.get(name="市生态环境局市中区分局")
    assign_leads(actor=office.user, plan=seed, keys=[f"a{article.pk}"], unit=branch)
    return seed


def test_xlsx_rows(decided, office):
    from openpyxl import load_workbook

    response = office.client.get(f"/responsibilities/{decided.pk}/export.xlsx")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "行动计划（2023—2025年）责任分解表"
    assert ws["A1"].font.name == "黑体" and ws["A4"].font.name == "仿宋"
    assert ws.print_title_rows == "$3:$3"
    rows = [[c if c is not None else "" for c in r] for r in ws.iter_rows(min_row=3, values_only=True)]
    assert rows[0] == HEADER
    assert len(rows) == 1 + 47 + 38
    start = rows.index(ROWS_20[0])
    assert rows[start : start + 4] == ROWS_20
    assert ROW_13 in rows
    gdp = next(r for r in rows if r[3].endswith("地区生产总值力争突破1400亿元"))
    assert gdp[4] == "待确定" and gdp[6] == "2025年底前"


def test_docx_rows_and_repeated_header(decided, tmp_path):
    from docx import Document

    out = tmp_path / "表.docx"
    call_command("responsibilities", "export", decided.name, "-o", str(out), stdout=StringIO())
    document = Document(str(out))
    assert document.paragraphs[0].text == "行动计划（2023—2025年）责任分解表"
    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == HEADER and len(rows) == 1 + 47 + 38
    start = rows.index(ROWS_20[0])
    assert rows[start : start + 4] == ROWS_20
    assert ROW_13 in rows
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # the header row repeats on every page
    assert 'w:eastAsia="仿宋"' in table.rows[1].cells[2]._tc.xml


def test_export_command_refuses_an_unknown_format(decided, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="扩展名为 .xlsx 或 .docx"):
        call_command("responsibilities", "export", decided.name, "-o", str(tmp_path / "表.pdf"))
