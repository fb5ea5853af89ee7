"""How the pages write a period inside its year ("2024年截至第三季度")."""

import pytest

from planwatch.web.formatting import period_in_year


@pytest.mark.parametrize(
    ("code", "text"),
    [("2024Q3", "第三季度"), ("2024-09", "9月"), ("2024H1", "上半年"), ("2024", "全年"), ("", ""), ("abc", "abc")],
)
def test_a_period_inside_its_year(code, text):
    assert period_in_year(code) == text
