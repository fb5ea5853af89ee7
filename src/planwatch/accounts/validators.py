"""Password complexity as 等保 2.0 (GB/T 22239) asks: several character classes, not just length.

Common passwords and similarity to the user's name are Django's own validators
(settings.AUTH_PASSWORD_VALIDATORS); this module adds the class rule, and Django's length rule
with a Chinese message (Django 5.2 changed that message and its zh-hans catalogue lags behind).
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

CLASS_NAMES = ("大写字母", "小写字母", "数字", "符号")


def character_classes(password: str) -> int:
    """How many of upper case, lower case, digits and symbols (anything else) occur."""
    found = [False] * 4
    for char in password:
        if char.isupper():
            found[0] = True
        elif char.islower():
            found[1] = True
        elif char.isdigit():
            found[2] = True
        else:
            found[3] = True
    return sum(found)


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return f"密码须至少包含{'、'.join(CLASS_NAMES)}中的 {self.min_classes} 类。"


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self) -> str:
        return f"密码至少需要 {self.min_length} 个字符。"


class NameInPasswordValidator:
    """The user name must not appear in the password (forwards or backwards, any case): Django's
    similarity rule compares whole strings, so "reporter2025!Ab" passes it for user "reporter"."""

    MIN_NAME = 3  # shorter names occur in passwords by chance

    def validate(self, password: str, user=None) -> None:
        name = (user.get_username() if user is not None else "").casefold()
        if len(name) >= self.MIN_NAME and (name in password.casefold() or name[::-1] in password.casefold()):
            raise ValidationError(self.get_help_text(), code="password_contains_username")

    def get_help_text(self) -> str:
        return "密码不能包含用户名。"
