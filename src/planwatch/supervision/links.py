"""What an item is about: (kind, id) pairs, checked against the plan and named for the page.

Kinds with a model today (targets, tasks, policy measures, submissions, reporting items, and
those a module registers in LABELLERS: problems) must exist in the item's plan; `project` is
accepted by number for the module that will hold it (its name reads 重点项目 #12 until then).
"""

from __future__ import annotations

from collections.abc import Callable

from planwatch.progress import period_label

from .errors import SupervisionError
from .models import AboutKind, ItemLink

# Names of objects other modules hold, registered in their AppConfig.ready (problems):
# kind -> f(plan, id) -> name, or None when the plan has no such object.
LABELLERS: dict[str, Callable] = {}


def _label(plan, kind: str, object_id: int) -> str | None:
    """The name of the object in the plan, or None when the plan has no such object."""
    from planwatch.indicators.models import Target
    from planwatch.reporting.models import ReportingRule, Submission
    from planwatch.tasks.models import PolicyMeasure, Task

    if kind == AboutKind.TARGET:
        t = Target.objects.select_related("indicator").filter(pk=object_id, indicator__plan=plan).first()
        return t and f"{t.indicator.name} {t.year}年目标"
    if kind == AboutKind.TASK:
        task = Task.objects.filter(pk=object_id, plan=plan).first()
        return task and str(task)
    if kind == AboutKind.POLICY:
        policy = PolicyMeasure.objects.filter(pk=object_id, plan=plan).first()
        return policy and policy.name
    if kind == AboutKind.SUBMISSION:
        sub = Submission.objects.select_related("indicator").filter(pk=object_id, indicator__plan=plan).first()
        return sub and f"{sub.indicator.name} {period_label(sub.period)}报送"
    if kind == AboutKind.RULE:
        rule = ReportingRule.objects.select_related("indicator", "article").filter(pk=object_id, plan=plan).first()
        return rule and f"{rule}报送"
    if kind in LABELLERS:
        return LABELLERS[kind](plan, object_id)
    return f"{AboutKind(kind).label} #{object_id}"


def resolve_about(plan, pairs) -> list[ItemLink]:
    """Unsaved links for [(kind, id)]; SupervisionError naming the first one that is not there."""
    links, seen = [], set()
    for kind, object_id in pairs:
        if kind not in AboutKind.values:
            raise SupervisionError(f"督办对象类型“{kind}”无效，应为 {'、'.join(AboutKind.values)} 之一")
        if (kind, object_id) in seen:
            continue
        seen.add((kind, object_id))
        label = _label(plan, kind, int(object_id))
        if label is None:
            raise SupervisionError(f"本计划中没有编号为 {object_id} 的{AboutKind(kind).label}")
        links.append(ItemLink(kind=kind, object_id=int(object_id), label=label[:300]))
    return links
