"""The office's one-figure form on the indicator page, with every refusal in Chinese beside
its field (a period that has not ended yet, a unit that does not convert, a change without a
reason)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from planwatch.indicators.loading import RowProblem, parse_period_cell
from planwatch.indicators.measures import UnitMismatch, convert
from planwatch.indicators.models import VALUE_DIGITS, VALUE_PLACES, Observation
from planwatch.progress import period_label

from .formatting import number

PERIOD_HINT = "如 2025年、2025年上半年、2025年第三季度 或 2025年9月"


class ObservationForm(forms.Form):
    period = forms.CharField(
        label="期间", max_length=20, help_text=PERIOD_HINT,
        error_messages={"required": "请填写期间"},
    )  # fmt: skip
    value = forms.DecimalField(
        label="数值",
        max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"required": "请填写数值", "invalid": "请输入数字，如 1342.6"},
    )  # fmt: skip
    unit = forms.CharField(label="单位", max_length=50, required=False, help_text="留空即指标单位")
    source = forms.CharField(label="来源", max_length=200, required=False, help_text="如 区统计局年报")
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label="修改原因", max_length=300, required=False, help_text="修改已有数据时必填")

    def __init__(self, *args, indicator, **kwargs):
        self.indicator = indicator
        self.existing: Observation | None = None
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget.attrs["placeholder"] = indicator.measure_unit or "无单位"

    def clean_period(self) -> str:
        text = self.cleaned_data["period"]
        try:
            period = parse_period_cell(text)  # as people write it (2025年第三季度) or the code
        except RowProblem as exc:
            message = str(exc)  # a year out of range says so; an unknown form gets the hint
            if message.startswith("无法识别"):
                message = f"无法识别的期间：{text}，请写作{PERIOD_HINT.removeprefix('如 ')}"
            raise forms.ValidationError(message) from exc
        if period.end >= timezone.localdate():
            raise forms.ValidationError(f"{period.label}尚未结束，不能录入该期数据")
        self.existing = Observation.objects.filter(indicator=self.indicator, period=period.code).first()
        return period.code

    def clean(self):
        cleaned = super().clean()
        value, unit = cleaned.get("value"), (cleaned.get("unit") or "").strip()
        if value is not None and unit:
            try:
                convert(value, unit, self.indicator.measure_unit)
            except UnitMismatch as exc:
                self.add_error("unit", str(exc))
        if self.existing is not None and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", f"{period_label(self.existing.period)}已有数据，修改须说明原因")
        return cleaned

    @classmethod
    def for_existing(cls, indicator, observation: Observation) -> ObservationForm:
        """The form filled with a stored figure, for the 修改 button of a data table row."""
        initial = {
            "period": period_label(observation.period),
            "value": number(observation.entered_value),  # 1000, not 1E+3
            "unit": observation.entered_unit,
            "source": observation.source,
            "note": observation.note,
        }
        return cls(indicator=indicator, initial=initial)
