"""The pages through the whole cycle: the office creates and edits a scheme (a wrong sum of
weights is refused in Chinese, nothing saved), 征求意见, a unit sees its own card only and
appeals a line, the office decides, 公布; the exports open."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

pytestmark = pytest.mark.django_db


def form_of(scheme) -> dict:
    data = {"bonus_cap": "5", "as_of": "2024-09-30", "publish_ranking": "1"}
    for i, c in enumerate(scheme.config["components"]):
        data.update({f"c{i}_name": c["name"], f"c{i}_weight": str(c["weight"]), f"c{i}_rule": c["rule"]})
    for i, g in enumerate(scheme.config["grades"]):
        data.update({f"g{i}_name": g["name"], f"g{i}_min": str(g["minimum"]), f"g{i}_quota": str(g.get("quota") or "")})
    return data


def test_office_edits_consults_unit_appeals_office_decides_and_publishes(seed_year, office, reporter, other_reporter):
    from planwatch.assessment.models import Appeal

    base = f"/assessment/s/{seed_year.pk}/"
    bad = form_of(seed_year) | {"c0_weight": "50"}
    page = office.client.post(base + "edit/", bad).content.decode()
    assert "各项权重之和应为100，现为110" in page
    seed_year.refresh_from_db()
    assert seed_year.config["components"][0]["weight"] == 40
    page = office.client.post(base + "edit/", form_of(seed_year) | {"c0_points": "很好 1"}).content.decode()
    assert "“目标完成”的分值“很好 1”：结果应为已完成、进展顺利、需加快、进展滞后、倒退、数据不足之一" in page
    good = form_of(seed_year) | {"c0_weight": "35", "c1_weight": "30", "c0_points": "进展滞后 0.5；需加快 0.6"}
    assert office.client.post(base + "edit/", good).status_code == 302
    seed_year.refresh_from_db()
    assert [c["weight"] for c in seed_year.config["components"]][:2] == [35, 30]
    assert seed_year.config["components"][0]["points"] == {"off_track": 0.5}  # 需加快 0.6 is the default
    assert "进展滞后 0.5" in office.client.get(base + "edit/").content.decode()
    ranking = office.client.get(base).content.decode()
    assert "区发展改革局" in ranking and "<meter" in ranking and "草稿按当前记录计算" in ranking
    assert reporter.client.get(base).status_code == 403
    assert office.client.post(base + "consult/", {"appeal_until": "2099-12-31"}).status_code == 302
    own = f"{base}units/{reporter.user.profile.unit_id}/"
    assert reporter.client.get(base)["Location"] == own
    assert other_reporter.client.get(own).status_code == 403
    card = reporter.client.get(own).content.decode()
    assert "提交申诉" in card and "目标完成（权重 35）" in card
    assert re.search(r'<a href="/projects/items/\d+/">项目“', card) and re.search(r'<a href="/indicators/\d+/">', card)
    kind, source = re.search(r'name="kind" value="(\w+)"><input type="hidden" name="source_id" value="(\d+)"', card).groups()
    component = re.search(r'name="component" value="([^"]+)"><input type="hidden" name="kind" value="' + kind, card).group(1)
    reporter.client.post(base + "appeal/", {"component": component, "kind": kind, "source_id": source,
                                            "reason": "数据口径调整", "evidence": "市中发改〔2024〕9号"})  # fmt: skip
    appeal = Appeal.objects.get()
    assert (appeal.unit_id, appeal.state) == (reporter.user.profile.unit_id, "submitted")
    assert "数据口径调整" in office.client.get(base + "appeals/").content.decode()
    office.client.post(f"/assessment/appeals/{appeal.pk}/decide/", {"upheld": "0", "decision": "口径未变"})
    appeal.refresh_from_db()
    assert (appeal.state, appeal.decision) == ("rejected", "口径未变")
    history = reporter.client.get(base + "appeals/").content.decode()
    assert "申诉" in history and "申诉不成立：口径未变" in history
    assert office.client.post(base + "publish/", {}).status_code == 302
    assert reporter.client.get(base).status_code == 200  # the published ranking: every unit (the setting)
    notice = Document(io.BytesIO(office.client.get(base + "files/notice.docx").content))
    assert "考核结果的通报" in notice.paragraphs[0].text
    assert reporter.client.get(base + "files/notice.docx").status_code == 403
    mine = Document(io.BytesIO(reporter.client.get(f"{base}files/card-{reporter.user.profile.unit_id}.docx").content))
    assert "区发展改革局2024年度考核计分明细" in mine.paragraphs[0].text
