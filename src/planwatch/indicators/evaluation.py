"""Where every target of a plan stands: the stored plan and data fed to the pure core.

`planwatch.progress` knows nothing of the database; this module turns rows into `TargetSpec`s
and series, evaluates every target of a plan, and keeps the result until the data changes — a
dashboard costs a handful of queries however many targets and periods there are (the lesson of
Akvo RSR's 1,300-query results page). The same list feeds `planwatch evaluate`, the API and the
pages, so the figures can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.conf import settings
from django.utils import timezone

from planwatch.plans.models import Plan
from planwatch.plans.versions import data_versions
from planwatch.progress import (
    STANDINGS,
    STATUS_COLOURS,
    STATUS_LABELS,
    STATUS_RANK,
    Evaluation,
    TargetSpec,
    change_direction_from_text,
    evaluate,
)
from planwatch.progress import Observation as Point
from planwatch.progress import (
    rollup as count_statuses,
)

from .bases import plan_base_values
from .evaluation_cache import cached_results
from .models import Indicator, Observation, ObservationStatus, Target


def today() -> date:
    """The evaluation date when none is given: `PLANWATCH_EVALUATION_DATE`, else today."""
    return getattr(settings, "EVALUATION_DATE", None) or timezone.localdate()


def evaluate_plan(*, plan, as_of: date | None = None) -> list[dict]:
    """One result per target, in plan order (the objects of `planwatch evaluate --format json`).

    Only approved figures count; drafts and submissions wait for review (issue 6).
    """
    return cached_results(plan=plan, as_of=as_of or today(), compute=_compute)


def evaluate_plans(*, plans, as_of: date | None = None) -> Iterator[tuple[Plan, list[dict]]]:
    """(plan, `evaluate_plan`'s results) for each of many plans in turn (`planwatch evaluate
    --all-plans`): their data versions are read in one query, so a warm run costs one round
    trip, not one per plan. One plan's results at a time: a caller that does not keep them all
    does not hold 50 plans' results at once (the garbage collector then walks them all, which
    made a warm run of 50 plans twice as slow)."""
    plans = list(plans)
    as_of = as_of or today()
    versions = data_versions([plan.pk for plan in plans])
    for plan in plans:
        yield plan, cached_results(plan=plan, as_of=as_of, compute=_compute, version=versions.get(plan.pk))


def _compute(plan, as_of: date) -> list[dict]:
    targets = list(
        Target.objects.filter(indicator__plan=plan)
        .select_related("indicator__plan", "indicator__article__chapter")
        .prefetch_related("indicator__article__unit_links__unit")
        .order_by("indicator__article__position", "indicator__position", "position", "pk")
    )
    series, demo = approved_series(plan=plan)
    bases = plan_base_values(plan=plan)
    out = []
    for target in targets:
        indicator = target.indicator
        base = bases.get(target.pk)  # each target at its own base year
        base_value = float(base.value) if base and base.value is not None else None
        evaluation = evaluate_target(target, series.get(indicator.pk, []), as_of, base_value)
        row = result_dict(target, evaluation, is_demo=indicator.pk in demo)
        row["as_of"] = as_of.isoformat()  # the evaluation date: a status is only true as of it
        out.append(row)
    return out


def approved_series(*, plan) -> tuple[dict[int, list[Point]], set[int]]:
    """{indicator id: approved figures in time order}, and the ids of indicators with demo data."""
    rows = (
        Observation.objects.filter(indicator__plan=plan, status=ObservationStatus.APPROVED)
        .order_by("indicator_id", "period_key")
        .values_list("indicator_id", "period", "value", "is_demo")
    )
    series: dict[int, list[Point]] = {}
    demo: set[int] = set()
    for indicator_id, period, value, is_demo in rows:
        series.setdefault(indicator_id, []).append(Point(period, float(value)))
        if is_demo:
            demo.add(indicator_id)
    return series, demo


def target_spec(target: Target, base_value: float | None = None) -> TargetSpec:
    """The stored target as the core's specification, with its plan years and direction."""
    indicator, plan = target.indicator, target.indicator.plan
    change = None
    if target.basis == "change_vs_base":
        change = change_direction_from_text(f"{indicator.name}{target.source}")
    return TargetSpec(
        value=target.value,
        comparator=target.comparator,
        # a rate kept over the period (年均增长7%) is stored as the extraction spec's 'annual'
        # with its kind in `rate`; the core judges it by its own rule (docs/methodology.md)
        basis="rate" if target.rate else target.basis,
        rate=target.rate or None,
        frequency=indicator.frequency or None,
        year=target.year,
        value_max=target.value_max,
        base_year=target.base_year,
        base_value=base_value,
        start_year=plan.period_start,
        end_year=plan.period_end or target.year,
        kind=indicator.kind or None,
        # a change target's direction is that of the change (降低 → lower is better), not the
        # comparator's: "降低13.3%以上" is stored as ≥ 13.3 and would otherwise read "higher"
        direction=None if target.basis == "change_vs_base" else indicator.direction or None,
        change_direction=change,
        unit=target.unit or indicator.measure_unit,
    )


def evaluate_target(
    target: Target, series: list[Point], as_of: date, base_value: float | None
) -> Evaluation | str:
    """The core's evaluation, or a Chinese sentence when the target cannot be judged as stored."""
    try:
        spec = target_spec(target, base_value)
    except ValueError as exc:
        return f"目标设定不完整，无法评估：{exc}"
    return evaluate(spec, series, as_of)


def _units(article) -> tuple[str, list[dict]]:
    links = sorted(article.unit_links.all(), key=lambda link: link.position)
    units = [{"id": link.unit_id, "name": link.unit.name, "role": link.role} for link in links]
    lead = [u["name"] for u in units if u["role"] == "lead"] or [u["name"] for u in units]
    return "、".join(lead), units


def result_dict(target: Target, evaluation: Evaluation | str, *, is_demo: bool) -> dict:
    indicator = target.indicator
    article = indicator.article
    unit, units = _units(article)
    row = {
        "target_id": target.pk,
        "indicator": indicator.name,
        "indicator_id": indicator.pk,
        "article": f"{article.label}{article.title}",
        "article_id": article.pk,
        "article_number": article.number,
        "chapter": article.chapter.number if article.chapter else None,
        "unit": unit,
        "units": units,
        "basis": target.basis,
        "comparator": target.comparator,
        "target": target.value,
        "target_max": target.value_max,
        "target_unit": target.unit or indicator.measure_unit,
        "target_year": target.year,
        "is_demo": is_demo,
    }
    if isinstance(evaluation, str):
        row.update(_unjudged(evaluation))
        return row
    data = evaluation.to_dict()
    row.update(
        latest=data["latest"],
        increment=data["increment"],
        actual=evaluation.actual,
        base=data["base"],
        status=evaluation.status,
        status_label=evaluation.label,
        verdict=evaluation.verdict,
        standing=evaluation.standing,
        stale=data["stale"],
        age=data["age"],
        years=data["years"],
        rate=target.rate or None,
        colour=STATUS_COLOURS[evaluation.status],
        ratio=evaluation.ratio,
        expected=evaluation.expected,
        forecast=data["forecast"],
        explanation=evaluation.explanation,
        target_year=evaluation.target_year or target.year,
        expected_path=data["expected_path"],
    )
    return row


def _unjudged(reason: str) -> dict:
    return {
        "latest": None,
        "increment": None,
        "actual": None,
        "verdict": None,
        "standing": "no_data",
        "stale": False,
        "age": None,
        "years": [],
        "rate": None,
        "base": None,
        "status": "no_data",
        "status_label": STATUS_LABELS["no_data"],
        "colour": STATUS_COLOURS["no_data"],
        "ratio": None,
        "expected": None,
        "forecast": None,
        "explanation": reason,
        "expected_path": [],
    }


def rollup(results: list[dict]) -> dict:
    """Counts by standing (a status, or the verdict once a target's years are over) overall, per
    chapter, per article and per unit (lead units answer for their articles' targets; a target
    without a unit counts under 未分配)."""
    by_unit_pairs = []
    for r in results:
        for name in r["unit"].split("、") if r["unit"] else ["未分配"]:
            by_unit_pairs.append((name, r["standing"]))
    overall = count_statuses(("all", r["standing"]) for r in results).get("all", dict.fromkeys(STANDINGS, 0))
    return {
        "by_status": overall,
        "by_chapter": _listed(count_statuses((r["chapter"], r["standing"]) for r in results), "chapter"),
        "by_article": _listed(count_statuses((r["article_id"], r["standing"]) for r in results), "article_id"),
        "by_unit": _listed(count_statuses(by_unit_pairs), "unit"),
    }


def _listed(counts: dict, key: str) -> list[dict]:
    return [{key: k, "counts": v, "total": sum(v.values())} for k, v in counts.items()]


def most_behind(results: list[dict], limit: int = 10) -> list[dict]:
    """The targets furthest behind: worst status first, then the lowest ratio."""
    judged = [r for r in results if r["status"] != "no_data" and r["status"] != "achieved"]
    return sorted(
        judged, key=lambda r: (STATUS_RANK[r["status"]], r["ratio"] if r["ratio"] is not None else 0)
    )[:limit]


def indicator_chart(*, indicator: Indicator, as_of: date | None = None) -> dict:
    """What the indicator chart draws: the series, the target line, the expected path and the
    forecast band — the same evaluation the dashboard shows."""
    as_of = as_of or today()
    result = next(
        (r for r in evaluate_plan(plan=indicator.plan, as_of=as_of) if r["indicator_id"] == indicator.pk),
        None,
    )
    rows = indicator.observations.filter(status=ObservationStatus.APPROVED).order_by("period_key")
    series = [
        {"period": o.period, "value": float(o.value), "is_demo": o.is_demo}
        for o in rows
        if o.period_end <= as_of
    ]
    return {
        "indicator": indicator.name,
        "indicator_id": indicator.pk,
        "unit": indicator.measure_unit,
        "kind": indicator.kind,
        "basis": result["basis"] if result else None,
        "base": result["base"] if result else None,
        "series": series,
        "target": None
        if result is None
        else {
            "value": result["target"],
            "value_max": result["target_max"],
            "year": result["target_year"],
            "comparator": result["comparator"],
            "unit": result["target_unit"],
        },
        "expected_path": result["expected_path"] if result else [],
        "forecast": result["forecast"] if result else None,
        "status": result["status"] if result else "no_data",
        "status_label": result["status_label"] if result else STATUS_LABELS["no_data"],
        "explanation": result["explanation"] if result else "该指标没有量化目标。",
        "is_demo": any(p["is_demo"] for p in series),
    }
