"""E-mail for reminders: Django's mail, written to the log when no SMTP server is configured.

Until a deployment configures mail (settings.py sets EMAIL_BACKEND from PLANWATCH_SMTP_*),
Django would try an SMTP server on localhost and fail; a closed network often has none. So while
EMAIL_BACKEND is Django's untouched default, messages go to the `planwatch.mail` logger instead:
nothing is lost, and the office can read in the log what would have been sent. Tests keep their
in-memory outbox (pytest-django sets another backend).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("planwatch.mail")

SMTP_DEFAULT = "django.core.mail.backends.smtp.EmailBackend"
LOG_BACKEND = "planwatch.reporting.mail.LogEmailBackend"


class LogEmailBackend(BaseEmailBackend):
    """Writes each message (recipients, subject, body) to the `planwatch.mail` log."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            logger.info(
                "邮件（未配置 SMTP，仅记录）收件人：%s 主题：%s\n%s",
                ", ".join(message.to),
                message.subject,
                message.body,
            )
        return len(email_messages)


def backend_path() -> str:
    """The backend reminders use: the configured one, or the log while mail is unconfigured."""
    backend = settings.EMAIL_BACKEND
    if backend == SMTP_DEFAULT and not settings.is_overridden("EMAIL_BACKEND"):
        return LOG_BACKEND
    return backend


def send(messages: list[tuple[str, str, list[str]]]) -> int:
    """Send (subject, body, recipients) messages over one connection; returns how many went."""
    if not messages:
        return 0
    connection = get_connection(backend_path(), fail_silently=False)
    mails = [EmailMessage(subject, body, to=to, connection=connection) for subject, body, to in messages]
    return connection.send_messages(mails) or 0
