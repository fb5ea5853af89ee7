"""A PDF beside a generated Word report, made by LibreOffice when it is installed (optional).

`soffice --headless --convert-to pdf` takes 3–15 s (a cold start under load), longer than a
page may keep a web worker, so the 报告 page does not convert inside the request: once the
DOCX is saved (`transaction.on_commit`), a thread converts it and stores the PDF on the same
row; the list shows 转换中 until it is there. Each conversion runs with its own LibreOffice
profile directory, so two can run at once. Without `soffice` nothing is started and the page
offers the DOCX alone; `planwatch report --pdf` converts in the command instead.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from django.db import connection, transaction

from .models import GeneratedReport, PdfStatus

TIMEOUT = 180  # seconds; LibreOffice's first start on a cold machine is slow
log = logging.getLogger(__name__)


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes) -> bytes:
    """The PDF of a DOCX, converted in a scratch directory (raises on failure or time-out)."""
    command = soffice()
    if command is None:
        raise FileNotFoundError("未安装 LibreOffice（soffice）")
    with tempfile.TemporaryDirectory(prefix="planwatch-pdf-") as scratch:
        folder = Path(scratch)
        (folder / "report.docx").write_bytes(data)
        profile = (folder / "profile").as_uri()
        subprocess.run(
            [command, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(folder), str(folder / "report.docx")],
            check=True, capture_output=True, timeout=TIMEOUT,
        )  # fmt: skip
        return (folder / "report.pdf").read_bytes()


def convert(report_id: int) -> None:
    """Convert one stored report and keep the PDF (or the failure) on its row."""
    report = GeneratedReport.objects.get(pk=report_id)
    try:
        report.pdf, report.pdf_status = docx_to_pdf(bytes(report.content)), PdfStatus.READY
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("PDF conversion of report %s failed: %s", report_id, exc)
        report.pdf, report.pdf_status = None, PdfStatus.FAILED
    report.save(update_fields=["pdf", "pdf_status"])


def spawn(target, *args) -> None:
    """Run `target(*args)` in a thread of its own, which closes its database connection after."""

    def run() -> None:
        try:
            target(*args)
        finally:
            connection.close()

    threading.Thread(target=run, daemon=True, name="planwatch-pdf").start()


def offer_pdf(report: GeneratedReport) -> None:
    """Mark a Word report as being converted and start the conversion once it is committed."""
    if not report.file_name.endswith(".docx") or soffice() is None:
        return
    report.pdf_status = PdfStatus.CONVERTING
    report.save(update_fields=["pdf_status"])
    transaction.on_commit(lambda: spawn(convert, report.pk))
