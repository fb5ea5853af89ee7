r"""Logging: what the site writes to its standard error, for the operator.

Django logs every refused request (403, 404, 409 …) on `django.request` with the exception
attached, so a 403 came out as a full traceback — noise that buries real faults. Requests the
client got wrong are one line each ("Forbidden (Permission denied): /admin/"); only server
errors (5xx) keep their traceback.

Django also escapes every argument of those lines with Python's `unicode_escape`, so that a
path cannot forge log lines — which turns every Chinese character into `\uXXXX` and makes the
log unreadable for the people who run the site. `ReadableText` puts back the printable
characters only: line breaks, escape sequences and other control characters stay escaped.
"""

from __future__ import annotations

import logging
import re

# One escape of `unicode_escape`'s output, an escaped backslash first so `\\u4e2d` (a typed
# backslash followed by "u4e2d") is not read as an escape.
_ESCAPE = re.compile(r"\\\\|\\x([0-9a-f]{2})|\\u([0-9a-f]{4})|\\U([0-9a-f]{8})")


def readable(text: str) -> str:
    """`text` as escaped by `unicode_escape`, with printable non-ASCII characters restored."""

    def restore(match: re.Match) -> str:
        code = next((g for g in match.groups() if g), None)
        if code is None:
            return match.group(0)
        char = chr(int(code, 16))
        return char if char.isprintable() and not char.isascii() else match.group(0)

    return _ESCAPE.sub(restore, text)


class ReadableText(logging.Filter):
    """Restore the Chinese in the arguments Django escaped (see the module docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(readable(a) if isinstance(a, str) else a for a in record.args)
        return True


class ClientErrorsOneLine(logging.Filter):
    """Drop the traceback from records of answers below 500."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info, record.exc_text = None, None
        return True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_errors_one_line": {"()": ClientErrorsOneLine},
        "readable_text": {"()": ReadableText},
    },
    "formatters": {"line": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["client_errors_one_line", "readable_text"],
        }
    },
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "WARNING", "propagate": False}},
}
