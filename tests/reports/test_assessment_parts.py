"""Unit assessment (考核) in the report: only a result published by the period's last day, its
figures those of the frozen version; a unit's report gives its own card, its rank only when the
scheme lets units see the ranking."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from planwatch.reports.services import make_bytes

from .conftest import body_text, open_docx

pytestmark = pytest.mark.django_db


def _card(unit_id, name, total, grade, rank, *, vetoes=()):
    return {"unit": unit_id, "unit_name": name, "total": total, "grade": grade, "rank": rank,
            "vetoed": bool(vetoes), "vetoes": list(vetoes),
            "components": [{"name": "目标完成", "weight": 40, "score": 36.5, "lines": []},
                           {"name": "报送", "weight": 10, "score": 9.0, "lines": []}],
            "bonus": {"name": "加分", "score": 1.5, "lines": []}, "deductions": {"name": "扣分", "score": 2.0, "lines": []}}  # fmt: skip


def _at(y, m, d):
    return timezone.make_aware(datetime(y, m, d, 10, 0))


@pytest.fixture
def assessed(small_plan, reporter_unit):
    """The 2024 assessment of nine units: a 征求意见稿 on 10 January 2025 (never quoted), the 公布稿
    on 20 January, recomputed (第3版) on 15 April after a correction that moved 区丙局 from 79.00 to
    81.00 (一般 → 良好). The reporter's unit ranks 2nd with 93.00 (优秀)."""
    from planwatch.assessment.config import default_config
    from planwatch.assessment.models import Scheme, Version

    scheme = Scheme.objects.create(plan=small_plan.plan, year=2024, name="年度考核", as_of=date(2024, 12, 31),
                                   created_at=_at(2024, 3, 1))  # fmt: skip
    me = reporter_unit.pk
    published = [
        _card(101, "区甲局", 95.0, "优秀", 1), _card(me, "区发展改革局", 93.0, "优秀", 2),
        _card(103, "区乙局", 88.5, "良好", 3), _card(104, "区丁局", 85.0, "良好", 4),
        _card(105, "区戊局", 84.0, "良好", 5), _card(106, "区己局", 82.0, "良好", 6),
        _card(107, "区丙局", 79.0, "一般", 7), _card(108, "区庚局", 72.0, "一般", 8),
        _card(109, "区辛局", 71.0, "较差", 9, vetoes=["移交纪检监察机关"]),
    ]  # fmt: skip
    recomputed = [dict(c) for c in published]
    recomputed[6] = _card(107, "区丙局", 81.0, "良好", 7)
    for number, kind, at, cards in ((1, "consultation", _at(2025, 1, 10), published),
                                    (2, "published", _at(2025, 1, 20), published),
                                    (3, "recomputed", _at(2025, 4, 15), recomputed)):  # fmt: skip
        Version.objects.create(scheme=scheme, number=number, kind=kind, as_of=scheme.as_of, config=default_config(),
                               cards=cards, created_at=at)  # fmt: skip
    return scheme


def _text(plan, period, **kw):
    return "\n".join(body_text(open_docx(make_bytes(plan=plan, period=period, **kw)[0])))


def test_the_first_quarter_quotes_what_was_published_in_january(assessed):
    doc = open_docx(make_bytes(plan=assessed.plan, kind="progress", period="2025Q1")[0])
    assert "考核情况" in "".join(p.text for p in doc.paragraphs if p.style.name == "Heading 1")
    text = "\n".join(body_text(doc))
    assert "2024年度考核结果于2025年1月20日公布：共考核9个单位，其中优秀2个、良好4个、一般2个、较差1个。" in text
    assert ("得分前5位：区甲局（95.00分）、区发展改革局（93.00分）、区乙局（88.50分）、区丁局（85.00分）、"
            "区戊局（84.00分）。") in text  # fmt: skip
    assert "得分后3位：区丙局（79.00分）、区庚局（72.00分）、区辛局（71.00分）。" in text
    assert "一票否决：区辛局（移交纪检监察机关）。" in text


def test_a_later_quarter_quotes_the_recomputed_version(assessed):
    text = _text(assessed.plan, "2025Q2", kind="progress")
    assert "2024年度考核结果于2025年4月15日公布后重新计算（第3版）：共考核9个单位，其中优秀2个、良好5个、一般1个、较差1个。" in text
    assert "区丙局（81.00分）" in text
    assert "1月20日" not in text


def test_before_publication_the_report_says_not_yet(assessed):
    text = _text(assessed.plan, "2024", kind="progress")
    assert "2024年度考核截至2024年12月31日尚未公布结果。" in text
    assert "区甲局" not in text  # neither the 征求意见稿 nor a later version leaks into an earlier report


def test_in_the_middle_of_the_assessed_year_there_is_nothing_to_say(assessed):
    doc = open_docx(make_bytes(plan=assessed.plan, kind="progress", period="2024Q3")[0])
    assert not any("考核情况" in p.text for p in doc.paragraphs if p.style.name == "Heading 1")


def test_a_plan_without_an_assessment_has_no_such_section(small_plan):
    doc = open_docx(make_bytes(plan=small_plan.plan, kind="progress", period="2025Q1")[0])
    assert not any("考核情况" in p.text for p in doc.paragraphs if p.style.name == "Heading 1")


def test_a_units_report_gives_its_own_card(assessed, reporter_unit):
    text = _text(assessed.plan, "2025Q1", kind="unit", unit=reporter_unit)
    assert "2024年度考核结果于2025年1月20日公布：本单位得分93.00分，等次为优秀，排名第2位（共9个单位）。" in text
    assert "各项得分：目标完成36.50分、报送9.00分；加分1.50分，扣分2.00分。" in text
    assert "区甲局" not in text  # other units' scores are not in a unit's report


def test_without_a_published_ranking_a_unit_sees_no_rank(assessed, reporter_unit):
    assessed.publish_ranking = False
    assessed.save(update_fields=["publish_ranking"])
    text = _text(assessed.plan, "2025Q1", kind="unit", unit=reporter_unit)
    assert "本单位得分93.00分，等次为优秀。" in text
    assert "排名" not in text
