"""The one permission question: `allowed(user, action, obj=None) -> bool`.

Views, the API, templates (`{% load permissions %}`) and the admin all ask here, so what a role
may do is written once. Roles grant actions (GRANTS); a reporter's grants are then narrowed to
the articles its unit is named on (lead or co-operating) and to whatever hangs off them.

Object rules for reporters:
  - Plan, Chapter, Section: may be viewed (lists inside are filtered: `visible_articles`);
  - Article: its unit is linked to it (units.ArticleUnit);
  - anything with an `article` (Indicator, Milestone, Task, ArticleUnit) or an `indicator`
    (Target, later observations): through that article;
  - reporting items (rules, submissions, article reports, evidence): only its own unit's, by
    their `unit_id`. They belong to the unit that reports them, not to the article: a
    co-operating unit must not see the lead unit's figures, and 区统计局 reports the 发展目标
    figures although the plan names no unit there; generated reports (reports app) likewise:
    a unit's own report only, never a plan-wide one;
  - a task (tasks.Task) is viewed through its article, but reported on only by its lead unit;
    task reports and their evidence belong to the unit that reports them (`unit_id`); a policy
    measure likewise: viewed through its article, its delivery reported by its issuing unit;
  - a key project (重点项目) belongs to its responsible unit (`unit_id`), like its monthly reports
    and their photos: a unit sees and reports only its own projects;
  - a supervision item (督办): viewed by its lead and co-operating units, acted on (签收, 办理,
    申请办结, 延期) by its lead unit; an accountability measure (问责): read by the unit it is
    about only;
  - a problem (问题): viewed and acted on by the unit that raised it and its coordinating units,
    viewed also by the units of the article it blocks (which step each may take: problems.services);
  - an assessment (考核方案): a draft is the office's only; in 征求意见 a unit reads its own card
    (`visible_cards`), leaders and auditors wait for 公布; after 公布 everyone reads it, a unit
    every unit's card only when the scheme publishes the ranking; an appeal belongs to its unit;
  - Unit: only its own; anything else: no.
The composite index (`view_index`) is for the office, leaders and auditors: it weighs every
unit's indicators together, which a reporter otherwise never sees. Audit events need
`view_audit`; users, profiles and tokens need `admin` (one's own user may be viewed). Anonymous and inactive users, and users without a role, may do nothing.
"""

from __future__ import annotations

import enum

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet

from planwatch.indicators.models import Indicator
from planwatch.plans.models import Article
from planwatch.units.models import ArticleUnit, Unit

from .models import Role

__all__ = [
    "Action",
    "GRANTS",
    "Role",
    "allowed",
    "require",
    "role_of",
    "unit_of",
    "visible_articles",
    "visible_cards",
    "visible_indicators",
    "visible_reporting",
    "visible_units",
]


class Action(enum.StrEnum):
    VIEW = "view"  # plans, articles, indicators, units, dashboards
    VIEW_AUDIT = "view_audit"  # the audit log
    VIEW_INDEX = "view_index"  # 统计评价体系: the composite index names every unit's indicators
    CHANGE = "change"  # edit plan data and observations
    REPORT = "report"  # enter data for an indicator or article
    REVIEW = "review"  # review submissions
    RAISE = "raise"  # raise a problem (问题): units, the office and leaders, never auditors
    ADMIN = "admin"  # users, tokens, the admin site


GRANTS: dict[Role, frozenset[Action]] = {
    Role.OFFICE: frozenset(Action),
    Role.REPORTER: frozenset({Action.VIEW, Action.REPORT, Action.RAISE}),
    Role.LEADER: frozenset({Action.VIEW, Action.VIEW_INDEX, Action.RAISE}),
    Role.AUDITOR: frozenset({Action.VIEW, Action.VIEW_AUDIT, Action.VIEW_INDEX}),
}

_PLAN_LEVEL = frozenset({"plans.plan", "plans.chapter", "plans.section"})
_ACCOUNT_OBJECTS = frozenset({"auth.user", "accounts.profile", "accounts.apitoken"})
_UNIT_OWNED_APPS = frozenset({"reporting", "reports"})  # rows of the unit that reports them (or a unit's report)
_UNIT_OWNED_MODELS = frozenset({"tasks.taskreport", "tasks.taskevidence", "tasks.policydelivery",
                                "projects.project", "projects.projectreport", "projects.projectphoto",
                                "assessment.appeal"})  # fmt: skip


def role_of(user) -> Role | None:
    """The user's role; superusers are office; None for anonymous, inactive or unassigned."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Role.OFFICE
    profile = _profile(user)
    if profile is None or not profile.role:
        return None
    if profile.role == Role.REPORTER and profile.unit_id is None:
        return None  # the database refuses this; never widen access if it happens anyway
    return Role(profile.role)


def unit_of(user) -> int | None:
    """The id of a reporter's unit (None for every other role)."""
    if role_of(user) is not Role.REPORTER:
        return None
    return _profile(user).unit_id


def _profile(user):
    try:
        return user.profile
    except (ObjectDoesNotExist, AttributeError):
        return None


def allowed(user, action: str | Action, obj: Model | None = None) -> bool:
    """May `user` do `action` (on `obj`)? Unknown actions raise ValueError: a typo must not
    silently deny (or allow) anything."""
    action = Action(action)
    role = role_of(user)
    if role is None or action not in GRANTS[role]:
        return False
    if obj is None:
        return True
    label = obj._meta.label_lower
    if label == "audit.auditevent":
        return Action.VIEW_AUDIT in GRANTS[role] and action in (Action.VIEW, Action.VIEW_AUDIT)
    if label in _ACCOUNT_OBJECTS:
        return Action.ADMIN in GRANTS[role] or (action is Action.VIEW and _owner_id(obj) == user.pk)
    if label == "assessment.scheme":
        return _scheme_may(role, action, obj)
    if role is not Role.REPORTER:
        return True
    return _reporter_may(user, action, obj, label)


def _scheme_may(role: Role, action: Action, scheme) -> bool:
    """考核: the office does everything; a unit reads from 征求意见 on, everyone else from 公布."""
    if role is Role.OFFICE:
        return True
    if action is not Action.VIEW:
        return False
    return scheme.state == "published" or (role is Role.REPORTER and scheme.state == "consulting")


def _owner_id(obj) -> int | None:
    return obj.pk if obj._meta.label_lower == "auth.user" else obj.user_id


def _reporter_may(user, action: Action, obj: Model, label: str) -> bool:
    if label in _PLAN_LEVEL:
        return action is Action.VIEW
    if label == "units.unit":
        return obj.pk == unit_of(user)
    if label == "supervision.supervisionitem":  # 督办: its lead unit acts; co-operating units read
        mine = unit_of(user)
        return mine == obj.lead_unit_id if action is Action.REPORT else mine in obj.unit_ids()
    if label == "supervision.accountabilitymeasure":  # 问责: a unit reads the measures about itself
        return action is Action.VIEW and obj.unit_id == unit_of(user)
    if label == "problems.problem":  # 问题: its raising and coordinating units act; its article's units read
        mine = unit_of(user)
        return mine in obj.unit_ids() or (action is Action.VIEW and obj.article_id in _unit_article_ids(user))
    if label == "tasks.task" and action is Action.REPORT:
        return obj.lead_unit_id is not None and obj.lead_unit_id == unit_of(user)
    if label == "tasks.policymeasure" and action is Action.REPORT:
        return obj.issuing_unit_id is not None and obj.issuing_unit_id == unit_of(user)
    if obj._meta.app_label in _UNIT_OWNED_APPS or label in _UNIT_OWNED_MODELS:
        unit_id = getattr(obj, "unit_id", None)
        return unit_id is not None and unit_id == unit_of(user)
    article_id = _article_id(obj)
    if article_id is None:
        return False
    return article_id in _unit_article_ids(user)


def _article_id(obj: Model) -> int | None:
    """The article an object belongs to, found by its fields (so later models need no edit)."""
    if obj._meta.label_lower == "plans.article":
        return obj.pk
    if hasattr(obj, "article_id"):
        return obj.article_id
    if hasattr(obj, "indicator_id"):
        return obj.indicator.article_id if obj.indicator_id else None
    return None


def _unit_article_ids(user) -> frozenset[int]:
    """The reporter's articles, read once per user object (i.e. once per request); unordered
    (a set): the links' default order joined every plan's articles to sort them, up to 3 ms on
    PostgreSQL for a unit named in 51 plans (issue 20)."""
    cached = getattr(user, "_planwatch_article_ids", None)
    if cached is None:
        ids = ArticleUnit.objects.filter(unit_id=unit_of(user)).order_by().values_list("article_id", flat=True)
        cached = frozenset(ids)
        user._planwatch_article_ids = cached
    return cached


def require(user, action: str | Action, obj: Model | None = None) -> None:
    """`allowed` or PermissionDenied (Django answers 403; the API helper does the same)."""
    if not allowed(user, action, obj):
        raise PermissionDenied("无权进行此操作")


def visible_articles(user, plan) -> QuerySet[Article]:
    """The plan's articles the user may view, in one query (a subquery for reporters)."""
    articles = Article.objects.filter(plan=plan)
    return _narrow(user, articles, "pk")


def visible_indicators(user, plan) -> QuerySet[Indicator]:
    """The plan's indicators the user may view, in one query."""
    indicators = Indicator.objects.filter(plan=plan)
    return _narrow(user, indicators, "article_id")


def visible_reporting(user, queryset: QuerySet) -> QuerySet:
    """The rows of a reporting queryset (rows with a `unit`) the user may view: a reporter's
    own unit's, everyone else's that may view at all."""
    role = role_of(user)
    if role is None or not allowed(user, Action.VIEW):
        return queryset.none()
    if role is Role.REPORTER:
        return queryset.filter(unit_id=unit_of(user))
    return queryset


def visible_cards(user, scheme, cards: list[dict]) -> list[dict]:
    """The cards of an assessment the user may read (each card has `unit`, the unit's id): all of
    them, or a unit's own only — before 公布, or after it when the scheme keeps the ranking unpublished."""
    if not allowed(user, Action.VIEW, scheme):
        return []
    if role_of(user) is Role.REPORTER and not (scheme.state == "published" and scheme.publish_ranking):
        return [card for card in cards if card["unit"] == unit_of(user)]
    return cards


def visible_units(user) -> QuerySet[Unit]:
    """All units, or a reporter's own."""
    role = role_of(user)
    if role is None:
        return Unit.objects.none()
    if role is Role.REPORTER:
        return Unit.objects.filter(pk=unit_of(user))
    return Unit.objects.all()


def _narrow(user, queryset: QuerySet, article_field: str) -> QuerySet:
    role = role_of(user)
    if role is None:
        return queryset.none()
    if role is Role.REPORTER:
        linked = ArticleUnit.objects.filter(unit_id=unit_of(user)).values("article_id")
        return queryset.filter(**{f"{article_field}__in": linked})
    return queryset
