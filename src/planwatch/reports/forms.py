"""The 报告 page's form: plan, period, kind, unit (for a unit's report or ledger), issuer."""

from __future__ import annotations

from django import forms

from planwatch.plans.models import Plan
from planwatch.units.models import Unit

from .models import Kind


class ReportForm(forms.Form):
    plan = forms.ModelChoiceField(Plan.objects.order_by("name"), label="计划", empty_label=None)
    period = forms.CharField(label="期间", max_length=10, help_text="如 2025Q2（季度）、2025H1（半年）、2025（年度）")
    kind = forms.ChoiceField(label="类型", choices=Kind.choices)
    unit = forms.ModelChoiceField(
        Unit.objects.order_by("name"), label="单位", required=False, empty_label="全部（全计划）",
        help_text="单位进展情况报告须选择单位；台账选择单位时只含该单位的内容",
    )  # fmt: skip
    issuer = forms.CharField(label="发文机关", max_length=100, required=False, help_text="空为系统设置的默认署名")

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:  # a reporter chooses only its own unit
            self.fields["unit"].queryset = units
            self.fields["unit"].required = True
            self.fields["unit"].empty_label = None
