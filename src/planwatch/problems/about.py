"""What a problem blocks: (kind, id) pairs — an article, or what supervision can name (a target,
a task, a key project) through its own resolver — and the article the problem then belongs to
(a unit responsible for that article sees the problem)."""

from __future__ import annotations

from planwatch.plans.models import Article
from planwatch.supervision.errors import SupervisionError
from planwatch.supervision.links import resolve_about

from .errors import ProblemError
from .models import Link

KINDS = {"article": "条目", "target": "指标目标", "task": "具体任务", "project": "重点项目"}


def resolve(plan, pairs) -> tuple[list[Link], Article | None]:
    """Unsaved links and the article they point to (the first named, directly or through a target
    or task); ProblemError naming the first pair that is not in the plan."""
    links, article = [], None
    for kind, object_id in pairs:
        if kind not in KINDS:
            raise ProblemError(f"问题涉及对象的类型“{kind}”无效，应为 {'、'.join(KINDS)} 之一")
        if kind == "article":
            found = Article.objects.filter(plan=plan, pk=object_id).first()
            if found is None:
                raise ProblemError(f"本计划中没有编号为 {object_id} 的条目")
            links.append(Link(kind=kind, object_id=found.pk, label=(str(found) or f"第{found.number}条")[:300]))
            article = article or found
            continue
        try:
            (link,) = resolve_about(plan, [(kind, object_id)])
        except SupervisionError as exc:
            raise ProblemError(str(exc)) from exc
        links.append(Link(kind=kind, object_id=link.object_id, label=link.label))
        article = article or _article_of(kind, link.object_id)
    return _unique(links), article


def _unique(links: list[Link]) -> list[Link]:
    seen, out = set(), []
    for link in links:
        if (link.kind, link.object_id) not in seen:
            seen.add((link.kind, link.object_id))
            out.append(link)
    return out


def _article_of(kind: str, object_id: int) -> Article | None:
    from planwatch.tasks.models import Task

    if kind == "target":
        return Article.objects.filter(indicators__targets__pk=object_id).first()
    if kind == "task":
        return Article.objects.filter(pk=Task.objects.filter(pk=object_id).values("article_id")[:1]).first()
    return None
