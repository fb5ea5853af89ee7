"""The 报告 page's form: plan, period, kind, unit (for a unit's report or ledger), issuer."""

from __future__ import annotations

from django import forms

from planwatch.plans.models import Plan
from planwatch.progress import period_label
from planwatch.units.models import Unit

from .models import Kind

YEARS_OFFERED = 10


def period_choices(year: int) -> list[tuple[str, str]]:
    """Quarters, halves and years from ``year`` back over `YEARS_OFFERED` years, newest first,
    each by its Chinese name (2024年第三季度), never by its code."""
    codes = []
    for y in range(year, year - YEARS_OFFERED, -1):
        codes += [f"{y}", f"{y}H2", f"{y}H1", f"{y}Q4", f"{y}Q3", f"{y}Q2", f"{y}Q1"]
    return [(code, period_label(code)) for code in codes]


class ReportForm(forms.Form):
    plan = forms.ModelChoiceField(Plan.objects.order_by("name"), label="计划", empty_label=None)
    period = forms.ChoiceField(label="期间", help_text="季度、半年或年度；报告按所选期间的最后一天评估")
    kind = forms.ChoiceField(label="类型", choices=Kind.choices)
    unit = forms.ModelChoiceField(
        Unit.objects.order_by("name"), label="单位", required=False, empty_label="全部（全计划）",
        help_text="单位进展情况报告须选择单位；台账选择单位时只含该单位的内容",
    )  # fmt: skip
    issuer = forms.CharField(label="发文机关", max_length=100, required=False, help_text="空为系统设置的默认署名")

    def __init__(self, *args, units=None, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices(year)
        if units is not None:  # a reporter chooses only its own unit
            self.fields["unit"].queryset = units
            self.fields["unit"].required = True
            self.fields["unit"].empty_label = None
