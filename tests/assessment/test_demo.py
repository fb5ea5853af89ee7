"""`planwatch demo`'s assessment: one draft scheme named 演示数据, assessed on the demo date, whose
ranking the office opens at once; a second run adds nothing."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.django_db


def test_demo_scheme_once_marked_and_computed(seed_year, office):
    from planwatch.assessment.models import Scheme
    from planwatch.web.demo_setup import ensure_assessment

    line = ensure_assessment(seed_year.plan, date(2026, 12, 3))  # the seed plan is over: its demo date
    assert line == "演示考核方案：2024年度考核（演示数据）（草稿，考核基准日 2024年9月30日）"
    assert ensure_assessment(seed_year.plan, date(2026, 12, 3)) == "演示考核方案已有，未重复生成"
    scheme = Scheme.objects.get(name__contains="演示数据")
    page = office.client.get(f"/assessment/s/{scheme.pk}/").content.decode()
    assert "年度考核（演示数据）" in page and "区发展改革局" in page
