"""Forms of the reporting pages. They hold no rules of their own: `clean()` asks the same
services the Excel upload and the API use, and puts each message beside its field."""

from __future__ import annotations

from django import forms

from planwatch.indicators.models import Frequency
from planwatch.indicators.observations import plain
from planwatch.units.models import Unit

from .errors import ReportingError
from .models import SELF_STATUS_CHOICES, ReportingCalendar, ReportingRule
from .services.due import DueItem
from .services.evidence import ALLOWED_TEXT, check_file
from .services.submissions import ReportText, check_report
from .services.validation import Figure, check_figure, unit_options

_NUMBER_ERRORS = {
    "invalid": "请填写数字",
    "max_digits": "数字位数过多",
    "max_decimal_places": "小数位数过多（最多 10 位）",
    "max_whole_digits": "数值过大",
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several evidence files in one input; each checked by size and content (services.evidence)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.doc,.xls"})
        )
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "佐证材料")
        kwargs.setdefault("help_text", f"可多选；支持{ALLOWED_TEXT}")
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        for upload in files:
            try:
                check_file(upload)
            except ReportingError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return list(files)


def _text(label: str, rows: int = 2, **kw) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kw)


class ItemForm(forms.Form):
    """What a figure form and a progress form share: the item, the submit/draft choice."""

    def __init__(self, *args, item: DueItem, submit: bool = True, **kwargs):
        self.item, self.submit = item, submit
        super().__init__(*args, prefix=item.key, **kwargs)

    def is_filled(self) -> bool:
        """Whether the user typed or attached anything for this item (untouched items are skipped)."""
        if not self.is_bound:
            return False
        names = [n for n in self.fields if n not in ("unit", "self_status")]
        typed = any(str(self.data.get(self.add_prefix(n), "")).strip() for n in names)
        return typed or bool(self.files.getlist(self.add_prefix("evidence")))


class FigureForm(ItemForm):
    value = forms.DecimalField(label="本期数值", required=False, max_digits=28, decimal_places=10,
                               error_messages=_NUMBER_ERRORS, widget=forms.TextInput(attrs={"inputmode": "decimal"}))  # fmt: skip
    unit = forms.CharField(label="单位", required=False, max_length=50)
    source = forms.CharField(label="来源", required=False, max_length=200)
    note = _text("备注")
    explanation = _text("变动说明", help_text="较上期变动较大时必填")
    evidence = EvidenceField()

    def __init__(self, *args, jump, **kwargs):
        super().__init__(*args, **kwargs)
        self.jump = jump
        options = unit_options(self.item.rule.indicator.measure_unit)
        if len(options) > 1:
            self.fields["unit"] = forms.ChoiceField(
                label="单位", required=False, choices=[(u, u) for u in options]
            )
        record = self.item.record
        self.initial = {"unit": options[0] if options else ""}
        if record is not None:
            self.initial = {"value": record.entered_value.normalize(), "unit": record.entered_unit,
                            "source": record.source, "note": record.note, "explanation": record.explanation}  # fmt: skip
        value = self.fields["value"].widget.attrs
        value["data-previous"] = "" if self.item.previous is None else plain(self.item.previous)
        value["data-threshold"], value["data-floor"] = str(jump.share), plain(jump.floor)

    def figure(self) -> Figure:
        c = self.cleaned_data
        return Figure(
            c.get("value"),
            c.get("unit", ""),
            c.get("source", ""),
            c.get("note", ""),
            c.get("explanation", ""),
        )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        errors = check_figure(rule=self.item.rule, figure=self.figure(), previous=self.item.previous,
                              jump=self.jump)  # fmt: skip
        if not self.submit:
            errors.pop("explanation", None)
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)
        return cleaned


class ReportForm(ItemForm):
    progress = _text("进展情况", rows=4)
    problems = _text("存在问题", rows=3)
    next_steps = _text("下步打算", rows=3)
    self_status = forms.ChoiceField(
        label="自评状态", required=False, choices=[("", "请选择"), *SELF_STATUS_CHOICES]
    )
    evidence = EvidenceField()

    def __init__(self, *args, **kwargs):
        kwargs.pop("jump", None)
        super().__init__(*args, **kwargs)
        record = self.item.record
        if record is not None:
            self.initial = {"progress": record.progress, "problems": record.problems,
                            "next_steps": record.next_steps, "self_status": record.self_status}  # fmt: skip

    def text(self) -> ReportText:
        c = self.cleaned_data
        return ReportText(
            c.get("progress", ""), c.get("problems", ""), c.get("next_steps", ""), c.get("self_status", "")
        )

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            for name, message in check_report(self.text(), submit=self.submit).items():
                self.add_error(name, message)
        return cleaned


def item_form(item: DueItem, *, jump, data=(), submit: bool = True) -> ItemForm:
    """The form of one item of the 待报送 page: a figure's or a progress text's."""
    cls = FigureForm if item.kind == "indicator" else ReportForm
    return cls(*data, item=item, submit=submit, jump=jump)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请填写原因"})  # fmt: skip


class WorkbookForm(forms.Form):
    file = forms.FileField(label="填好的 Excel 模板", error_messages={"required": "请选择要上传的文件"},
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))  # fmt: skip


class CalendarForm(forms.ModelForm):
    class Meta:
        model = ReportingCalendar
        fields = ["starts_on", "remind_days_before", "overdue_every", "jump_share", "jump_floor"]
        widgets = {"starts_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}
        help_texts = {"starts_on": "此日期前结束的期间不要求报送，可作为历史数据补报；导入计划时设为当时的报送期"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("jump_share", "jump_floor"):  # 3, not 3.0000000000
            self.initial[name] = plain(getattr(self.instance, name))

    def clean_overdue_every(self):
        value = self.cleaned_data["overdue_every"]
        if value < 1:
            raise forms.ValidationError("至少 1 天")
        return value


class RuleForm(forms.Form):
    unit = forms.ModelChoiceField(label="报送单位", queryset=Unit.objects.order_by("name"), required=False,
                                  empty_label="（未指定）")  # fmt: skip
    frequency = forms.ChoiceField(label="频率", choices=Frequency.choices)
    due_days = forms.IntegerField(label="期末后天数", min_value=0, max_value=120)
    min_value = forms.DecimalField(label="最小值", required=False, max_digits=28, decimal_places=10)
    max_value = forms.DecimalField(label="最大值", required=False, max_digits=28, decimal_places=10)
    active = forms.BooleanField(label="需要报送", required=False)
    starts_on = forms.DateField(label="报送起始日期", required=False, help_text="空为报送日历的起始日期",
                                widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))  # fmt: skip
    reason = forms.CharField(label="修改原因", required=False, max_length=300)


NO_UNIT = "none"


class BulkRuleForm(forms.Form):
    """The same change for every rule ticked on the calendar page; an empty field changes nothing."""

    rules = forms.ModelMultipleChoiceField(
        queryset=ReportingRule.objects.none(), label="报送规则",
        error_messages={"required": "请至少勾选一条报送规则", "invalid_choice": "所选规则不属于本计划",
                        "invalid_pk_value": "所选规则不属于本计划"},
    )  # fmt: skip
    unit = forms.ChoiceField(label="报送单位", required=False)
    frequency = forms.ChoiceField(label="报送频率", required=False, choices=[("", "不修改"), *Frequency.choices])
    due_days = forms.IntegerField(label="期末后天数", required=False, min_value=0, max_value=120,
                                  widget=forms.NumberInput(attrs={"placeholder": "不修改"}))  # fmt: skip
    starts_on = forms.DateField(label="报送起始日期", required=False,
                                widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))  # fmt: skip
    active = forms.ChoiceField(label="需要报送", required=False,
                               choices=[("", "不修改"), ("1", "需要"), ("0", "不需要")])  # fmt: skip
    reason = forms.CharField(label="修改原因", required=False, max_length=300)

    def __init__(self, *args, plan, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rules"].queryset = plan.reporting_rules.select_related(
            "plan", "unit", "indicator__article", "article"
        )
        self.fields["unit"].choices = [("", "不修改"), (NO_UNIT, "（未指定）"), *((u.pk, u.name) for u in units)]
        self.units = {str(u.pk): u for u in units}

    def changes(self) -> dict:
        """{rule field: new value} for the fields the office filled in."""
        c, out = self.cleaned_data, {}
        if c.get("unit"):
            out["unit"] = None if c["unit"] == NO_UNIT else self.units[c["unit"]]
        if c.get("frequency"):
            out["frequency"] = c["frequency"]
        for name in ("due_days", "starts_on"):
            if c.get(name) is not None:
                out[name] = c[name]
        if c.get("active"):
            out["active"] = c["active"] == "1"
        return out


class UnitForm(forms.Form):
    name = forms.CharField(
        label="单位名称", max_length=200, help_text="如：区统计局；已登记的单位（含简称）不会重复登记"
    )
