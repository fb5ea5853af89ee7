"""What the routers share: who is asking, the one permission check, lookups that answer 404,
pagination, and 422 errors in the same shape as request validation.

Both authenticators (accounts.api_auth.API_AUTH) return the user, so `request.auth` is the user
whether the request came with a bearer token or a session; `require` raises PermissionDenied,
which errors.py turns into 403.
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Path, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination

from planwatch.accounts.permissions import Action, require
from planwatch.params import MAX_ID
from planwatch.plans.errors import StoreError
from planwatch.plans.models import Plan
from planwatch.plans.services import get_plan
from planwatch.units.models import Unit
from planwatch.units.services import get_unit

PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000

# Path parameters, described once for the OpenAPI page.
PLAN_REF = Annotated[str, Path(description="计划代号（如 shizhong-2023）或编号")]
UNIT_REF = Annotated[str, Path(description="责任单位编号或名称（含简称、别名）")]
INDICATOR_ID = Annotated[int, Path(description="指标编号", ge=1, le=MAX_ID)]
ARTICLE_ID = Annotated[int, Path(description="条目编号", ge=1, le=MAX_ID)]


def user_of(request):
    """The authenticated user (token or session): set by the authenticator as `request.auth`."""
    return getattr(request, "auth", None) or request.user


def check(request, action: str | Action, obj=None) -> None:
    """The one permission question for API endpoints (403 when refused)."""
    require(user_of(request), action, obj)


def not_found(message: str) -> HttpError:
    return HttpError(404, message)


def get_or_404(queryset, message: str, **lookup):
    """The one row matching `lookup`, or a 404 with a Chinese message."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise not_found(message)
    return obj


def invalid(message: str, *loc: str | int) -> ValidationError:
    """A 422 shaped like request validation errors: {"detail": [{"loc", "msg", "type"}]}."""
    return ValidationError([{"type": "invalid", "loc": list(loc), "msg": message}])


def find_plan(ref: str | int) -> Plan:
    """A plan by its name (代号) or its id; 404 otherwise."""
    try:
        return get_plan(ref)
    except StoreError as exc:
        raise not_found(str(exc)) from exc


def plan_or_only(ref: str | int | None) -> Plan:
    """The plan named by `ref`; without one, the only plan stored (422 when there are several)."""
    if ref not in (None, ""):
        return find_plan(ref)
    plans = list(Plan.objects.order_by("name")[:2])
    if len(plans) == 1:
        return plans[0]
    if not plans:
        raise not_found("还没有行动计划，请先导入计划")
    raise invalid("数据库中有多个计划，请用 ?plan= 指定计划代号或编号", "query", "plan")


def find_unit(ref: str | int) -> Unit:
    """A unit by any of its names (aliases included) or its id; 404 otherwise."""
    try:
        return get_unit(str(ref))
    except StoreError as exc:
        raise not_found(str(exc)) from exc


class Pagination(LimitOffsetPagination):
    """limit/offset paging: {"items": [...], "count": total}."""

    class Input(Schema):
        limit: int = Field(
            PAGE_SIZE,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"每页条数（默认 {PAGE_SIZE}，最多 {MAX_PAGE_SIZE}）",
        )
        offset: int = Field(0, ge=0, le=MAX_ID, description="跳过前面多少条（从 0 开始）")

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="符合条件的总条数（不受分页影响）")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE_SIZE, **kwargs)
