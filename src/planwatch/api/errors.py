"""Error answers in Chinese, in django-ninja's shape: {"detail": "…"} for 401/403/404/409, and
{"detail": [{"loc", "msg", "type"}, …]} for 422 (request validation and refused data alike)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, OperationalError
from django.http import Http404
from ninja import Field, Schema
from ninja.errors import HttpError, ValidationError

from planwatch.busy import busy_response, is_busy
from planwatch.plans.errors import StoreError
from planwatch.web.races import RACE
from planwatch.workflow import Conflict

UNAUTHORIZED = "未登录或 API 令牌无效：请先登录，或在请求头中提供 Authorization: Bearer <令牌>"
CSRF_FAILED = (
    "CSRF 校验失败：以登录会话调用修改数据的接口时，须在 X-CSRFToken 请求头中提供页面的 CSRF 令牌"
    "（脚本请改用 API 令牌）"
)
FORBIDDEN = "无权进行此操作"
NOT_FOUND = "未找到"

# ninja's own English messages → ours.
_HTTP_MESSAGES = {
    "Unauthorized": UNAUTHORIZED,
    "Forbidden": FORBIDDEN,
    "Too many requests.": "请求过于频繁，请稍后再试",
}

FIELD_LABELS = {
    "indicator": "指标",
    "period": "期间",
    "value": "数值",
    "unit": "单位",
    "source": "来源",
    "note": "备注",
    "reason": "修改原因",
    "limit": "每页条数",
    "offset": "偏移量",
    "as_of": "评估日期",
    "plan": "计划",
    "chapter": "章",
    "article": "条目",
    "q": "搜索词",
    "with_revisions": "是否含修订历史",
    "indicator_id": "指标编号",
    "observation_id": "数据编号",
    "article_id": "条目编号",
}

_NUMBER = "须为数值"
_DATE = "日期格式应为 YYYY-MM-DD"
_MESSAGES = {
    "missing": "必须填写",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "int_from_float": "须为整数",
    "decimal_parsing": _NUMBER,
    "decimal_type": _NUMBER,
    "decimal_max_digits": "数字位数过多",
    "decimal_max_places": "小数位数过多",
    "float_parsing": _NUMBER,
    "float_type": _NUMBER,
    "finite_number": "须为有限的数值",
    "string_type": "须为文本",
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "date_type": _DATE,
    "bool_parsing": "须为 true/false 或 1/0",
    "bool_type": "须为 true/false 或 1/0",
    "json_invalid": "请求体不是有效的 JSON",
    "model_attributes_type": "须为 JSON 对象",
    "dict_type": "须为 JSON 对象",
    "model_type": "须为 JSON 对象",
    "list_type": "须为列表",
    "extra_forbidden": "不允许的字段",
}


class Error(Schema):
    detail: str = Field(description="错误说明（中文）")


class ErrorItem(Schema):
    loc: list[str | int] = Field(description='出错的位置，如 ["body", "data", "period"]')
    msg: str = Field(description="错误说明（中文）")
    type: str


class Invalid(Schema):
    detail: list[ErrorItem]


# Documented answers besides success (ninja adds them to the OpenAPI description).
ERRORS = {401: Error, 403: Error, 404: Error, 422: Invalid}
WRITE_ERRORS = {**ERRORS, 409: Error, 503: Error}


def _bounded(kind: str, ctx: dict) -> str | None:
    if kind == "string_too_short":
        return "不能为空" if ctx.get("min_length") == 1 else f"至少 {ctx.get('min_length')} 个字符"
    if kind == "string_too_long":
        return f"最多 {ctx.get('max_length')} 个字符"
    if kind == "greater_than_equal":
        return f"不能小于 {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"不能大于 {ctx.get('le')}"
    if kind == "greater_than":
        return f"须大于 {ctx.get('gt')}"
    if kind == "less_than":
        return f"须小于 {ctx.get('lt')}"
    return None


def chinese_error(error: dict) -> dict:
    """One validation error with a Chinese `msg` naming the field; ours (type "invalid") kept."""
    kind, loc = error.get("type", ""), list(error.get("loc", []))
    if kind == "invalid":
        return {"type": kind, "loc": loc, "msg": error.get("msg", "")}
    text = _MESSAGES.get(kind) or _bounded(kind, error.get("ctx") or {}) or "取值无效"
    named = [
        p
        for p in loc
        if isinstance(p, str) and p not in ("body", "query", "path", "data", "params", "filters")
    ]
    field = named[-1] if named else ""
    label = FIELD_LABELS.get(field, field)
    return {"type": kind, "loc": loc, "msg": f"{label}：{text}" if label else text}


def _database_error(request, exc: OperationalError):
    """A busy database is 503 with Retry-After (planwatch.busy); any other error stays a 500."""
    if is_busy(exc):
        return busy_response(request)
    raise exc


def install(api) -> None:
    """Register the handlers on the NinjaAPI instance."""

    def respond(request, status: int, detail):
        return api.create_response(request, {"detail": detail}, status=status)

    def http_error(request, exc: HttpError):
        if exc.message == "CSRF check Failed":
            if not request.user.is_authenticated:  # no session: the real problem is logging in
                return respond(request, 401, UNAUTHORIZED)
            return respond(request, 403, CSRF_FAILED)
        return respond(request, exc.status_code, _HTTP_MESSAGES.get(exc.message, exc.message))

    def validation_error(request, exc: ValidationError):
        return respond(request, 422, [chinese_error(e) for e in exc.errors])

    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(ValidationError, validation_error)
    api.add_exception_handler(
        PermissionDenied, lambda request, exc: respond(request, 403, str(exc) or FORBIDDEN)
    )
    api.add_exception_handler(Http404, lambda request, exc: respond(request, 404, NOT_FOUND))
    # A workflow step refused because the row is not (or no longer) in its from-state: 409.
    api.add_exception_handler(Conflict, lambda request, exc: respond(request, 409, str(exc)))
    api.add_exception_handler(OperationalError, _database_error)
    # The last guard: an equal row stored by a concurrent request a moment earlier (a unique
    # constraint) is the same kind of answer, never a 500; the transaction was rolled back.
    api.add_exception_handler(IntegrityError, lambda request, exc: respond(request, 409, RACE))
    api.add_exception_handler(
        StoreError,
        lambda request, exc: respond(request, 422, [{"type": "invalid", "loc": [], "msg": str(exc)}]),
    )
