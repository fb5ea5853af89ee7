"""Fixtures for the index: the seed plan with its demo data, and a five-dimension definition of
at least twenty of its indicators, built through the service the build page uses."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "src" / "planwatch" / "sample_data" / "shizhong-2023-2025.txt"
AS_OF = date(2026, 3, 31)  # the demo's figures run to the end of 2025


def run(command: str, *args, **options) -> str:
    out = StringIO()
    call_command(command, *[str(a) for a in args], stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def seed(db, settings):
    from planwatch.indicators.services import replace_demo_data
    from planwatch.plans.models import Plan

    settings.EVALUATION_DATE = AS_OF
    run("import_plan", SEED, name="shizhong-2023")
    plan = Plan.objects.get(name="shizhong-2023")
    replace_demo_data(actor=None, plan=plan, as_of=AS_OF)
    return plan


# The seed plan's indicators by dimension (names as the plan writes them); PM2.5 and 重污染天数
# are lower-is-better. 23 indicators in five dimensions.
FIVE_DIMENSIONS = {
    "创新": ["全社会研发经费占GDP比重", "万人有效发明专利拥有量", "新增高新技术企业", "新增“专精特新”中小企业", "新增省级以上研发机构"],
    "产业": ["地区生产总值", "“四新”经济增加值占比", "规模以上信息传输、软件和信息技术服务业规模", "未来网络产业集群规模", "累计建成5G基站"],
    "绿色低碳": ["PM2.5浓度", "空气质量优良天数比率", "重污染天数", "新增市级及以上绿色工厂"],
    "开放": ["实际使用外资", "新增区域性总部", "认定市级总部", "累计新增市场主体"],
    "民生": ["职业学校毕业生就业率", "普惠园覆盖率", "家庭医生签约服务率", "千人口托位数", "优质教育资源覆盖率"],
}  # fmt: skip
LOWER = {"PM2.5浓度", "重污染天数"}


def build_form(plan, dimensions: dict, *, name="高质量发展综合指数", method="efficacy", weighting="given",
               dimension_weights=None, weights=None, note="") -> dict:
    """The build page's POST for `dimensions` {name: [indicator names]}; weights by indicator name."""
    from planwatch.indicators.models import Indicator

    by_name = {i.name: i for i in Indicator.objects.filter(plan=plan)}
    data = {"name": name, "method": method, "weighting": weighting, "note": note}
    for k, (dim, names) in enumerate(dimensions.items()):
        data[f"dim_name_{k}"] = dim
        data[f"dim_weight_{k}"] = str((dimension_weights or {}).get(dim, 1))
        for n in names:
            pk = by_name[n].pk
            data[f"dim_{pk}"] = str(k)
            data[f"dir_{pk}"] = "lower" if n in LOWER else "higher"
            data[f"weight_{pk}"] = str((weights or {}).get(n, 1))
    return data
