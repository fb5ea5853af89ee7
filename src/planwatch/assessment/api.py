"""考核 in the JSON API: a plan's assessment of a year, the cards as `planwatch assess --format
json` gives them, narrowed to what the caller may read (a unit: its own card before 公布)."""

from __future__ import annotations

from ninja import Query, Router, Schema
from ninja.errors import HttpError

from planwatch.accounts.api_auth import API_AUTH
from planwatch.accounts.permissions import Action, visible_cards
from planwatch.api.common import PLAN_REF, check, find_plan, user_of
from planwatch.api.errors import ERRORS

from .errors import AssessmentError
from .export import document
from .services import find_scheme, for_viewer

router = Router(tags=["考核"], auth=API_AUTH)


class Source(Schema):
    kind: str
    id: int


class Line(Schema):
    points: float
    reason: str
    source: Source | None
    of: float | None = None  # share mode: the line's full points


class Part(Schema):
    name: str
    weight: float | None = None
    score: float
    lines: list[Line]


class Card(Schema):
    unit: str
    total: float
    grade: str
    rank: int
    vetoed: bool
    components: list[Part]
    bonus: Part
    deductions: Part
    vetoes: list[str]
    unit_id: int


class AssessmentOut(Schema):
    plan: str
    year: int
    scheme: str
    as_of: str
    status: str
    version: int | None
    cards: list[Card]


class Which(Schema):
    scheme: str | None = None


@router.get("/plans/{ref}/assessments/{year}", response={200: AssessmentOut, **ERRORS}, summary="年度考核结果")
def assessment(request, ref: PLAN_REF, year: int, which: Query[Which]):
    """公布后为公布的版本；此前办公室看到按当前记录计算的草稿，责任单位在征求意见期间只看到本单位的结果。
    每一分都列出所依据的记录（`source`：类型和编号）。"""
    plan = find_plan(ref)
    try:
        scheme = find_scheme(plan=plan, year=year, name=which.scheme)
    except AssessmentError as exc:
        raise HttpError(404, str(exc)) from exc
    check(request, Action.VIEW, scheme)
    cards, version = for_viewer(scheme, user_of(request))
    return document(scheme, visible_cards(user_of(request), scheme, cards), version)
