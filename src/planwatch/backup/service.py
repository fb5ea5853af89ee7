"""`backup` and `restore`: the database, the evidence files and the secret key in one archive.

Order matters for a backup taken while the site runs: the database is copied first, then the
evidence folder, so every file added before the copy and named by a copied row is in the archive.
(A file its uploader removes in the moment between the two copies is left out, its row kept.)
A restore goes only into an empty installation — no database tables, no evidence files — unless
forced; it checks the whole archive first (`archive.unpack_verified`) and the database engine,
then puts the database, the files and the key in place (owner-only permissions), brings the
compares the row counts with the manifest and brings the schema up to date (`migrate`).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db.migrations.recorder import MigrationRecorder

from . import archive, database
from .errors import BackupError

EVIDENCE, SECRET_KEY = "evidence", "secret_key"


@dataclass
class Outcome:
    path: Path
    manifest: dict

    @property
    def evidence(self) -> int:
        return sum(1 for name in self.manifest["files"] if name.startswith(f"{EVIDENCE}/"))

    @property
    def rows(self) -> int:
        return sum(self.manifest["rows"].values())


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.order_by("app", "name").values_list("app", "name"):
        latest[app] = name
    return latest


def backup(*, out: Path) -> Outcome:
    """Write the archive to ``out``; safe while the site serves reads and writes."""
    data_dir = Path(settings.DATA_DIR)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=out.parent) as tmp:
        copy, counts = database.dump(Path(tmp))
        key = Path(tmp) / SECRET_KEY
        key.write_text(settings.SECRET_KEY, encoding="utf-8")
        key.chmod(0o600)
        files = {copy.name: copy, SECRET_KEY: key}
        evidence = data_dir / EVIDENCE
        if evidence.is_dir():
            files.update({f"{EVIDENCE}/{p.name}": p for p in sorted(evidence.iterdir()) if p.is_file()})
        manifest = {
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": database.engine(),
            "migrations": _migrations(),
            "rows": counts,
        }
        return Outcome(out, archive.write_archive(out, files, manifest))


def _refuse_unless_empty(force: bool) -> None:
    evidence = Path(settings.DATA_DIR) / EVIDENCE
    has_files = evidence.is_dir() and any(evidence.iterdir())
    if force or (database.is_empty() and not has_files):
        return
    raise BackupError(
        "目标不是空的安装（数据库中已有数据表或已有佐证材料），未作恢复；"
        "请换一个空的数据目录（和空数据库），或确认覆盖后加 --force"
    )


def restore(*, source: Path, force: bool = False) -> Outcome:
    """Restore an archive into the configured data directory and database."""
    if not source.is_file():
        raise BackupError(f"找不到备份文件：{source}")
    manifest = archive.read_manifest(source)
    if manifest.get("engine") != database.engine():
        raise BackupError(
            f"备份来自 {manifest.get('engine')} 数据库，当前配置的是 {database.engine()}：请恢复到同类数据库"
        )
    _refuse_unless_empty(force)
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=data_dir) as tmp:
        unpacked = Path(tmp)
        archive.unpack_verified(source, unpacked)
        copy = unpacked / (database.SQLITE_NAME if manifest["engine"] == "sqlite" else database.PG_NAME)
        database.restore(copy, force=force)
        _put_files(unpacked, data_dir, force=force)
    _compare_rows(manifest["rows"])
    call_command("migrate", verbosity=0, interactive=False)  # a backup from an older version
    return Outcome(source, manifest)


def _put_files(unpacked: Path, data_dir: Path, *, force: bool) -> None:
    evidence = data_dir / EVIDENCE
    if force and evidence.is_dir():
        shutil.rmtree(evidence)
    if (unpacked / EVIDENCE).is_dir():
        (unpacked / EVIDENCE).replace(evidence)
    (unpacked / SECRET_KEY).replace(data_dir / SECRET_KEY)  # sessions and signed templates stay valid


def _compare_rows(expected: dict[str, int]) -> None:
    now = database.row_counts()
    wrong = [t for t, n in expected.items() if now.get(t) != n]
    if wrong:
        raise BackupError(
            f"恢复后数据表 {wrong[0]} 的行数与备份清单不符（{now.get(wrong[0])} ≠ {expected[wrong[0]]}）"
        )
