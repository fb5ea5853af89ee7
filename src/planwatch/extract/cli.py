"""`planwatch extract FILE [--format json|table] [-o OUT]`: no Django, no database.

Bad input ends with one line of Chinese on stderr and exit status 2, never a traceback; the
output file is written only when extraction succeeded, so a failed run leaves nothing behind.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import extract_plan
from .errors import ExtractError
from .model import PlanDocument

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in Chinese with exit status 2."""

    def error(self, message: str) -> None:  # pragma: no cover - argparse plumbing
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"错误：命令参数有误（{message}）\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="planwatch extract",
        description="从行动计划文件（txt、docx、pdf）中抽取章节、条目、责任单位、目标和节点。",
    )
    p.add_argument("file", help="计划文件：.txt、.docx 或带文字层的 .pdf")
    p.add_argument("--format", choices=["json", "table"], default="json", help="输出格式（默认 json）")
    p.add_argument("-o", "--output", help="写入该文件，而不是标准输出")
    return p


def run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        plan = extract_plan(args.file)
    except ExtractError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    text = render_json(plan) if args.format == "json" else render_table(plan)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"错误：无法写入输出文件 {args.output}（{exc.strerror}）", file=sys.stderr)
            return EXIT_BAD_INPUT
    else:
        sys.stdout.write(text)
    return 0


def render_json(plan: PlanDocument) -> str:
    return json.dumps(plan.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _fmt_value(t) -> str:
    value = f"{t.value:g}" if isinstance(t.value, float) else str(t.value)
    if t.comparator == "range" and t.value_max is not None:
        upper = f"{t.value_max:g}" if isinstance(t.value_max, float) else str(t.value_max)
        return f"{value}–{upper}{t.unit}"
    return f"{t.comparator} {value}{t.unit}"


_BASIS_ZH = {
    "level": "水平值",
    "annual": "每年",
    "cumulative": "累计",
    "change_vs_base": "较基期变化",
    "portfolio": "项目盘子",
}


def render_table(plan: PlanDocument) -> str:
    """A readable Chinese summary for a person checking the extraction by eye."""
    out = [f"标题：{plan.title or '（无）'}"]
    if plan.period:
        out.append(f"期限：{plan.period.start}—{plan.period.end}年")
    n_targets = sum(len(a.targets) for a in plan.articles)
    out.append(f"共 {len(plan.chapters)} 章，{len(plan.articles)} 条，{n_targets} 个量化目标")
    by_chapter: dict[int | None, list] = {}
    for a in plan.articles:
        by_chapter.setdefault(a.chapter, []).append(a)
    titles = {c.number: c.title for c in plan.chapters}
    for number, articles in by_chapter.items():
        out.append("")
        out.append(f"第{number}章 {titles.get(number, '')}" if number else "（未分章）")
        for a in articles:
            out.append(f"  {a.label}{a.title}")
            if a.lead_units:
                out.append(f"      牵头：{'、'.join(a.lead_units)}")
            co = [u for u in a.units if u not in a.lead_units]
            if co:
                out.append(f"      {'配合' if a.lead_units else '单位'}：{'、'.join(co)}")
            for t in a.targets:
                year = f"{t.year}年" if t.year else ("每年" if t.basis == "annual" else "年份未写明")
                out.append(
                    f"      ◎ {t.indicator} {_fmt_value(t)}（{year}，{_BASIS_ZH.get(t.basis, t.basis)}）"
                )
            for m in a.milestones:
                out.append(f"      ◇ {m.year or ''}年 {m.text}")
    if plan.tasks:
        out += ["", f"任务表：{len(plan.tasks)} 项"]
        out += [
            f"  {t.number}. {t.text}（{'、'.join(t.units) or '未列单位'}；{t.due or '无时限'}）"
            for t in plan.tasks
        ]
    out += [f"注意：{w}" for w in plan.warnings]
    return "\n".join(out) + "\n"
