"""Error answers in Chinese: every 400, 403, 404, 409, 413 and 500, and a refused CSRF token, as a page
in the site's layout — or, under /api/, as the API's own JSON ({"detail": "…"}), never Django's
bare English "Bad Request (400)".

Django sends request-parsing failures here too: a form with more fields than
DATA_UPLOAD_MAX_NUMBER_FIELDS (TooManyFieldsSent) and a body beyond DATA_UPLOAD_MAX_MEMORY_SIZE
(RequestDataTooBig) are SuspiciousOperations that reach `bad_request`; the second is answered
413 (Payload Too Large), since the cure — send less — differs from a malformed request's.
The 500 page is rendered without the request: it must not need the database that may have failed.
"""

from __future__ import annotations

import logging

from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

API_PREFIX = "/api/"
logger = logging.getLogger("planwatch.errors")

BAD_REQUEST = "请求无法处理：提交的内容格式不正确。请返回上一页刷新后重试。"
TOO_MANY_FIELDS = "一次提交的内容过多，请分批保存：每一项单独保存，或使用 Excel 模板批量报送。"
TOO_BIG = "提交的内容过大，超出了系统允许的上限。请减少一次提交的内容，或分多次上传。"
FORBIDDEN = "您的账号没有进行此操作的权限。"
NOT_FOUND = "您要找的页面或数据不存在，可能已被删除，或链接有误。"
SERVER_ERROR = "系统出错，请稍后重试"
CSRF_FAILED = "页面已过期或安全校验未通过（可能在别的窗口退出或重新登录过）。请刷新页面后重新提交。"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _chinese(text: str) -> bool:
    """Whether a message is ours (has Chinese in it), not a library's English."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _answer(request, status: int, template: str, detail: str, title: str):
    if is_api(request):
        return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})
    context = {"code": status, "title": title, "detail": detail}
    return render(request, template, context, status=status)


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return _answer(request, 413, "413.html", TOO_BIG, "提交的内容过大")
    detail = TOO_MANY_FIELDS if isinstance(exception, TooManyFieldsSent) else BAD_REQUEST
    if isinstance(exception, BadRequest) and _chinese(str(exception)):
        detail = str(exception)  # ours, e.g. which id in the link is wrong (planwatch/params.py)
    return _answer(request, 400, "400.html", detail, "请求无法处理")


def permission_denied(request, exception=None):
    said = str(exception or "")
    detail = said if _chinese(said) else FORBIDDEN
    return _answer(request, 403, "403.html", detail, "无权访问")


def page_not_found(request, exception=None):
    return _answer(request, 404, "404.html", NOT_FOUND, "页面不存在")


def server_error(request):
    if is_api(request):
        return JsonResponse({"detail": SERVER_ERROR}, status=500, json_dumps_params={"ensure_ascii": False})
    try:
        body = loader.get_template("500.html").render()
    except Exception:  # the page must answer even when templates are what broke
        logger.exception("500.html could not be rendered")
        body = f"<!DOCTYPE html><meta charset='utf-8'><h1>{SERVER_ERROR}</h1>"
    return HttpResponse(body, status=500)


def conflict(request, detail: str):
    """409: the request lost to a concurrent one (web/races.py); nothing of it was saved."""
    return _answer(request, 409, "409.html", detail, "未保存")


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: Django's reason is English and technical; it goes to the log only."""
    logger.info("CSRF refused %s %s: %s", request.method, request.path, reason)
    return _answer(request, 403, "csrf.html", CSRF_FAILED, "页面已过期")
