"""`planwatch merge-units SOURCE TARGET`: fold one responsible unit into another."""

from __future__ import annotations

from django.db import transaction

from planwatch.audit.services import command_actor
from planwatch.plans.management.commands._base import PlanwatchCommand
from planwatch.units.services import get_unit, merge_units


class Command(PlanwatchCommand):
    help = "把责任单位 SOURCE 合并到 TARGET：条目关联转到 TARGET，SOURCE 的名称记为 TARGET 的别名。"

    def add_arguments(self, parser):
        parser.add_argument("source", help="被合并的单位（名称、别名或编号）")
        parser.add_argument("target", help="保留的单位（名称、别名或编号）")

    def handle(self, *args, source: str, target: str, **options):
        with transaction.atomic():
            kept, gone = get_unit(target), get_unit(source)
            name = gone.name
            moved = merge_units(actor=command_actor(), source=gone, target=kept)
        self.stdout.write(f"已将“{name}”合并到“{kept.name}”：转移 {moved} 个条目关联，“{name}”记为别名。")
