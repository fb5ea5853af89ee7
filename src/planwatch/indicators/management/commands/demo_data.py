"""`planwatch demo-data [--plan PLAN] [--seed N] [--as-of DATE]`: fill a plan with demo series.

Every figure written is marked as demo data (is_demo, source 演示数据); a re-run replaces demo
data only and leaves real figures alone.
"""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.utils import timezone

from planwatch.audit.services import command_actor
from planwatch.indicators.services import plan_for_data, replace_demo_data
from planwatch.plans.management.commands._base import PlanwatchCommand, command_date

SCENARIO_LABELS = {
    "achieved": "已完成",
    "on_track": "进展顺利",
    "needs_acceleration": "需加快",
    "off_track": "进展滞后",
    "deteriorating": "倒退",
}




class Command(PlanwatchCommand):
    help = "为计划的每个指标生成演示数据（标记为演示数据）；重新运行只替换演示数据，不动真实数据。"

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="计划代号或编号；只有一个计划时可省略")
        parser.add_argument(
            "--seed", type=int, default=2023, help="随机种子（默认 2023）：同一种子生成同样的数据"
        )
        parser.add_argument(
            "--as-of", dest="as_of", help="生成截至该日期已结束的各期数据（默认今天），如 2025-06-30"
        )

    def handle(self, *args, plan: str | None, seed: int, as_of: str | None, **options):
        day = command_date(as_of) if as_of else timezone.localdate()
        with transaction.atomic():
            target = plan_for_data(plan)
            result = replace_demo_data(actor=command_actor(), plan=target, seed=seed, as_of=day)
        self.stdout.write(
            f"计划 {target.name} 的演示数据（截至 {day:%Y年%m月%d日}）：{result.written.text}。"
        )
        if result.kept:
            self.stdout.write(f"已有真实数据的 {result.kept} 个期间未生成演示数据。")
        if any(result.derived.astuple()):
            self.stdout.write(f"计算指标：{result.derived.text}。")
        mix = Counter(result.scenarios.values())
        shown = "，".join(f"{label} {mix[key]} 个" for key, label in SCENARIO_LABELS.items() if mix[key])
        self.stdout.write(f"设计的进度分布（供核对评估结果）：{shown}。")
