"""`planwatch evaluate [--plan P] [--as-of DATE] [--format table|json|csv]`: where every target stands."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from planwatch.indicators.evaluation import evaluate_plan, evaluate_plans
from planwatch.indicators.services import plan_for_data
from planwatch.plans.models import Plan
from planwatch.progress import fmt_number

FIELDS = (
    "indicator",
    "article",
    "unit",
    "basis",
    "comparator",
    "target",
    "target_year",
    "latest",
    "base",
    "status",
    "stale",
    "ratio",
    "expected",
    "forecast",
    "explanation",
)
_BASIS_ZH = {
    "level": "水平值",
    "annual": "每年",
    "cumulative": "累计",
    "change_vs_base": "较基期",
    "portfolio": "项目",
}
_RATE_ZH = {"growth": "年均增长", "decline": "年均下降", "level": "每年保持"}


class Command(BaseCommand):
    help = "评估计划中每个量化目标的进展：状态、序时进度与预测。"

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="计划代号或编号（只有一个计划时可省略）")
        parser.add_argument(
            "--all-plans", action="store_true", dest="all_plans",
            help="评估全部计划（一次运行，共用评估缓存）；每个目标多一个字段 plan（计划代号）",
        )  # fmt: skip
        parser.add_argument("--as-of", dest="as_of", help="按该日期评估（YYYY-MM-DD），忽略之后的数据")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")

    def handle(self, *args, **options):
        as_of = _parse_date(options["as_of"]) if options["as_of"] else None
        if options["all_plans"]:
            if options["plan"]:
                raise CommandError("--plan 与 --all-plans 只能选一个", returncode=2)
            results = [
                {"plan": plan.name, **row}
                for plan, rows in evaluate_plans(plans=Plan.objects.order_by("pk"), as_of=as_of)
                for row in rows
            ]
        else:
            try:
                plan = plan_for_data(options["plan"])
            except Exception as exc:  # the services raise their own error types with Chinese messages
                raise CommandError(str(exc), returncode=2) from exc
            results = evaluate_plan(plan=plan, as_of=as_of)
        render = {"json": render_json, "csv": render_csv, "table": render_table}[options["format"]]
        self.stdout.write(render(results), ending="")


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"无法识别的日期：{text}，应为 YYYY-MM-DD", returncode=2) from exc


def public(row: dict) -> dict:
    """The documented object: the issue's fields first, then the ids and extras."""
    return {**{k: row.get(k) for k in FIELDS}, **{k: v for k, v in row.items() if k not in FIELDS}}


def render_json(results: list[dict]) -> str:
    return json.dumps([public(r) for r in results], ensure_ascii=False, indent=2) + "\n"


def render_csv(results: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "指标",
            "条目",
            "责任单位",
            "口径",
            "比较",
            "目标值",
            "目标年",
            "最新期间",
            "最新值",
            "基期",
            "基期值",
            "状态",
            "进度比",
            "序时进度值",
            "预测值",
            "预测下限",
            "预测上限",
            "达标概率",
            "说明",
            "数据时效",
        ]
    )
    for r in results:
        latest, base, fc = r["latest"] or {}, r["base"] or {}, r["forecast"] or {}
        writer.writerow(
            [
                r["indicator"],
                r["article"],
                r["unit"],
                r["basis"],
                r["comparator"],
                r["target"],
                r["target_year"],
                latest.get("period"),
                latest.get("value"),
                base.get("year"),
                base.get("value"),
                r["status_label"],
                r["ratio"],
                r["expected"],
                fc.get("value"),
                fc.get("low"),
                fc.get("high"),
                fc.get("probability"),
                r["explanation"],
                (r.get("age") or {}).get("text", "暂无数据"),
            ]
        )
    return out.getvalue()


def render_table(results: list[dict]) -> str:
    lines = []
    for r in results:
        latest = r["latest"]
        now = f"{fmt_number(latest['value'])}" if latest else ""
        age = (r.get("age") or {}).get("text", "暂无数据")
        target = f"{r['comparator']} {fmt_number(r['target'])}{r['target_unit']}"
        demo = "（演示数据）" if r["is_demo"] else ""
        basis = _RATE_ZH.get(r.get("rate") or "", _BASIS_ZH.get(r["basis"], r["basis"]))
        lines.append(
            f"[{r['status_label']}] {r['indicator']}  {target}（{basis}，"
            f"{r['target_year'] or '每年'}）  {age} {now}{demo}"
        )
        plan = f"{r['plan']} · " if r.get("plan") else ""
        lines.append(f"    {plan}{r['article']} · {r['unit'] or '未分配责任单位'}")
        lines.append(f"    {r['explanation']}")
    counts: dict[str, int] = {}
    for r in results:
        counts[r["status_label"]] = counts.get(r["status_label"], 0) + 1
    lines.append("")
    lines.append(f"共 {len(results)} 个目标：" + "，".join(f"{k} {v}" for k, v in counts.items()))
    return "\n".join(lines) + "\n"
