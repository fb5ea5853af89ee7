"""A refused request is one line in the log (no traceback); a server error keeps its traceback."""

from __future__ import annotations

import logging

from planwatch.logs import ClientErrorsOneLine


def test_a_403_is_logged_as_one_line_through_the_configured_handler(reporter, caplog):
    handler = next(h for h in logging.getLogger("django.request").handlers)
    records = []
    handler_emit = handler.emit
    handler.emit = lambda record: records.append(handler.format(record))
    try:
        assert reporter.client.get("/audit/").status_code == 403
    finally:
        handler.emit = handler_emit
    assert len(records) == 1
    assert records[0].endswith("django.request: Forbidden (Permission denied): /audit/")
    assert "Traceback" not in records[0] and "\n" not in records[0]


def _record(status: int) -> logging.LogRecord:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, "", 0, "x", None, sys.exc_info())
    record.status_code = status
    return record


def test_only_server_errors_keep_their_traceback():
    one_line, server = _record(404), _record(500)
    assert ClientErrorsOneLine().filter(one_line) and ClientErrorsOneLine().filter(server)
    assert one_line.exc_info is None and server.exc_info is not None
