"""The admin for indicator data: one figure typed in or corrected keeps a revision; formulas are
checked before they are saved; demo data is labelled in the lists."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from .conftest import run

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"admin:indicators_{name}", args=args)


def form_data(response) -> dict:
    """The POST data a browser would send back for an admin form, inlines included."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def test_type_in_one_figure_in_another_unit(admin_client, admin_user, data_plan):
    from planwatch.indicators.models import Observation

    data = form_data(admin_client.get(url("observation_add")))
    data.update(indicator=data_plan.gdp.pk, period="2023q1", entered_value="3120000", entered_unit="万元",
                status="approved", source="区统计局")  # fmt: skip
    response = admin_client.post(url("observation_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    obs = Observation.objects.get()
    assert (obs.period, obs.value, obs.entered_by) == ("2023Q1", Decimal("312"), admin_user)
    assert obs.revisions.get().reason == "后台录入"


def test_correct_a_figure_keeps_a_revision_and_drops_the_demo_mark(admin_client, admin_user, data_plan):
    from planwatch.indicators.models import Observation

    run("demo_data", as_of="2024-12-31")
    obs = Observation.objects.filter(indicator=data_plan.gdp).order_by("period_key").last()
    assert "演示数据" in admin_client.get(url("observation_changelist")).content.decode()
    data = form_data(admin_client.get(url("observation_change", obs.pk)))
    data["entered_value"] = "1300"
    assert admin_client.post(url("observation_change", obs.pk), data).status_code == 302
    obs.refresh_from_db()
    assert (obs.value, obs.is_demo) == (Decimal("1300"), False)
    revision = obs.revisions.order_by("pk").last()
    assert (revision.new_value, revision.actor, revision.reason) == (Decimal("1300"), admin_user, "后台修改")


def test_an_incompatible_unit_is_a_form_error(admin_client, data_plan):
    data = form_data(admin_client.get(url("observation_add")))
    data.update(
        indicator=data_plan.gdp.pk, period="2023", entered_value="5", entered_unit="家", status="approved"
    )
    response = admin_client.post(url("observation_add"), data)
    assert response.status_code == 200
    assert "单位“家”与指标单位“亿元”不一致，无法换算" in response.content.decode()


def test_a_formula_is_checked_before_it_is_saved(admin_client, data_plan):
    page = url("indicator_change", data_plan.intensity.pk)
    data = form_data(admin_client.get(page))
    data["formula"] = "energy / nothing"
    response = admin_client.post(page, data)
    assert response.status_code == 200
    assert "“nothing”不是本计划指标的编码" in response.content.decode()
    data["formula"] = "__import__('os')"
    assert "公式无效" in admin_client.post(page, data).content.decode()


def test_base_value_set_by_hand_in_the_admin(admin_client, admin_user, data_plan):
    from planwatch.indicators.models import BaseValue, BaseValueRevision

    data = form_data(admin_client.get(url("basevalue_add")))
    data.update(
        indicator=data_plan.gdp.pk, year=2022, entered_value="1210", entered_unit="亿元", note="统计局修订"
    )
    assert admin_client.post(url("basevalue_add"), data).status_code == 302
    assert BaseValue.objects.get().set_by == admin_user
    assert BaseValueRevision.objects.get().actor == admin_user
