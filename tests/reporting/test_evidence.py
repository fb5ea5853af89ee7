"""Evidence files: accepted by content, not by name; size limit; stored under the data directory."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from planwatch.reporting.errors import ReportingError
from planwatch.reporting.services.evidence import attach_evidence, check_file, safe_name
from planwatch.reporting.services.submissions import save_submission
from planwatch.reporting.services.validation import Figure

from .conftest import PDF_BYTES, PNG_BYTES, rule_of


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def ooxml(folder: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("总结.pdf", PDF_BYTES, "application/pdf"),
        ("现场.PNG", PNG_BYTES, "image/png"),
        ("现场.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        (
            "报告.docx",
            ooxml("word/"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("台账.xlsx", ooxml("xl/"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (
            "汇报.pptx",
            ooxml("ppt/"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "application/msword"),
        ("旧版.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "application/vnd.ms-excel"),
    ],
)
def test_accepted_types(name, data, content_type):
    assert check_file(upload(name, data))[1] == content_type


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("病毒.pdf", b"MZ\x90\x00\x03", "文件“病毒.pdf”的内容与扩展名 .pdf 不符"),
        ("假的.docx", ooxml("xl/"), "文件“假的.docx”的内容与扩展名 .docx 不符"),
        ("图片.png", PDF_BYTES, "文件“图片.png”的内容与扩展名 .png 不符"),
        ("脚本.html", b"<script>alert(1)</script>", "不支持的文件类型“脚本.html”"),
        ("无扩展名", PDF_BYTES, "不支持的文件类型“无扩展名”"),
        ("空.pdf", b"", "文件“空.pdf”是空的"),
    ],
)
def test_refused_types(name, data, message):
    with pytest.raises(ReportingError, match=message):
        check_file(upload(name, data))


def test_size_limit(settings):
    settings.REPORTING_EVIDENCE_MAX_MB = 1
    big = upload("扫描件.pdf", PDF_BYTES + b"\x00" * (1024 * 1024))
    with pytest.raises(ReportingError, match=r"文件“扫描件.pdf”过大（1.0 MB），单个文件不能超过 1 MB"):
        check_file(big)


def test_stored_under_the_data_directory_by_id(cycle, reporter, evidence_dir):
    sub = save_submission(actor=reporter.user, rule=rule_of(cycle.own.indicator), period="2025Q4",
                          figure=Figure(Decimal("110")))  # fmt: skip
    evidence = attach_evidence(
        actor=reporter.user, item=sub, upload=upload("../../etc/passwd.pdf", PDF_BYTES)
    )
    assert evidence.name == "passwd.pdf" and evidence.unit_id == sub.unit_id
    assert [p.name for p in evidence_dir.iterdir()] == [str(evidence.pk)]
    assert (evidence_dir / str(evidence.pk)).stat().st_mode & 0o777 == 0o600


def test_safe_names():
    assert safe_name('a\\b/c:d*?"<>|.pdf') == "c_d______.pdf"
    assert safe_name("...") == "附件"
