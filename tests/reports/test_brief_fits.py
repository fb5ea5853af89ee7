"""The leaders' 要情简报 keeps to one A4 page of 22 lines: measured by the line estimate on the
seed plan with demo data, and — where LibreOffice is installed — by converting it to PDF and
counting pages. Changes that do not fit are counted in one closing sentence."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from pypdf import PdfReader

from planwatch.reports import documents
from planwatch.reports.pagefit import estimated_lines, text_lines
from planwatch.reports.services import make_bytes

from .conftest import body_text, open_docx

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text, per_line, indent, lines",
    [
        ("一" * 25, 27, 2, 1),  # 2 + 25 = 27: one full line
        ("一" * 26, 27, 2, 2),
        ("2024" * 6, 27, 0, 1),  # 24 half-width characters are 12 wide
        ("年2024年", 4, 0, 2),  # 1 + ¼ + 2 + ¼ + 1 = 4.5 > 4
        ("", 27, 2, 1),  # an empty paragraph is still a line
    ],
)
def test_text_lines_by_hand(text, per_line, indent, lines):
    assert text_lines(text, per_line, indent) == lines


@pytest.fixture
def seed_brief(seed_demo):
    data, _, _ = make_bytes(plan=seed_demo, kind="brief", period="2024Q3")
    return data


def test_seed_brief_fits_the_22_lines(seed_brief):
    document = open_docx(seed_brief)
    assert estimated_lines(document) <= 22
    text = body_text(document)
    assert text[1].startswith("领导小组办公室\t") and text[1].endswith("日")  # the 报头 line under the title
    assert "三、与上期相比的变化" in text


def test_seed_brief_is_one_page_in_libreoffice(seed_brief, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: only the conversion is skipped")
    path = tmp_path / "brief.docx"
    path.write_bytes(seed_brief)
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    assert len(PdfReader(tmp_path / "brief.pdf").pages) == 1


def test_changes_that_do_not_fit_are_counted_not_printed(gdp_plan, monkeypatch):
    changes = [f"第{n}个指标名称较长的目标：由进展顺利变为进展滞后。" for n in range(1, 41)]
    monkeypatch.setattr(documents, "_changes", lambda rows, previous: changes)
    document = open_docx(make_bytes(plan=gdp_plan.plan, kind="brief", period="2024Q2")[0])
    assert estimated_lines(document) <= 22
    text = body_text(document)
    shown = [t for t in text if t in changes]
    assert 0 < len(shown) < 40 and shown == changes[: len(shown)]
    assert text[-1] == f"另有{40 - len(shown)}个目标状态发生变化，详见进展情况报告。"
