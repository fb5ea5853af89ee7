"""Site photos of a monthly report: JPEG or PNG only, within the evidence size limit, checked by
their bytes (planwatch.filetypes, through the reporting cycle's `check_file`), and re-encoded by
Pillow without any metadata — EXIF (GPS position, camera, time), comments, XMP — so no location
leaves the office with a download. The picture is first turned upright as its EXIF orientation
says, since that tag goes too. Stored as DATA_DIR/evidence/<id> (owner-only), served only through
a view that asks `allowed(user, "view", photo)`.
"""

from __future__ import annotations

import io
import warnings

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from planwatch.audit.services import record
from planwatch.indicators.observations import actor_user
from planwatch.reporting.errors import ReportingError
from planwatch.reporting.services.evidence import _write, check_file

from .models import ProjectPhoto

PHOTO_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG"}


class PhotoError(ReportingError):
    """A photo refused (one line of Chinese, naming the file)."""


def clean_photo(upload) -> tuple[str, str, bytes]:
    """(safe name, content type, the picture re-encoded without metadata), or PhotoError."""
    try:
        name, content_type = check_file(upload)
    except ReportingError as exc:
        raise PhotoError(str(exc)) from exc
    if content_type not in PHOTO_TYPES:
        raise PhotoError(f"“{name}”不是照片：现场照片只能上传照片或截图（图片文件）")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(upload.read()))
            image.load()
            image = ImageOps.exif_transpose(image)
    except (OSError, ValueError, Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise PhotoError(f"无法读取照片“{name}”：文件已损坏或像素过大") from exc
    image.info = {}  # comments, XMP, ICC and EXIF blocks Pillow would otherwise carry over
    out = io.BytesIO()
    if PHOTO_TYPES[content_type] == "JPEG":
        image.convert("RGB").save(out, format="JPEG", quality=90)
    else:
        image.save(out, format="PNG")
    return name, content_type, out.getvalue()


def attach_photo(*, actor, report, name: str, content_type: str, data: bytes) -> ProjectPhoto:
    photo = ProjectPhoto(report=report, unit_id=report.unit_id, name=name, content_type=content_type,
                         size=len(data), uploaded_by=actor_user(actor))  # fmt: skip
    photo.sha256 = _write(photo, ContentFile(data))
    photo.save()
    record(actor=actor, action="create", obj=photo, reason="上传项目现场照片",
           after={"name": name, "size": len(data), "sha256": photo.sha256, "report": str(report)})  # fmt: skip
    return photo
