"""`planwatch restore FILE [--force]`: put a backup into an empty data directory and database."""

from __future__ import annotations

from pathlib import Path

from planwatch.backup.service import restore
from planwatch.plans.management.commands._base import PlanwatchCommand


class Command(PlanwatchCommand):
    help = (
        "从备份文件恢复数据库、佐证材料和密钥；目标须为空的安装（或加 --force 覆盖）。见 docs/operations.md。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="planwatch backup 生成的备份文件")
        parser.add_argument("--force", action="store_true", help="目标已有数据时仍然恢复（覆盖现有数据）")

    def handle(self, *args, file: str, force: bool, **options):
        done = restore(source=Path(file).expanduser(), force=force)
        m = done.manifest
        self.stdout.write(
            f"已恢复 {m['created_at']} 的备份：数据库 {done.rows} 行（各表行数与清单一致），"
            f"佐证材料 {done.evidence} 个（校验和一致），以及密钥。"
        )
