"""Files of supervision steps (a 批示 document, the evidence of a result, a deciding document):
checked by the reporting cycle's one check (size limit, content against extension, through
planwatch.filetypes) and kept beside the evidence files as DATA_DIR/evidence/<uuid> (one folder
for every uploaded file, backed up together), served only through a view that asks `allowed`
of the item (or measure) they belong to."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from planwatch.audit.services import record
from planwatch.indicators.observations import actor_user
from planwatch.reporting import conf
from planwatch.reporting.errors import ReportingError
from planwatch.reporting.services.evidence import check_file

from .errors import SupervisionError
from .models import ItemFile


def folder() -> Path:
    return conf.evidence_dir()


def path_of(stored: ItemFile) -> Path:
    return folder() / str(stored.pk)


def attach(*, actor, item=None, event=None, upload) -> ItemFile:
    """Check and store one file of an item's step (or of an accountability measure: no item)."""
    try:
        name, content_type = check_file(upload)
    except ReportingError as exc:
        raise SupervisionError(str(exc)) from exc
    stored = ItemFile(item=item, event=event, name=name, content_type=content_type, size=upload.size,
                      uploaded_by=actor_user(actor))  # fmt: skip
    folder().mkdir(mode=0o700, parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd = os.open(path_of(stored), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    stored.sha256 = digest.hexdigest()
    stored.save()
    record(actor=actor, action="create", obj=stored, after={"name": name, "size": upload.size,
           "sha256": stored.sha256, "item": str(item) if item else ""}, reason="上传督办材料")  # fmt: skip
    return stored
