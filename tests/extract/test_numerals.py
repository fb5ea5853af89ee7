import pytest

from planwatch.extract.numerals import cn_to_int, int_to_cn, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("二十三", 23),
        ("四十七", 47),
        ("两", 2),
        ("一百零五", 105),
        ("一百二十", 120),
        ("三千", 3000),
    ],
)
def test_chinese_numerals(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("text", ["", "万", "千人", "abc", "十x"])
def test_not_numerals(text):
    assert cn_to_int(text) is None


def test_parse_number_keeps_ints_and_floats_apart():
    assert parse_number("1400") == 1400 and isinstance(parse_number("1400"), int)
    assert parse_number("1.92") == 1.92
    assert parse_number("十五") == 15


@pytest.mark.parametrize("n", [1, 9, 10, 11, 19, 20, 47, 100, 101, 110, 999, 1000, 1001, 2345])
def test_int_to_cn_round_trips(n):
    assert cn_to_int(int_to_cn(n)) == n
