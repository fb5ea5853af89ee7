"""How the pages write a period inside its year ("2024年截至第三季度")."""

import pytest

from planwatch.web.formatting import latest_text, period_in_year


@pytest.mark.parametrize(
    ("code", "text"),
    [("2024Q3", "第三季度"), ("2024-09", "9月"), ("2024H1", "上半年"), ("2024", "全年"), ("", ""), ("abc", "abc")],
)
def test_a_period_inside_its_year(code, text):
    assert period_in_year(code) == text


def annual_flow(latest: str, value: float, year: dict) -> dict:
    """A result as the evaluation service gives it for 每年≥1家 (kind added by the pages)."""
    return {"basis": "annual", "kind": "flow", "target_unit": "家",
            "latest": {"period": latest, "value": value}, "years": [year]}  # fmt: skip


def test_an_annual_flow_inside_its_year_shows_the_year_so_far():
    """每年≥1家 met by a factory in the second quarter: the third quarter's 0 is shown beside the
    year's 1, which the status (已完成) stands on."""
    result = annual_flow("2024Q3", 0.0, {"year": 2024, "period": "2024Q3", "value": 1.0, "complete": False})
    assert latest_text(result) == "2024年截至第三季度累计 1家，本期新增 0家"


def test_an_annual_flow_for_a_whole_year_is_that_year():
    result = annual_flow("2023", 2.0, {"year": 2023, "period": "2023", "value": 2.0, "complete": True})
    assert latest_text(result) == "2023年新增 2家"


def test_a_flow_judged_over_the_plan_shows_the_period():
    result = {**annual_flow("2025Q4", 3.0, {}), "basis": "level"}
    assert latest_text(result) == "2025年第四季度新增 3家"
