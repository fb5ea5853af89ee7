"""`planwatch extract` on files that are not a readable plan: one line of Chinese, exit 2.

A clerk who feeds the wrong file must see what is wrong with it, never a traceback, and a
failed run must not leave an output file behind.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .docbuild import build_corrupt_docx, build_encrypted_pdf, build_scanned_pdf

PNG = bytes.fromhex("89504e470d0a1a0a0000000d494844520000001000000010080600000000") + bytes(range(256)) * 8
PROSE = (
    "今年以来，我们认真学习领会上级精神，坚持问题导向，狠抓工作落实，各项工作取得了积极成效。"
    "下一步，我们将继续深化改革，优化服务，努力推动经济社会高质量发展，让群众有更多获得感。\n"
)


def _file(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return make


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "missing": (lambda tmp: tmp / "无此文件.txt", "文件不存在"),
    "directory": (lambda tmp: tmp, "文件夹"),
    "empty": (_file("空白.txt", b""), "文件是空的"),
    "whitespace-only": (_file("plan.txt", b" \n\r\n\t\n"), "文件是空的"),
    "binary": (_file("plan.txt", bytes((i * 7919 + 13) % 256 for i in range(4096))), "无法识别的文件格式"),
    "png-renamed-txt": (_file("plan.txt", PNG), "无法识别的文件格式"),
    "scanned-pdf": (lambda tmp: build_scanned_pdf(tmp / "scan.pdf"), "没有文字层"),
    "encrypted-pdf": (lambda tmp: build_encrypted_pdf(tmp / "locked.pdf"), "已加密"),
    "corrupt-docx": (lambda tmp: build_corrupt_docx(tmp / "plan.docx"), "文件已损坏"),
    "truncated-docx": (lambda tmp: build_corrupt_docx(tmp / "plan.docx", damage="truncated"), "文件已损坏"),
    "no-structure": (_file("prose.txt", PROSE.encode()), ""),  # the parser words this one
}

CJK = re.compile(r"[\u4e00-\u9fff]")


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "planwatch.cli", "extract", *map(str, args)]
    return subprocess.run(command, capture_output=True, encoding="utf-8", cwd=cwd, timeout=120)


def _assert_one_line_of_chinese(res: subprocess.CompletedProcess, expected: str) -> None:
    assert "Traceback" not in res.stderr
    assert res.returncode == 2, res.stderr
    lines = res.stderr.splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("错误：")
    assert CJK.search(lines[0].removeprefix("错误："))
    assert expected in lines[0]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_prints_one_chinese_line_and_exits_2(case, tmp_path):
    make, expected = CASES[case]
    work = tmp_path / "work"
    work.mkdir()
    res = _run(make(work), cwd=tmp_path)
    _assert_one_line_of_chinese(res, expected)
    assert res.stdout == ""


@pytest.mark.parametrize("case", CASES)
def test_bad_input_leaves_no_output_file(case, tmp_path):
    make, expected = CASES[case]
    work = tmp_path / "work"
    work.mkdir()
    out = tmp_path / "out.json"
    res = _run(make(work), "-o", out, cwd=tmp_path)
    _assert_one_line_of_chinese(res, expected)
    assert res.stdout == ""
    assert not out.exists()
