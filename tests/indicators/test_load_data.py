"""`planwatch load-data`: CSV and XLSX in, every row checked, all rows or none, idempotent."""

from __future__ import annotations

import time
from datetime import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .conftest import make_plan, run, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

GOOD = ["地区生产总值", "2022", "1200", "", "区统计局", ""]


def counts():
    from planwatch.indicators.models import Observation, ObservationRevision

    return Observation.objects.count(), ObservationRevision.objects.count()


def refused(path, **options) -> list[str]:
    """The error lines of a refused load (the summary line first); the database must be unchanged."""
    before = counts()
    with pytest.raises(CommandError) as err:
        run("load_data", path, **options)
    assert err.value.returncode == 2
    assert counts() == before
    return str(err.value).splitlines()


def test_csv_happy_path(data_plan, tmp_path):
    from planwatch.indicators.models import Observation

    path = write_csv(tmp_path / "data.csv", [
        GOOD,
        ["地区生产总值", "2023", "1,250.5", "亿元", "区统计局", "初步核算"],
        ["高新技术企业", "2023Q1", "12", "家", "区科技局", ""],
        ["新增学位", "2023年上半年", "3000", "人", "区教育局", ""],
        ["普惠园覆盖率", "2023", "925", "‰", "", ""],
    ], encoding="utf-8-sig")  # fmt: skip
    out = run("load_data", path)
    assert "已导入计划 data-plan：新增 5 条，更新 0 条，未变化 0 条" in out
    gdp = Observation.objects.get(indicator=data_plan.gdp, period="2023")
    assert gdp.value == Decimal("1250.5") and gdp.note == "初步核算" and gdp.source == "区统计局"
    assert gdp.status == "approved" and not gdp.is_demo and gdp.entered_by is None
    seats = Observation.objects.get(indicator=data_plan.seats)
    assert (seats.period, seats.value, seats.entered_value, seats.entered_unit) == (
        "2023H1", Decimal("0.3"), Decimal("3000"), "人")  # fmt: skip
    assert Observation.objects.get(indicator=data_plan.rate).value == Decimal("92.5")
    assert Observation.objects.get(indicator=data_plan.hightech).period_end.isoformat() == "2023-03-31"


def test_gbk_csv_with_chinese_headers_and_article_column(data_plan, tmp_path):
    from planwatch.indicators.models import Observation

    header = ["条目", "指标", "期间", "数值", "单位", "来源", "备注"]
    path = write_csv(tmp_path / "gbk.csv", [
        ["（十）", "高新", "2023年第二季度", "15", "", "区科技局", ""],
        ["十", "专精特新", "2023-06", "2", "", "", ""],
    ], header=header, encoding="gbk")  # fmt: skip
    assert "新增 2 条" in run("load_data", path, plan="data-plan")
    assert Observation.objects.get(indicator=data_plan.hightech).period == "2023Q2"
    assert Observation.objects.get(indicator=data_plan.zhuanjing).period == "2023-06"


def test_xlsx_happy_path_with_title_row_numbers_dates_and_percent_cells(data_plan, tmp_path):
    from openpyxl import load_workbook

    from planwatch.indicators.models import Observation

    path = write_xlsx(tmp_path / "data.xlsx", [
        ["地区生产总值", 2023, 1250.5, "亿元", "区统计局", None],
        ["新增高新技术企业", "2023Q4", 20, None, None, None],
        ["新增“专精特新”中小企业", datetime(2024, 6, 1), 3, "家", None, None],
        ["普惠园覆盖率", "2024", 0.931, None, None, None],
    ], header=["指标", "期间", "数值", "单位", "来源", "备注"], title="2023年指标数据")  # fmt: skip
    book = load_workbook(path)
    book.active["C6"].number_format = "0.0%"  # 0.931 shown as 93.1%
    book.save(path)
    assert "新增 4 条" in run("load_data", path)
    assert Observation.objects.get(indicator=data_plan.gdp).value == Decimal("1250.5")
    assert Observation.objects.get(indicator=data_plan.zhuanjing).period == "2024-06"
    assert Observation.objects.get(indicator=data_plan.rate).value == Decimal("93.1")


def test_a_unit_in_the_value_header_applies_to_rows_without_their_own(data_plan, tmp_path):
    from planwatch.indicators.models import Observation

    path = write_csv(
        tmp_path / "wan.csv", [["地区生产总值", "2023", "12500000"]], header=["指标", "期间", "数值（万元）"]
    )
    run("load_data", path)
    assert Observation.objects.get(indicator=data_plan.gdp).value == Decimal("1250")


BAD_ROWS = [
    (["不存在的指标", "2023", "1", "", "", ""], "第 3 行：未找到指标“不存在的指标”"),
    (
        ["新增", "2023", "1", "", "", ""],
        "第 3 行：指标“新增”对应多个指标：新增高新技术企业（条目（十））、新增“专精特新”中小企业（条目（十））、新增学位（条目（四十））",
    ),
    (["地区生产总值", "2023Q5", "1", "", "", ""], "第 3 行：无法识别的期间：2023Q5"),
    (["地区生产总值", "2023", "约1200", "", "", ""], "第 3 行：数值“约1200”不是数字"),
    (["地区生产总值", "2023", "1200亿", "", "", ""], "第 3 行：数值“1200亿”不是数字；单位请填在“单位”列"),
    (["地区生产总值", "2023", "5", "家", "", ""], "第 3 行：单位“家”与指标单位“亿元”不一致，无法换算"),
    (["地区生产总值", "2022", "1300", "", "", ""], "第 3 行：与第 2 行重复（指标“地区生产总值”，期间 2022）"),
    (["地区生产总值", "", "1", "", "", ""], "第 3 行：“期间”为空"),
    (["", "2023", "", "", "", ""], "第 3 行：“指标”、“数值”为空"),
    (["单位GDP能耗", "2023", "0.05", "", "", ""], "第 3 行：指标“单位GDP能耗”是计算指标"),
    (["地区生产总值", "2023", "1", "", "统" * 201, ""], "第 3 行：“来源”超过 200 个字"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_ROWS)
def test_each_kind_of_bad_row_is_named_with_its_line_and_nothing_is_written(
    data_plan, tmp_path, bad, message
):
    lines = refused(write_csv(tmp_path / "bad.csv", [GOOD, bad]))
    assert lines[0] == "文件 bad.csv 未导入：发现 1 处错误，数据库未作任何修改"
    assert lines[1].startswith(message), lines


def test_unknown_article_and_ambiguity_within_an_article(data_plan, tmp_path):
    header = ["指标", "条目", "期间", "数值"]
    path = write_csv(tmp_path / "art.csv", [["新增", "（四十）", "2023", "1"], ["新增", "（十）", "2023", "1"],
                                            ["地区生产总值", "（九十）", "2023", "1"]], header=header)  # fmt: skip
    lines = refused(path)
    assert lines[1:] == [
        "第 3 行：指标“新增”（条目（十）中）对应多个指标：新增高新技术企业（条目（十））、新增“专精特新”中小企业（条目（十））；请写完整名称或指标编码",
        "第 4 行：未找到条目“（九十）”",
    ]


def test_line_numbers_follow_the_file_through_multi_line_cells(data_plan, tmp_path):
    path = write_csv(tmp_path / "multi.csv", [
        ["地区生产总值", "2022", "1200", "", "", "第一行\n第二行"],
        ["地区生产总值", "2023", "abc", "", "", ""],
    ])  # fmt: skip
    assert refused(path)[1] == "第 4 行：数值“abc”不是数字"


def test_xlsx_errors_name_the_sheet_row(data_plan, tmp_path):
    path = write_xlsx(
        tmp_path / "bad.xlsx", [GOOD, [None] * 6, ["地区生产总值", "2023", "n/a"]], title="标题"
    )
    assert refused(path)[1] == "第 5 行：数值“n/a”不是数字"


def test_every_error_is_listed_one_per_line(data_plan, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [GOOD, ["x", "2023", "1"], ["地区生产总值", "2099Q9", "1"]])
    lines = refused(path)
    assert lines[0].endswith("发现 2 处错误，数据库未作任何修改")
    assert [line.split("：")[0] for line in lines[1:]] == ["第 3 行", "第 4 行"]


def test_on_the_command_line_errors_go_to_stderr_with_exit_status_2(data_plan, tmp_path, capsys):
    from planwatch.indicators.management.commands.load_data import Command

    path = write_csv(tmp_path / "bad.csv", [GOOD, ["x", "2023", "1"]])
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["planwatch", "load_data", str(path)])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        "错误：文件 bad.csv 未导入：发现 1 处错误，数据库未作任何修改",
        "第 3 行：未找到指标“x”",
    ]


def test_ten_thousand_rows_with_one_bad_row_load_nothing_and_name_it(tmp_path, db):
    rows_plan = make_plan("big-plan")
    names = [
        "地区生产总值",
        "新增高新技术企业",
        "新增“专精特新”中小企业",
        "普惠园覆盖率",
        "新增学位",
        "能源消费总量",
    ]
    rows = [[names[n % 6], f"{1950 + (n // 6) // 12}-{(n // 6) % 12 + 1:02d}", str(n)] for n in range(10_000)]
    rows[7775][2] = "12o"  # the letter o for a zero: file line 7777
    path = write_csv(tmp_path / "big.csv", rows, header=["indicator", "period", "value"])
    started = time.perf_counter()
    lines = refused(path)
    assert lines[1:] == ["第 7777 行：数值“12o”不是数字"]
    rows[7775][2] = "120"
    out = run("load_data", write_csv(tmp_path / "big.csv", rows, header=["indicator", "period", "value"]))
    # progress counts the file's lines (the header is line 1), then the rows compared
    assert "新增 10000 条" in out and "已校验 10001/10001 行" in out and "已比对 10000/10000 行" in out
    from planwatch.indicators.models import Observation

    assert Observation.objects.filter(indicator__plan=rows_plan.plan, derived=False).count() == 10_000
    # energy ÷ gdp wherever both exist, except the first month, where gdp is 0
    assert Observation.objects.filter(indicator=rows_plan.intensity).count() == 10_000 // 6 - 1
    # a bound against quadratic regressions, with room for a loaded CI machine (alone: ~10 s)
    assert time.perf_counter() - started < 30


def test_loading_the_same_file_twice_changes_nothing(data_plan, tmp_path):
    from planwatch.indicators.models import Observation, ObservationRevision

    path = write_csv(tmp_path / "data.csv", [GOOD, ["新增高新技术企业", "2023Q1", "12", "", "", ""]])
    run("load_data", path)
    before = list(Observation.objects.order_by("pk").values_list("pk", "value", "entered_at"))
    revisions = ObservationRevision.objects.count()
    assert "新增 0 条，更新 0 条，未变化 2 条" in run("load_data", path)
    assert list(Observation.objects.order_by("pk").values_list("pk", "value", "entered_at")) == before
    assert ObservationRevision.objects.count() == revisions == 2  # the two creations


def test_a_changed_value_makes_a_revision(data_plan, tmp_path):
    from planwatch.indicators.models import Observation

    run("load_data", write_csv(tmp_path / "v1.csv", [GOOD, ["地区生产总值", "2023", "1250"]]))
    first = Observation.objects.get(indicator=data_plan.gdp, period="2022").entered_at
    out = run("load_data", write_csv(tmp_path / "v2.csv", [GOOD, ["地区生产总值", "2023", "1262.3"]]))
    assert "新增 0 条，更新 1 条，未变化 1 条" in out
    obs = Observation.objects.get(indicator=data_plan.gdp, period="2023")
    assert obs.value == Decimal("1262.3")
    revision = obs.revisions.order_by("pk").last()
    assert (revision.old_value, revision.new_value) == (Decimal("1250"), Decimal("1262.3"))
    assert revision.reason == "导入文件 v2.csv 第 3 行"
    assert Observation.objects.get(indicator=data_plan.gdp, period="2022").entered_at == first


def test_a_changed_source_is_a_revision_too(data_plan, tmp_path):
    from planwatch.indicators.models import Observation

    run("load_data", write_csv(tmp_path / "v1.csv", [GOOD]))
    run("load_data", write_csv(tmp_path / "v2.csv", [["地区生产总值", "2022", "1200", "", "市统计局", ""]]))
    revision = Observation.objects.get().revisions.order_by("pk").last()
    assert revision.old_value == revision.new_value == Decimal("1200")
    assert revision.changes == {"source": ["区统计局", "市统计局"]}


def test_plan_is_required_when_two_plans_exist(data_plan, tmp_path):
    make_plan("second-plan")
    path = write_csv(tmp_path / "data.csv", [GOOD])
    with pytest.raises(CommandError, match="数据库中有多个计划（data-plan、second-plan），请用 --plan 指定"):
        run("load_data", path)
    assert "已导入计划 second-plan" in run("load_data", path, plan="second-plan")


def test_no_plan_at_all(db, tmp_path):
    with pytest.raises(CommandError, match="还没有行动计划"):
        run("load_data", write_csv(tmp_path / "data.csv", [GOOD]))


def test_check_only_writes_nothing(data_plan, tmp_path):
    out = StringIO()
    call_command("load_data", str(write_csv(tmp_path / "data.csv", [GOOD])), check=True, stdout=out)
    assert "检查通过：1 行" in out.getvalue()
    assert counts() == (0, 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件是空的"),
        ("指标,期间\n地区生产总值,2023\n".encode(), "缺少必需的列“数值”（value）"),
        ("指标,期间,数值,备住\n".encode(), "无法识别的列名“备住”"),
        ("指标,期间,数值\n".encode(), "没有数据行"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "不支持旧版 Excel（.xls）"),
        (b"PK\x03\x04garbage", "无法读取 Excel 文件"),
    ],
)
def test_unreadable_files_are_refused(data_plan, tmp_path, content, message):
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    assert message in "\n".join(refused(path))


def test_file_size_limit(data_plan, tmp_path, monkeypatch):
    from planwatch.indicators import tables

    monkeypatch.setattr(tables, "MAX_FILE_BYTES", 100)
    path = write_csv(tmp_path / "big.csv", [GOOD] * 10)
    assert "文件过大" in refused(path)[1]


def test_a_row_with_several_problems_names_each(data_plan, tmp_path):
    lines = refused(write_csv(tmp_path / "bad.csv", [GOOD, ["不存在", "2023Q5", "x", "", "", ""]]))
    assert lines[1:] == [
        "第 3 行：未找到指标“不存在”",
        "第 3 行：无法识别的期间：2023Q5，应为 2023、2023H1、2023Q2 或 2023-06",
        "第 3 行：数值“x”不是数字",
    ]


def test_indicators_taken_from_a_part_of_their_name_are_shown(data_plan, tmp_path):
    out = run("load_data", write_csv(tmp_path / "data.csv", [["高新技术", "2023Q1", "12", "", "", ""]]))
    assert "按名称的一部分认出的指标：“高新技术” → 新增高新技术企业" in out


def test_a_bad_row_near_the_end_of_100000_leaves_every_stored_figure_as_it_was(tmp_path, db):
    """All or none at full size: row 99,999 of the file is wrong, so neither the new rows nor
    the changed figures of rows already stored are written."""
    from planwatch.indicators.models import Observation, ObservationRevision
    from reliability.bigplan import make_plan as make_big_plan
    from reliability.bigplan import write_data

    make_big_plan(name="full-size", indicators=1000)
    run("load_data", write_data(tmp_path / "first.csv", indicators=1000, rows=10), plan="full-size")
    stored = list(Observation.objects.order_by("pk").values_list("pk", "value", "entered_at"))
    path = write_data(tmp_path / "all.csv", indicators=1000, rows=100_000, offset=1)  # every value moved by 1
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[99_999] = lines[99_999].replace("测试产业00998号增加值", "没有这个指标")  # file line 100,000
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert refused(path, plan="full-size")[1:] == ["第 100000 行：未找到指标“没有这个指标”"]
    assert list(Observation.objects.order_by("pk").values_list("pk", "value", "entered_at")) == stored
    assert ObservationRevision.objects.count() == 10


def test_a_write_failing_after_the_observations_went_in_leaves_nothing(data_plan, tmp_path, monkeypatch):
    """The statements run in one transaction: a failure at the last one (the revisions of the
    new rows) takes the rows already inserted with it."""
    from django.db import DatabaseError

    from planwatch.indicators import observations

    def fail(self):
        self.new.run()
        raise DatabaseError("磁盘已满")

    monkeypatch.setattr(observations.PreparedWrite, "execute", fail)
    path = write_csv(tmp_path / "data.csv", [GOOD, ["新增高新技术企业", "2023Q1", "12", "", "", ""]])
    with pytest.raises(DatabaseError):
        run("load_data", path)
    assert counts() == (0, 0)


def test_a_figure_stored_while_the_file_was_checked_is_updated_not_inserted_twice(data_plan, tmp_path):
    """The write was prepared when 2022 had no figure; someone enters one before the write: the
    load compares again under the lock and updates it, with a revision from the figure entered."""
    from planwatch.indicators.load import commit_load, prepare_load
    from planwatch.indicators.models import Observation
    from planwatch.indicators.observations import enter_observation

    path = write_csv(tmp_path / "data.csv", [GOOD, ["地区生产总值", "2023", "1250"]])
    loaded = prepare_load(actor="测试", plan=data_plan.plan, path=path)
    enter_observation(actor="测试", indicator=data_plan.gdp, period="2022", value=Decimal("1111"))
    result = commit_load(actor="测试", plan=data_plan.plan, loaded=loaded)
    assert (result.rows, result.written.created, result.written.updated) == (2, 1, 1)
    gdp = Observation.objects.get(indicator=data_plan.gdp, period="2022")
    assert gdp.value == Decimal("1200")
    revision = gdp.revisions.order_by("pk").last()
    assert (revision.old_value, revision.new_value, revision.reason) == (
        Decimal("1111"), Decimal("1200"), "导入文件 data.csv 第 2 行")  # fmt: skip


def test_an_indicator_renamed_while_the_file_was_checked_refuses_the_whole_file(data_plan, tmp_path):
    from planwatch.indicators.errors import LoadError
    from planwatch.indicators.load import commit_load, prepare_load

    path = write_csv(tmp_path / "data.csv", [GOOD, ["新增高新技术企业", "2023Q1", "12", "", "", ""]])
    loaded = prepare_load(actor="测试", plan=data_plan.plan, path=path)
    data_plan.gdp.name = "区域经济总量"
    data_plan.gdp.save()
    before = counts()
    with pytest.raises(LoadError) as err:
        commit_load(actor="测试", plan=data_plan.plan, loaded=loaded)
    assert err.value.errors == ["第 2 行：未找到指标“地区生产总值”"]
    assert counts() == before
