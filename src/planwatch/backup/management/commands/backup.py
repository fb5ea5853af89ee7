"""`planwatch backup -o FILE`: the database, evidence files and secret key in one archive."""

from __future__ import annotations

from pathlib import Path

from planwatch.backup.errors import BackupError
from planwatch.backup.service import backup
from planwatch.plans.management.commands._base import PlanwatchCommand


class Command(PlanwatchCommand):
    help = "备份数据库、佐证材料和密钥到一个文件（网站运行时也可备份）。见 docs/operations.md。"

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="备份文件，如 planwatch-20250101.tar.gz")
        parser.add_argument("--force", action="store_true", help="备份文件已存在时覆盖")

    def handle(self, *args, output: str, force: bool, **options):
        out = Path(output).expanduser().absolute()
        if not out.parent.is_dir():
            raise BackupError(f"备份文件所在的文件夹不存在：{out.parent}")
        if out.exists() and not force:
            raise BackupError(f"备份文件已存在：{out}（加 --force 覆盖）")
        done = backup(out=out)
        size = out.stat().st_size / 1024 / 1024
        self.stdout.write(
            f"已备份到 {out}（{size:.1f} MB）：数据库 {done.rows} 行，佐证材料 {done.evidence} 个，以及密钥。"
        )
