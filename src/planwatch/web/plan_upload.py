"""A plan document uploaded through the 导入计划 page, between its upload and its confirmation.

The office uploads a file, reads what the extractor made of it (and, for a plan already stored,
the revision's differences), confirms the targets the extractor was unsure of one by one, and
only then is anything stored — through the same services as `planwatch import-plan`. Between
the two requests the file waits in the data directory under a random token that only the
uploader's session knows; the extraction is run again on confirmation (it is deterministic and
takes well under a second for a plan of this genre), so nothing extracted is kept in between.
Files left unconfirmed are removed after a day.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from planwatch.extract import ExtractError, PlanDocument, extract_plan

SESSION_KEY = "plan_uploads"
SUFFIXES = (".txt", ".docx", ".pdf")
STALE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"[0-9a-f]{32}")
_SIGNS = {">=": "≥", "<=": "≤"}


class UploadError(Exception):
    """A Chinese sentence for the page: the file or the token is not usable."""


@dataclass(frozen=True)
class Doubt:
    """A target or a unit the extractor was unsure of, keyed by its place in the document."""

    key: str
    article: str
    item: str  # the target as read (指标 ≥ 值单位) or the unit's name
    reason: str
    source: str


def folder() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def max_bytes() -> int:
    return settings.PLAN_UPLOAD_MAX_MB * 1024 * 1024


def store(upload, session) -> str:
    """Keep an uploaded file for its confirmation; the token goes into the session."""
    name = Path(upload.name or "").name
    if not name.lower().endswith(SUFFIXES):
        raise UploadError("请上传纯文本、Word 或带文字层的 PDF 计划文件（旧版 Word 文件请先另存为新格式）")
    if upload.size > max_bytes():
        raise UploadError(f"文件超过 {settings.PLAN_UPLOAD_MAX_MB} 兆，请联系系统管理员在服务器上导入")
    _prune()
    token = secrets.token_hex(16)
    digest = hashlib.sha256()
    with (folder() / f"{token}.upload").open("wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    session[SESSION_KEY] = {**session.get(SESSION_KEY, {}), token: {"name": name, "sha256": digest.hexdigest()}}
    return token


def pending(token: str, session) -> tuple[Path, dict]:
    """The stored file of a token this session uploaded, and what was said of it."""
    meta = session.get(SESSION_KEY, {}).get(token) if _TOKEN.fullmatch(token or "") else None
    path = folder() / f"{token}.upload"
    if meta is None or not path.exists():
        raise UploadError("上传的文件已失效（超过一天未确认，或已导入、已取消），请重新上传")
    return path, meta


def extract(path: Path, name: str) -> PlanDocument:
    """The extraction, with the file's own name in any error rather than the waiting file's."""
    try:
        return extract_plan(path)
    except ExtractError as exc:
        raise UploadError(str(exc).replace(str(path), name)) from exc


def forget(token: str, session) -> None:
    (folder() / f"{token}.upload").unlink(missing_ok=True)
    uploads = dict(session.get(SESSION_KEY, {}))
    uploads.pop(token, None)
    session[SESSION_KEY] = uploads


def doubts(document: PlanDocument) -> list[Doubt]:
    return [
        Doubt(f"{ai}-{ti}", f"{a.label}{a.title or ''}", f"{t.indicator} {_SIGNS.get(t.comparator, t.comparator)} {t.value:g}{t.unit}",
              t.doubt, t.source)
        for ai, a in enumerate(document.articles)
        for ti, t in enumerate(a.targets)
        if t.doubt
    ]  # fmt: skip


def unit_doubts(document: PlanDocument) -> list[Doubt]:
    """The units read with doubt, keyed u<article>-<place in the article's unit list>."""
    return [
        Doubt(f"u{ai}-{a.units.index(d.name)}", f"{a.label}{a.title or ''}", d.name, d.doubt, _unit_source(a.text, d.name))
        for ai, a in enumerate(document.articles)
        for d in a.unit_doubts
        if d.name in a.units
    ]  # fmt: skip


def _unit_source(text: str, name: str) -> str:
    """The sentence of the article's text that gave the unit (the whole text when it was inherited)."""
    for sentence in re.split(r"(?<=[。；;])", text):
        if name in sentence or name[1:] in sentence:
            return sentence.strip()
    return text[:120]


def keep_confirmed(document: PlanDocument, confirmed: set[str]) -> int:
    """Drop every doubtful target and unit not confirmed (the office did not vouch for it); how many."""
    dropped = 0
    for ai, article in enumerate(document.articles):
        kept = [t for ti, t in enumerate(article.targets) if not t.doubt or f"{ai}-{ti}" in confirmed]
        dropped += len(article.targets) - len(kept)
        article.targets = kept
        doubtful = {d.name for d in article.unit_doubts}
        refused = {u for ui, u in enumerate(article.units) if u in doubtful and f"u{ai}-{ui}" not in confirmed}
        dropped += len(refused)
        article.units = [u for u in article.units if u not in refused]
        article.lead_units = [u for u in article.lead_units if u not in refused]
        article.unit_doubts = [d for d in article.unit_doubts if d.name not in refused]
    return dropped


def _prune() -> None:
    limit = time.time() - STALE_SECONDS
    for path in folder().glob("*.upload"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
