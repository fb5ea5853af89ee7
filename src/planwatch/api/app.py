"""The NinjaAPI instance mounted at /api/v1/ (planwatch/urls.py).

Every endpoint needs a user: a bearer token (`planwatch users token NAME`) or the browser
session, whose data-changing requests also need the CSRF token (ninja's SessionAuth checks it).
Routers are one module per area; a new area (submissions, issue 6) is a module with a `router`
added to ROUTERS.
"""

from __future__ import annotations

from ninja import NinjaAPI

from planwatch.accounts.api_auth import API_AUTH
from planwatch.assessment.api import router as assessment_router
from planwatch.index.api import router as index_router
from planwatch.problems.api import router as problems_router
from planwatch.projects.api import router as projects_router
from planwatch.reporting.api import router as reporting_router
from planwatch.reports.api import router as reports_router
from planwatch.supervision.api import router as supervision_router
from planwatch.tasks.api import router as tasks_router

from . import errors, evaluation, indicators, observations, plans, units
from .docs import LocalSwagger

DESCRIPTION = """
planwatch 的 JSON 接口：行动计划、条目、责任单位、指标、指标数据和进展评估。

**认证**：每个接口都需要登录。脚本使用 API 令牌（由办公室用 `planwatch users token 用户名` 签发），
在请求头中提供 `Authorization: Bearer <令牌>`；浏览器中已登录的会话也可直接调用，
但修改数据的请求（POST、PATCH）须带 `X-CSRFToken` 请求头（本页面会自动带上）。

**权限**：与网页相同。责任单位填报员只能看到本单位牵头或配合的条目及其指标，
打开其他单位的指标返回 403；区领导和审计员只读；录入和修改数据仅限领导小组办公室。

**分页**：列表接口用 `limit`（默认 100，最多 1000）和 `offset`，返回 `{"items": [...], "count": 总数}`。

**错误**：`{"detail": "说明"}`；数据校验错误（422）为 `{"detail": [{"loc": [...], "msg": "说明", "type": "..."}]}`。
"""

ROUTERS = (
    plans.router,
    units.router,
    indicators.router,
    observations.router,
    evaluation.router,
    reporting_router,
    tasks_router,
    reports_router,
    index_router,
    supervision_router,
    projects_router,
    problems_router,
    assessment_router,
)

api = NinjaAPI(
    title="行动计划监测数据接口",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=API_AUTH,
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
for router in ROUTERS:
    api.add_router("/", router)
