"""Edits through the admin are audited in the same transaction as the edit itself."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib import admin
from django.contrib.admin.options import ModelAdmin
from django.urls import reverse

from planwatch.audit.models import AuditEvent
from planwatch.plans.models import Article
from planwatch.units.models import Unit

pytestmark = pytest.mark.django_db


def form_data(response) -> dict:
    """The POST data a browser would send back for an admin change form, inlines included."""
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


def edit_target(client, target, value):
    url = reverse("admin:indicators_target_change", args=[target.pk])
    data = form_data(client.get(url))
    data["value"] = value
    return client.post(url, data)


def test_an_admin_edit_records_before_and_after(office, small_plan):
    target = small_plan.own.target
    assert edit_target(office.client, target, "150").status_code == 302
    event = AuditEvent.objects.get(action="update", object_type="indicators.target")
    assert (event.before, event.after) == ({"value": 100.0}, {"value": 150.0})
    assert event.actor == office.user and event.object_id == str(target.pk)
    assert event.ip == "127.0.0.1"


def test_the_edit_and_its_event_roll_back_together(office, small_plan):
    target = small_plan.own.target
    with (
        mock.patch.object(ModelAdmin, "log_change", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        edit_target(office.client, target, "150")
    target.refresh_from_db()
    assert target.value == 100
    assert not AuditEvent.objects.filter(object_type="indicators.target").exists()


def test_saving_without_a_change_records_nothing(office, small_plan):
    assert edit_target(office.client, small_plan.own.target, "100").status_code == 302
    assert not AuditEvent.objects.filter(object_type="indicators.target").exists()


def test_a_delete_records_the_row_and_what_went_with_it(office, small_plan):
    article = small_plan.other.article
    url = reverse("admin:plans_article_delete", args=[article.pk])
    assert office.client.post(url, {"post": "yes"}).status_code == 302
    event = AuditEvent.objects.get(action="delete")
    assert event.object_id == str(article.pk) and event.before["title"] == "条目3"
    assert event.before["_deleted_with"]["indicators.Target"] == 1
    assert not Article.objects.filter(pk=article.pk).exists()


def test_inline_edits_are_recorded_per_row(office, small_plan):
    article = small_plan.own.article
    url = reverse("admin:plans_article_change", args=[article.pk])
    data = form_data(office.client.get(url))
    data["milestones-0-year"] = "2024"
    assert office.client.post(url, data).status_code == 302
    event = AuditEvent.objects.get(object_type="plans.milestone")
    assert (event.action, event.before, event.after) == ("update", {"year": 2025}, {"year": 2024})


def test_a_merge_in_the_admin_is_recorded_and_moves_reporters(office, reporter, reporter_unit, other_unit):
    url = reverse("admin:units_unit_changelist")
    selection = {"action": "merge_into", admin.helpers.ACTION_CHECKBOX_NAME: [reporter_unit.pk]}
    response = office.client.post(url, {**selection, "apply": "1", "target": other_unit.pk})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="merge")
    assert event.object_id == str(other_unit.pk) and event.actor == office.user
    assert event.before["source"]["name"] == "区发展改革局" and event.after["reporters_moved"] == 1
    reporter.user.profile.refresh_from_db()
    assert reporter.user.profile.unit == other_unit
    assert not Unit.objects.filter(pk=reporter_unit.pk).exists()


def test_merge_command_is_recorded(reporter_unit, other_unit):
    from django.core.management import call_command

    call_command("merge_units", reporter_unit.name, other_unit.name, stdout=None)
    event = AuditEvent.objects.get(action="merge")
    assert event.actor is None and event.actor_name.startswith("命令行")


def test_office_cannot_change_or_delete_events_in_the_admin(office, small_plan):
    edit_target(office.client, small_plan.own.target, "150")
    event = AuditEvent.objects.get(object_type="indicators.target")
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    response = office.client.get(change)
    assert response.status_code == 200 and "修改前" in response.content.decode()
    assert office.client.post(change, {"reason": "x"}).status_code == 403
    assert office.client.post(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403
    assert office.client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    listing = office.client.get(reverse("admin:audit_auditevent_changelist"), {"action": "update"})
    assert listing.context["cl"].result_count == 1
