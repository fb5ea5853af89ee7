"""The report's section on unit assessment (考核) — only a result published by the period's last day.

Registered from the reports app (apps.py), so the assessment app knows nothing of reports. A
draft or a 征求意见稿 is never quoted: the report goes to the leaders and to the city, and a score
still open to appeal is not a result. The version quoted is the newest published one (公布稿 or
公布后重新计算) whose time is on or before the report's day D, of the latest assessment year that
has one, so a report about 2025Q1 quotes the 2024 assessment published in January and a report
written later about the same quarter still quotes what was published by then. Every figure is the
frozen card's (`Version.cards`), the same the API gives for that version.

A unit's report gives the unit's own card; its rank only when the scheme lets units see the
ranking (`Scheme.publish_ranking`), the rule the assessment pages follow. With nothing published
yet the section says so only for a year already over (an annual report, or the next year's
quarters); in the middle of the assessed year there is nothing to say and the section is left out.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time, timedelta

from django.utils import timezone

from planwatch.assessment.config import scheme_of
from planwatch.assessment.models import Scheme, Version, VersionKind
from planwatch.reporting.services.reminders import cn_date

from . import sections
from .facts import Facts, Scope

TOP = 5
BOTTOM = 3


def published_by(scope: Scope) -> Version | None:
    """The newest version published on or before the report's day, of the latest year that has one."""
    end = timezone.make_aware(datetime.combine(scope.as_of + timedelta(days=1), time.min))
    return (Version.objects.filter(scheme__plan=scope.plan, created_at__lt=end,
                                   kind__in=(VersionKind.PUBLISHED, VersionKind.RECOMPUTED))
            .select_related("scheme").order_by("-scheme__year", "-created_at", "-number").first())  # fmt: skip


def _title(version: Version) -> str:
    scheme = version.scheme
    day = cn_date(timezone.localdate(version.created_at))
    how = "公布" if version.kind == VersionKind.PUBLISHED else f"公布后重新计算（第{version.number}版）"
    return f"{scheme.title}结果于{day}{how}"


def _named(cards: list[dict]) -> str:
    return "、".join(f"{c['unit_name']}（{c['total']:.2f}分）" for c in cards)


def assessment_section(facts: Facts, w: sections.Writer) -> bool:
    scope = facts.scope
    version = published_by(scope)
    if version is None:
        ended = (scope.as_of + timedelta(days=1)).year - 1  # a year's assessment is due once the year is over
        pending = Scheme.objects.filter(plan=scope.plan, year__lte=ended).order_by("-year").first()
        if pending is None:
            return False
        w.para(f"{pending.title}截至{cn_date(scope.as_of)}尚未公布结果。")
        return True
    if scope.unit is not None:
        return _unit_card(version, scope.unit, w)
    cards = version.cards
    grades = Counter(c["grade"] for c in cards)
    order = [g.name for g in scheme_of(version.config).grades]
    parts = "、".join(f"{g}{grades[g]}个" for g in order if grades[g])
    w.para(f"{_title(version)}：共考核{len(cards)}个单位" + (f"，其中{parts}" if parts else "") + "。")
    top = cards[:TOP]
    if top:
        w.para(f"得分前{len(top)}位：{_named(top)}。")
    bottom = cards[len(top):][-BOTTOM:]
    if bottom:
        w.para(f"得分后{len(bottom)}位：{_named(bottom)}。")
    vetoed = [c for c in cards if c["vetoed"]]
    if vetoed:
        w.para("一票否决：" + "；".join(f"{c['unit_name']}（{'、'.join(c['vetoes'])}）" for c in vetoed) + "。")
    return True


def _unit_card(version: Version, unit, w: sections.Writer) -> bool:
    card = next((c for c in version.cards if c["unit"] == unit.pk), None)
    if card is None:
        w.para(f"{_title(version)}，本单位不在考核范围内。")
        return True
    rank = f"，排名第{card['rank']}位（共{len(version.cards)}个单位）" if version.scheme.publish_ranking else ""
    w.para(f"{_title(version)}：本单位得分{card['total']:.2f}分，等次为{card['grade']}{rank}。")
    scores = "、".join(f"{c['name']}{c['score']:.2f}分" for c in card["components"])
    w.para(f"各项得分：{scores}；加分{card['bonus']['score']:.2f}分，扣分{card['deductions']['score']:.2f}分。")
    if card["vetoed"]:
        w.para(f"本单位被一票否决：{'、'.join(card['vetoes'])}。")
    return True


sections.register(sections.Section("assessment", "考核情况", 75, assessment_section))
