"""Evidence files: checked by size and by their first bytes, stored outside static/.

An extension is a claim, not a fact: a file is accepted only when its content is what its
extension says (PDF, PNG, JPEG, Word/Excel/PowerPoint, both OOXML and the old binary formats),
so an executable renamed to .pdf is refused. Files are kept as DATA_DIR/evidence/<uuid> — no
user-chosen name on disk, never under static/ — and served only through a view that asks
`allowed(user, "view", …)` of the submission they belong to.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

from django.db import transaction

from planwatch.accounts.people import person
from planwatch.accounts.permissions import Action, allowed
from planwatch.audit.services import record
from planwatch.filetypes import office_kind, sniff
from planwatch.indicators.observations import actor_user

from .. import conf
from ..errors import ReportingError
from ..models import Action as Step
from ..models import Evidence, Status, Submission
from .lifecycle import record_note

# extension → (content type, what `filetypes` must find in the content)
TYPES = {
    "pdf": ("application/pdf", "pdf"),
    "png": ("image/png", "png"),
    "jpg": ("image/jpeg", "jpeg"),
    "jpeg": ("image/jpeg", "jpeg"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    "doc": ("application/msword", "ole"),
    "xls": ("application/vnd.ms-excel", "ole"),
}
_OOXML = frozenset({"docx", "xlsx", "pptx"})
ALLOWED_TEXT = "PDF、图片（照片、截图）和办公文档（文字、表格、演示文稿）"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def safe_name(name: str) -> str:
    """The file's own name without folders or characters a download header or disk dislikes."""
    base = unicodedata.normalize("NFC", os.path.basename(str(name).replace("\\", "/")))
    base = _UNSAFE.sub("_", base).strip(" .") or "附件"
    stem, dot, ext = base.rpartition(".")
    return (stem[:180] + dot + ext[:10]) if dot else base[:200]


def content_matches(upload, kind: str, head: bytes) -> bool:
    """Whether the first bytes (and, for OOXML, the zip's folders) are those of the type."""
    if kind in _OOXML:
        return sniff(head) == "zip" and office_kind(upload) == kind
    return sniff(head) == kind


def check_file(upload) -> tuple[str, str]:
    """(safe name, content type) of an acceptable upload; ReportingError naming the file otherwise."""
    name = safe_name(getattr(upload, "name", "") or "附件")
    limit = conf.evidence_max_bytes()
    if upload.size > limit:
        raise ReportingError(
            f"文件“{name}”过大（{upload.size / conf.MB:.1f} MB），单个文件不能超过 {limit // conf.MB} MB"
        )
    if upload.size == 0:
        raise ReportingError(f"文件“{name}”是空的")
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    if ext not in TYPES:
        raise ReportingError(f"不支持的文件类型“{name}”：只能上传{ALLOWED_TEXT}")
    content_type, how = TYPES[ext]
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if not content_matches(upload, how, head):
        raise ReportingError(f"文件“{name}”的内容与扩展名 .{ext} 不符，请上传真实的{ext.upper()}文件")
    return name, content_type


def path_of(evidence: Evidence) -> Path:
    return conf.evidence_dir() / str(evidence.pk)


def _write(evidence: Evidence, upload) -> str:
    """Write the file (owner-only permissions); returns its SHA-256."""
    folder = conf.evidence_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd = os.open(path_of(evidence), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def attach_evidence(*, actor, item, upload) -> Evidence:
    """Check and store one file for a submission or article report; audited."""
    name, content_type = check_file(upload)
    evidence = Evidence(
        unit_id=item.unit_id, name=name, content_type=content_type, size=upload.size,
        uploaded_by=actor_user(actor),
    )  # fmt: skip
    if isinstance(item, Submission):
        evidence.submission = item
    else:
        evidence.report = item
    evidence.sha256 = _write(evidence, upload)
    evidence.save()
    after = {"name": name, "size": upload.size, "sha256": evidence.sha256, "item": str(item)}
    record(actor=actor, action="create", obj=evidence, after=after, reason="上传佐证材料")
    return evidence


def may_remove(user, evidence: Evidence) -> bool:
    """Its uploader may remove a file while the item is not approved (and may still report for
    the unit); nobody else — the office reviews files, it does not delete a unit's evidence."""
    owner = evidence.owner
    if owner.locked or owner.status == Status.APPROVED:
        return False
    mine = evidence.uploaded_by_id is not None and evidence.uploaded_by_id == getattr(user, "pk", None)
    return mine and allowed(user, Action.REPORT, owner)


def remove_evidence(*, actor, evidence: Evidence) -> None:
    """Remove a wrongly attached file: the row goes and, once the transaction commits, the file
    on disk too (a wrong file is often the wrong document, so it must not stay downloadable);
    the item's history keeps a row and the audit log an event with its name, size, SHA-256,
    uploader and upload time — what was removed, by whom and when stays provable."""
    owner = type(evidence.owner).objects.select_for_update().get(pk=evidence.owner.pk)  # no approval meanwhile
    if owner.locked or owner.status == Status.APPROVED:
        raise ReportingError(f"“{evidence.name}”所属数据已审核通过，佐证材料不能再删除；如需更正请联系领导小组办公室解锁")
    if not may_remove(actor, evidence):
        raise ReportingError(f"只有上传人可以删除佐证材料“{evidence.name}”")
    details = {"file": evidence.name, "size": evidence.size, "sha256": evidence.sha256,
               "uploaded_by": person(evidence.uploaded_by), "uploaded_by_id": evidence.uploaded_by_id,
               "uploaded_at": evidence.uploaded_at.isoformat()}  # fmt: skip
    path = path_of(evidence)
    evidence.delete()
    record_note(item=owner, action=Step.REMOVE_FILE, label="删除佐证材料", actor=actor,
                reason=f"删除佐证材料“{details['file']}”", details=details)  # fmt: skip
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
