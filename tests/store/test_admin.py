"""The admin in Chinese: every page loads, and the office can correct an extraction by hand."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from planwatch.indicators.models import Target
from planwatch.plans.models import Article, Milestone
from planwatch.units.models import ArticleUnit, Unit, UnitAlias, UnitFunction
from planwatch.units.services import find_unit, resolve_unit

pytestmark = pytest.mark.django_db
# Every model of the store except the plan's data version: a stamp the database moves by itself
# (plans/versions.py), not data anyone reads or corrects.
MODELS = [
    m
    for label in ("plans", "units", "indicators")
    for m in apps.get_app_config(label).get_models()
    if m._meta.model_name != "dataversion"
]


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_store_model_is_in_the_admin():
    assert all(model in admin.site._registry for model in MODELS)


def _make(model, plan):
    """A row of the kinds the seed does not produce (a two-level plan; no tasks, no aliases, no data)."""
    from planwatch.indicators.observations import enter_observation
    from planwatch.indicators.services import set_base_value

    article, indicator = plan.articles.first(), plan.indicators.first()
    makers = {
        "Section": lambda: plan.sections.create(chapter=article.chapter, number=1, title="加快产业升级"),
        "Task": lambda: article.tasks.create(plan=plan, text="编制实施方案"),
        "UnitAlias": lambda: UnitAlias.objects.create(alias="区发改", unit=Unit.objects.first()),
        "UnitFunction": lambda: UnitFunction.objects.create(name="统计部门", unit_keywords="统计", terms="GDP、增加值"),
        "Observation": lambda: enter_observation(actor=None, indicator=indicator, period="2023", value=1),
        "ObservationRevision": lambda: _make(apps.get_model("indicators.Observation"), plan).revisions.get(),
        "BaseValue": lambda: set_base_value(actor=None, indicator=indicator, year=2022, value=1),
        "ComparisonFigure": lambda: indicator.comparison_figures.create(
            entity="历下区", period="2023", period_end=date(2023, 12, 31), period_key=20231212, value=1,
            entered_value=1, entered_at=timezone.now()),
        "BaseValueRevision": lambda: (
            _make(apps.get_model("indicators.BaseValue"), plan)
            and apps.get_model("indicators.BaseValueRevision").objects.get()
        ),
    }
    return makers[model.__name__]()


APPEND_ONLY = {"ObservationRevision", "BaseValueRevision", "ComparisonFigure"}  # history rows: no add page


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages_load(admin_client, seed_plan, model):
    obj = model.objects.first() or _make(model, seed_plan)
    add = [] if model.__name__ in APPEND_ONLY else [_url(model, "add")]
    for url in (_url(model, "changelist"), *add, _url(model, "change", obj.pk)):
        response = admin_client.get(url)
        assert response.status_code == 200, url
    assert "管理" in admin_client.get(_url(model, "changelist")).content.decode()


def test_changelists_search_and_filter(admin_client, seed_plan):
    chapter = seed_plan.chapters.get(number=2)
    response = admin_client.get(
        _url(Article, "changelist"), {"plan__id__exact": seed_plan.pk, "chapter": chapter.pk}
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == chapter.articles.count()
    response = admin_client.get(_url(Article, "changelist"), {"q": "区科技局"})
    assert response.context["cl"].result_count > 0


def form_data(response) -> dict:
    """The POST data a browser would send back for an admin change form, inlines included."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def test_edit_a_target_value(admin_client, seed_plan):
    target = Target.objects.get(indicator__plan=seed_plan, value=180)
    url = _url(Target, "change", target.pk)
    data = form_data(admin_client.get(url))
    data["value"] = "190"
    assert admin_client.post(url, data).status_code == 302
    target.refresh_from_db()
    assert target.value == 190


def test_move_a_unit_to_lead_and_add_a_missing_milestone(admin_client, seed_plan):
    article = seed_plan.articles.get(number=3)
    url = _url(Article, "change", article.pk)
    data = form_data(admin_client.get(url))
    data["unit_links-0-role"] = ArticleUnit.Role.LEAD
    data["milestones-TOTAL_FORMS"] = "1"
    data.update(
        {
            "milestones-0-text": "完成传统工业企业技术改造",
            "milestones-0-year": "2024",
            "milestones-0-position": "0",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    first = article.unit_links.order_by("position").first()
    assert first.role == ArticleUnit.Role.LEAD
    assert list(Milestone.objects.filter(article=article).values_list("text", "year")) == [
        ("完成传统工业企业技术改造", 2024)
    ]


def test_merge_action_asks_for_the_target_then_merges(admin_client, seed_plan):
    source = resolve_unit("区大数据中心")
    target = find_unit("区大数据局")
    url = _url(Unit, "changelist")
    selection = {"action": "merge_into", admin.helpers.ACTION_CHECKBOX_NAME: [source.pk]}
    response = admin_client.post(url, selection)
    assert response.status_code == 200 and "合并责任单位" in response.content.decode()
    response = admin_client.post(url, {**selection, "apply": "1", "target": target.pk})
    assert response.status_code == 302
    assert not Unit.objects.filter(pk=source.pk).exists()
    assert find_unit("区大数据中心") == target


def test_merge_action_refuses_a_unit_into_itself(admin_client, seed_plan):
    unit = find_unit("区大数据局")
    url = _url(Unit, "changelist")
    selection = {
        "action": "merge_into",
        admin.helpers.ACTION_CHECKBOX_NAME: [unit.pk],
        "apply": "1",
        "target": unit.pk,
    }
    response = admin_client.post(url, selection, follow=True)
    assert "合并到它自己" in response.content.decode()
    assert Unit.objects.filter(pk=unit.pk).exists()
