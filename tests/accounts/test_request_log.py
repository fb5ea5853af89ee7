"""A refused request is one line in the log (no traceback); a server error keeps its traceback."""

from __future__ import annotations

import logging

from planwatch.logs import ClientErrorsOneLine, ReadableText


def _logged(request) -> list[str]:
    """The lines the configured handler of django.request writes while ``request()`` runs."""
    handler = next(h for h in logging.getLogger("django.request").handlers)
    records = []
    handler_emit = handler.emit
    handler.emit = lambda record: records.append(handler.format(record))
    try:
        request()
    finally:
        handler.emit = handler_emit
    return records


def test_a_403_is_logged_as_one_line_through_the_configured_handler(reporter, caplog):
    records = _logged(lambda: reporter.client.get("/audit/"))
    assert len(records) == 1
    assert records[0].endswith("django.request: Forbidden (Permission denied): /audit/")
    assert "Traceback" not in records[0] and "\n" not in records[0]


def test_chinese_in_a_logged_path_is_written_as_chinese_and_a_line_break_stays_escaped(reporter):
    """Django escapes the path with unicode_escape (no forged lines); planwatch.logs.ReadableText
    gives the Chinese back and nothing else."""
    records = _logged(lambda: reporter.client.get("/计划/不存在%0A伪造的一行/"))
    assert len(records) == 1
    assert records[0].endswith("django.request: Not Found: /计划/不存在\\n伪造的一行/")
    assert "\\u" not in records[0] and "\n" not in records[0]


def test_a_refused_page_write_is_one_readable_line():
    line = "Conflict: /单位/\\x1b[31m"
    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "%s", (
        "Conflict: /\\u5355\\u4f4d/\\x1b[31m",), None)  # fmt: skip
    assert ReadableText().filter(record)
    assert record.getMessage() == line


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
