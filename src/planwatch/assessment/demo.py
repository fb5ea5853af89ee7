"""The demo assessment for `planwatch demo`: a draft scheme of the demo date's year, named as
演示数据, assessed on the demo date with the default scheme — the ranking is computed from the
demo record when the page is opened (nothing stored but the scheme). Not again once there is one."""

from __future__ import annotations

from datetime import date

from .models import Scheme
from .services import create_scheme

NAME = "年度考核（演示数据）"


def fill_demo_assessment(*, actor, plan, as_of: date) -> str:
    if Scheme.objects.filter(plan=plan, name=NAME).exists():
        return "演示考核方案已有，未重复生成"
    scheme = create_scheme(actor=actor, plan=plan, year=as_of.year, name=NAME)
    scheme.as_of = as_of
    scheme.save(update_fields=["as_of"])
    return f"演示考核方案：{scheme.title}（草稿，考核基准日 {as_of.year}年{as_of.month}月{as_of.day}日）"
