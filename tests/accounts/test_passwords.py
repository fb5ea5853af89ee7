"""Password rules (等保 2.0), argon2 hashing, and the password change page (forced when set by others)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from planwatch.accounts import services
from planwatch.accounts.models import Profile
from planwatch.accounts.validators import CharacterClassValidator, character_classes
from planwatch.audit.models import AuditEvent

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
CHANGE = reverse("accounts:password_change")


@pytest.mark.parametrize(
    ("password", "classes"),
    [("abcdefghij", 1), ("abcdefghi1", 2), ("Abcdefghi1", 3), ("Abcdefgh1!", 4), ("规划Abcdefgh", 3)],
)
def test_character_classes(password, classes):
    assert character_classes(password) == classes


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!xyz", "至少需要 10 个字符"),  # too short
        ("abcdefgh1234", "中的 3 类"),  # lower case and digits only
        ("Password123", "太常见"),  # common, although 3 classes and 11 long
        ("Wangwei-2024", "太相似"),  # close to the user name
    ],
)
def test_weak_passwords_are_refused_in_chinese(password, message):
    user = get_user_model()(username="wangwei2024")
    with pytest.raises(ValidationError) as exc:
        validate_password(password, user)
    assert any(message in m for m in exc.value.messages), exc.value.messages


@pytest.mark.parametrize("password", ["reporter2025!Ab", "Xy#9REPORTERq", "retroper#2025A"])
def test_a_password_containing_the_user_name_is_refused(password):
    with pytest.raises(ValidationError) as exc:
        validate_password(password, get_user_model()(username="reporter"))
    assert "密码不能包含用户名。" in exc.value.messages


def test_a_good_password_passes():
    validate_password("Kx7#planwatch", get_user_model()(username="zhang"))


def test_the_class_count_is_configurable():
    CharacterClassValidator(min_classes=4).validate("Abcdefgh1!")
    with pytest.raises(ValidationError):
        CharacterClassValidator(min_classes=4).validate("Abcdefghi1")


def test_minimum_length_comes_from_the_setting(settings):
    assert any(
        v.get("OPTIONS", {}).get("min_length") == settings.PASSWORD_MIN_LENGTH == 10
        for v in settings.AUTH_PASSWORD_VALIDATORS
    )


def test_passwords_are_hashed_with_argon2(alice):
    assert alice.password.startswith("argon2$")


def new_user_client(unit) -> tuple[Client, object]:
    user = services.create_user(
        actor="test", username="newbie", role="reporter", unit=unit, password=PASSWORD
    )
    client = Client()
    assert (
        client.post(reverse("accounts:login"), {"username": "newbie", "password": PASSWORD}).status_code
        == 302
    )
    return client, user


def test_a_new_account_must_change_its_password_first(reporter_unit):
    client, user = new_user_client(reporter_unit)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url == CHANGE
    assert "请先修改密码" in client.get(CHANGE).content.decode()
    data = {"old_password": PASSWORD, "new_password1": "Nq4$Zhibiao!", "new_password2": "Nq4$Zhibiao!"}
    assert client.post(CHANGE, data).status_code == 302
    assert not Profile.objects.get(user=user).must_change_password
    assert client.get("/admin/").status_code != 302 or client.get("/admin/").url != CHANGE
    assert AuditEvent.objects.filter(action="password_change", actor=user).count() == 1
    user.refresh_from_db()
    assert user.check_password("Nq4$Zhibiao!")


def test_password_change_refuses_weak_and_unchanged_passwords(reporter_unit):
    client, user = new_user_client(reporter_unit)
    weak = {"old_password": PASSWORD, "new_password1": "abcdefgh1234", "new_password2": "abcdefgh1234"}
    assert "中的 3 类" in client.post(CHANGE, weak).content.decode()
    same = {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}
    assert "不能与原密码相同" in client.post(CHANGE, same).content.decode()
    assert Profile.objects.get(user=user).must_change_password
    assert not AuditEvent.objects.filter(action="password_change").exists()


def test_the_api_answers_403_until_the_password_is_changed(reporter_unit):
    client, _ = new_user_client(reporter_unit)
    response = client.get("/api/v1/plans")
    assert response.status_code in (403, 404)
