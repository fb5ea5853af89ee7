"""Derived indicators: safe formulas (no eval), values per period with inputs, recomputed on change."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management.base import CommandError

from planwatch.indicators.derived import FormulaError, evaluate_formula, id_name, parse_formula

from .conftest import run, write_csv


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("energy / gdp", {"energy": "50", "gdp": "1250"}, "0.04"),
        ("a + b * 2", {"a": "1", "b": "3"}, "7"),
        ("(a + b) * 2", {"a": "1", "b": "3"}, "8"),
        ("-a + 10", {"a": "4"}, "6"),
        ("rd / gdp * 100", {"rd": "9.6", "gdp": "1250"}, "0.768"),
        ("研发经费 / 地区生产总值 * 100", {"研发经费": "9.6", "地区生产总值": "1250"}, "0.768"),
        ("a / 3", {"a": "1"}, "0.3333333333333333333333333333"),
        ("a - 0.1", {"a": "0.3"}, "0.2"),
    ],
)
def test_formulas_compute_exactly(text, values, expected):
    formula = parse_formula(text)
    assert evaluate_formula(formula, {k: Decimal(v) for k, v in values.items()}) == Decimal(expected)


def test_ids_are_written_with_a_hash():
    formula = parse_formula("#12 / #7 * 100")
    assert formula.ids == (12, 7)
    assert evaluate_formula(formula, {id_name(12): Decimal(1), id_name(7): Decimal(4)}) == 25


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('echo hacked')",
        "gdp.__class__",
        "gdp.real",
        "open('x')",
        "gdp ** 2",
        "gdp[0]",
        "'text'",
        "gdp if energy else 1",
        "lambda: 1",
        "gdp > energy",
        "[gdp]",
        "gdp // 2",
        "gdp % 2",
        "__builtins__",
        "_secret + 1",
        "True + 1",
        "1j * gdp",
        "(x := 1)",
        "f'{gdp}'",
        "",
        "a +",
        "x" * 501,
    ],
)
def test_anything_but_arithmetic_on_names_is_refused(text):
    with pytest.raises(FormulaError):
        parse_formula(text)


def test_import_refusal_names_the_offending_part():
    with pytest.raises(FormulaError, match="不允许出现") as err:
        parse_formula("__import__('os')")
    assert "+ - * /" in str(err.value)


def test_division_by_zero_and_missing_values_are_errors_not_values():
    formula = parse_formula("a / b")
    with pytest.raises(FormulaError, match="除数为零"):
        evaluate_formula(formula, {"a": Decimal(1), "b": Decimal(0)})
    with pytest.raises(FormulaError, match="缺少"):
        evaluate_formula(formula, {"a": Decimal(1)})


@pytest.mark.django_db
class TestStoredDerivedValues:
    def _load(self, tmp_path, rows, name="data.csv"):
        return run("load_data", write_csv(tmp_path / name, rows), plan="data-plan")

    def test_computed_for_each_period_where_all_inputs_exist_with_inputs_recorded(self, data_plan, tmp_path):
        from planwatch.indicators.models import Observation

        out = self._load(tmp_path, [
            ["地区生产总值", "2022", "1200"], ["地区生产总值", "2023", "1250"], ["地区生产总值", "2024", "1300"],
            ["能源消费总量", "2022", "60"], ["能源消费总量", "2023", "60"],
        ])  # fmt: skip
        assert "计算指标：新增 2 条" in out
        rows = {o.period: o for o in Observation.objects.filter(indicator=data_plan.intensity)}
        assert set(rows) == {"2022", "2023"}  # 2024 has no energy figure
        assert rows["2022"].value == Decimal("0.05")
        assert rows["2023"].value == Decimal("0.048")
        assert rows["2023"].derived and not rows["2023"].is_demo
        assert rows["2023"].source == "公式：energy / gdp"
        assert {(i["name"], i["period"], i["value"]) for i in rows["2023"].inputs} == {
            ("energy", "2023", "60"),
            ("gdp", "2023", "1250"),
        }

    def test_a_changed_input_recomputes_with_a_revision(self, data_plan, tmp_path):
        from planwatch.indicators.models import Observation

        self._load(tmp_path, [["地区生产总值", "2023", "1250"], ["能源消费总量", "2023", "60"]])
        out = self._load(tmp_path, [["地区生产总值", "2023", "1200"]], name="fix.csv")
        assert "计算指标：新增 0 条，更新 1 条" in out
        derived = Observation.objects.get(indicator=data_plan.intensity, period="2023")
        assert derived.value == Decimal("0.05")
        revision = derived.revisions.order_by("-pk").first()
        assert (revision.old_value, revision.new_value) == (Decimal("0.048"), Decimal("0.05"))
        assert "重新计算" in revision.reason

    def test_removing_an_input_figure_removes_the_computed_value(self, data_plan, tmp_path):
        from planwatch.indicators.models import Observation
        from planwatch.indicators.services import recompute_derived

        self._load(tmp_path, [["地区生产总值", "2023", "1250"], ["能源消费总量", "2023", "60"]])
        Observation.objects.filter(indicator=data_plan.energy).delete()
        summary = recompute_derived(actor=None, plan=data_plan.plan)
        assert summary.deleted == 1
        assert not Observation.objects.filter(indicator=data_plan.intensity).exists()

    def test_division_by_zero_leaves_the_period_empty(self, data_plan, tmp_path):
        from planwatch.indicators.models import Observation

        self._load(tmp_path, [["地区生产总值", "2023", "0"], ["能源消费总量", "2023", "60"]])
        assert not Observation.objects.filter(indicator=data_plan.intensity).exists()

    def test_a_derived_indicator_cannot_be_loaded_directly(self, data_plan, tmp_path):
        with pytest.raises(CommandError, match="第 2 行：指标“单位GDP能耗”是计算指标"):
            self._load(tmp_path, [["单位GDP能耗", "2023", "0.05"]])

    def test_a_formula_by_id_and_by_name(self, data_plan):
        from planwatch.indicators.services import resolve_formula

        resolved = resolve_formula(
            indicator=data_plan.intensity, text=f"#{data_plan.energy.pk} / 地区生产总值"
        )
        assert [i.pk for i in resolved.inputs.values()] == [data_plan.energy.pk, data_plan.gdp.pk]

    @pytest.mark.parametrize(
        ("formula", "message"),
        [
            ("energy / nothing", "“nothing”不是本计划指标的编码"),
            ("#999999 / gdp", "“#999999”不是本计划指标的编码"),
            ("单位GDP能耗 * 2", "不能引用它自己"),
            ("energy.__class__", "公式无效"),
        ],
    )
    def test_bad_references_are_refused(self, data_plan, formula, message):
        from planwatch.indicators.errors import DataError
        from planwatch.indicators.services import resolve_formula

        with pytest.raises(DataError, match=message):
            resolve_formula(indicator=data_plan.intensity, text=formula)

    def test_a_cycle_is_refused(self, data_plan):
        from planwatch.indicators.errors import DataError
        from planwatch.indicators.recompute import derived_in_order

        data_plan.energy.formula = "单位GDP能耗 * gdp"
        with pytest.raises(DataError, match="循环引用"):
            derived_in_order(plan=data_plan.plan, extra=data_plan.energy)
