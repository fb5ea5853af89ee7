"""The admin follows the roles: office administers, auditors read the audit log, others stay out;
users are managed there with their role, and a password set there must be changed."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from planwatch.accounts.models import Profile
from planwatch.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "Kx7#planwatch"
PLANS = reverse("admin:plans_plan_changelist")
AUDIT = reverse("admin:audit_auditevent_changelist")
USERS = reverse("admin:auth_user_changelist")


def test_office_administers_without_being_staff_or_superuser(office):
    assert not office.user.is_staff and not office.user.is_superuser
    for url in ("/admin/", PLANS, AUDIT, USERS):
        assert office.client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["leader", "reporter", "anonymous"])
def test_other_roles_are_sent_to_the_admin_login(request, role):
    client = request.getfixturevalue(role).client
    for url in ("/admin/", PLANS, AUDIT):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response.url


def test_office_and_auditors_log_in_through_the_admin_login_page(reporter_unit):
    from planwatch.accounts import services

    for name, role in (("boss", "office"), ("checker", "auditor"), ("chief", "leader")):
        services.create_user(
            actor="test", username=name, role=role, password=PASSWORD, must_change_password=False
        )
    for name, admitted in (("boss", True), ("checker", True), ("chief", False)):
        client = Client()
        response = client.post(
            reverse("admin:login"), {"username": name, "password": PASSWORD, "next": "/admin/"}
        )
        assert (response.status_code == 302) is admitted, name
        if not admitted:
            assert "不能进入后台管理" in response.content.decode()


def test_auditors_read_the_audit_log_and_nothing_else(auditor):
    assert auditor.client.get(AUDIT).status_code == 200
    assert auditor.client.get(PLANS).status_code == 403
    assert "审计" in auditor.client.get("/admin/").content.decode()


def test_office_adds_a_reporter_with_role_and_unit(office, reporter_unit):
    data = {
        "username": "sunqi",
        "password1": "Kx7#planwatch",
        "password2": "Kx7#planwatch",
        "usable_password": "true",
        "profile-TOTAL_FORMS": "1",
        "profile-INITIAL_FORMS": "0",
        "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1",
        "profile-0-role": "reporter",
        "profile-0-unit": str(reporter_unit.pk),
    }
    response = office.client.post(reverse("admin:auth_user_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    user = get_user_model().objects.get(username="sunqi")
    assert user.profile.role == "reporter" and user.profile.unit == reporter_unit
    created = AuditEvent.objects.filter(action="create", actor=office.user)
    assert {e.object_type for e in created} == {"auth.user", "accounts.profile"}
    assert all("password" not in (e.after or {}) for e in created)


def test_a_reporter_without_a_unit_is_refused(office):
    data = {
        "username": "noone",
        "password1": "Kx7#planwatch",
        "password2": "Kx7#planwatch",
        "usable_password": "true",
        "profile-TOTAL_FORMS": "1",
        "profile-INITIAL_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1",
        "profile-0-role": "reporter",
    }
    response = office.client.post(reverse("admin:auth_user_add"), data)
    assert response.status_code == 200 and "填报员必须指定所属责任单位" in response.content.decode()
    assert not get_user_model().objects.filter(username="noone").exists()


def test_a_password_set_by_the_office_must_be_changed(office, leader):
    url = reverse("admin:auth_user_password_change", args=[leader.user.pk])
    data = {"password1": "Nq4$Zhibiao!", "password2": "Nq4$Zhibiao!", "usable_password": "true"}
    response = office.client.post(url, data)
    assert response.status_code == 302
    assert Profile.objects.get(user=leader.user).must_change_password
    assert AuditEvent.objects.filter(
        action="password_set", object_id=str(leader.user.pk), actor=office.user
    ).exists()


def test_unlock_action(office, leader):
    Profile.objects.filter(user=leader.user).update(failed_logins=3, locked_until="2999-01-01T00:00:00Z")
    data = {"action": "unlock_users", "_selected_action": [leader.user.pk]}
    assert office.client.post(USERS, data).status_code == 302
    assert Profile.objects.get(user=leader.user).locked_until is None
    assert AuditEvent.objects.filter(action="unlock").count() == 1


def test_account_and_audit_pages_load(office, leader):
    from planwatch.accounts import services

    token, _ = services.issue_token(actor=office.user, user=leader.user)
    event = AuditEvent.objects.first()
    pages = [
        USERS,
        f"{USERS}?profile__role__exact=leader",
        reverse("admin:auth_user_change", args=[leader.user.pk]),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_user_password_change", args=[leader.user.pk]),
        reverse("admin:accounts_apitoken_changelist"),
        reverse("admin:accounts_apitoken_change", args=[token.pk]),
        AUDIT,
        reverse("admin:audit_auditevent_change", args=[event.pk]),
    ]
    for url in pages:
        assert office.client.get(url).status_code == 200, url


def test_revoking_a_token_in_the_admin(office, leader):
    from planwatch.accounts import services

    token, _ = services.issue_token(actor=office.user, user=leader.user)
    url = reverse("admin:accounts_apitoken_changelist")
    assert (
        office.client.post(url, {"action": "revoke_tokens", "_selected_action": [token.pk]}).status_code
        == 302
    )
    token.refresh_from_db()
    assert token.revoked and AuditEvent.objects.filter(action="token_revoke").exists()
