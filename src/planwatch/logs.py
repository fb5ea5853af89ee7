"""Logging: what the site writes to its standard error, for the operator.

Django logs every refused request (403, 404, 409 …) on `django.request` with the exception
attached, so a 403 came out as a full traceback — noise that buries real faults. Requests the
client got wrong are one line each ("Forbidden (Permission denied): /admin/"); only server
errors (5xx) keep their traceback.
"""

from __future__ import annotations

import logging


class ClientErrorsOneLine(logging.Filter):
    """Drop the traceback from records of answers below 500."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info, record.exc_text = None, None
        return True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_one_line": {"()": ClientErrorsOneLine}},
    "formatters": {"line": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["client_errors_one_line"],
        }
    },
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "WARNING", "propagate": False}},
}
