"""The office's ledger upload on the page: the file is checked and kept under the data directory
while the office reads the differences, then applied by its token — the same import as
`planwatch import-projects` (all rows or none), so a confirmation never needs the file again."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

from django.conf import settings

from planwatch.reporting import conf

from .reports import ProjectError

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def folder() -> Path:
    return Path(settings.DATA_DIR) / "project-imports"


def keep(upload) -> str:
    """Store the uploaded ledger (owner-only); its token."""
    limit = conf.workbook_max_bytes()
    if upload.size > limit:
        raise ProjectError(f"文件过大（{upload.size / conf.MB:.1f} MB），台账文件不能超过 {limit // conf.MB} MB")
    folder().mkdir(mode=0o700, parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    fd = os.open(folder() / token, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


def read(token: str) -> bytes:
    path = folder() / token if _TOKEN.match(token or "") else None
    if path is None or not path.is_file():
        raise ProjectError("上传的台账已过期或已导入，请重新上传")
    return path.read_bytes()


def drop(token: str) -> None:
    if _TOKEN.match(token or ""):
        (folder() / token).unlink(missing_ok=True)
