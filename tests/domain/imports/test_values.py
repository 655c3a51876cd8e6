"""Cell values as real files hold them: phones, birthdays, gender, points, text."""

from datetime import date, datetime

import pytest

from desktop.domain.imports import ColumnMapping
from desktop.domain.imports.columns import map_headers, match_header, normalise_header
from desktop.domain.imports.header import find_header
from desktop.domain.imports.table import SourceRow
from desktop.domain.imports.values import (
    Birthday,
    clean_text,
    parse_birthday,
    parse_gender,
    parse_phone,
    parse_points,
    parse_tags,
)

TODAY = date(2026, 1, 1)


@pytest.mark.parametrize("cell", [
    13800138000, 13800138000.0, "13800138000", "13800138000.0", "1.3800138E10",
    "1.3800138e+10", "１３８００１３８０００", "138 0013 8000", "138-0013-8000",
    "+86 138 0013 8000", "8613800138000", " 13800138000\u200b",
])
def test_phone_forms_recovered(cell):
    assert parse_phone(cell) == ("13800138000", None)


@pytest.mark.parametrize("cell", ["1.38001E+10", "1.38E+10", 13800138000.5, "-1.3800138E10",
                                  "12345", "abc"])
def test_phone_forms_refused_not_guessed(cell):
    value, problem = parse_phone(cell)
    assert value is None and problem


def test_lost_digits_message_says_so():
    assert "lost" in parse_phone("1.38001E+10")[1]


def test_blank_phone_is_no_value_and_no_problem():
    assert parse_phone(None) == (None, None)
    assert parse_phone("  ") == (None, None)


@pytest.mark.parametrize(("cell", "expected"), [
    (date(1990, 5, 3), Birthday(5, 3, 1990)),
    (datetime(1990, 5, 3, 0, 0), Birthday(5, 3, 1990)),
    (32996, Birthday(5, 3, 1990)),
    (32996.0, Birthday(5, 3, 1990)),
    (32996.75, Birthday(5, 3, 1990)),
    (59, Birthday(2, 28, 1900)),
    (61, Birthday(3, 1, 1900)),
    (1, Birthday(1, 1, 1900)),
    ("1990/5/3", Birthday(5, 3, 1990)),
    ("1990-05-03", Birthday(5, 3, 1990)),
    ("1990.5.3", Birthday(5, 3, 1990)),
    ("1990年5月3日", Birthday(5, 3, 1990)),
    ("１９９０年５月３日", Birthday(5, 3, 1990)),
    ("1990-05-03 00:00:00", Birthday(5, 3, 1990)),
    ("19900503", Birthday(5, 3, 1990)),
    (19900503, Birthday(5, 3, 1990)),
    ("5月3日", Birthday(5, 3)),
    ("05-03", Birthday(5, 3)),
    ("2月29日", Birthday(2, 29)),
])
def test_birthday_forms(cell, expected):
    assert parse_birthday(cell, TODAY) == (expected, None)


@pytest.mark.parametrize("cell", [60, 0, -5, "1990-13-01", "1990-02-30", "2030-01-01",
                                  "1850-01-01", "明天", True, "13/45"])
def test_birthday_refused(cell):
    value, problem = parse_birthday(cell, TODAY)
    assert value is None and problem


@pytest.mark.parametrize(("cell", "expected"), [
    ("男", "m"), ("女", "f"), ("M", "m"), ("f", "f"), ("Female", "f"), ("Ｍ", "m"),
])
def test_gender(cell, expected):
    assert parse_gender(cell) == (expected, None)


def test_gender_refused():
    assert parse_gender("未知")[1]


@pytest.mark.parametrize(("cell", "expected"), [(120, 120), (120.0, 120), ("1,200", 1200),
                                                 ("０", 0), (" 35 ", 35)])
def test_points(cell, expected):
    assert parse_points(cell) == (expected, None)


@pytest.mark.parametrize("cell", [-1, 1.5, "abc", "-3", float("nan"), float("inf"), True])
def test_points_refused(cell):
    value, problem = parse_points(cell)
    assert value is None and problem


def test_control_characters_stripped_and_formula_text_kept():
    assert clean_text("张\x00三\x07\u200b ") == "张三"
    assert clean_text("a\r\nb\tc") == "a b c"
    assert clean_text("=HYPERLINK(\"http://x\")") == "=HYPERLINK(\"http://x\")"
    assert clean_text("<b>x</b>") == "<b>x</b>"
    assert clean_text(42.0) == "42"


def test_tags_split_without_repeats():
    assert parse_tags("VIP，老客户; VIP、 新品") == (["VIP", "老客户", "新品"], None)


@pytest.mark.parametrize(("header", "field"), [
    ("姓名", "name"), ("客户名称", "name"), ("会员名称", "name"), ("Name", "name"),
    ("手机号码：", "phone"), ("联系电话", "phone"), ("Mobile Phone", "phone"), ("TEL", "phone"),
    ("会员手机号(必填)", "phone"), ("出生日期", "birthday"), ("Birthday", "birthday"),
    ("积分", "points"), ("会员等级", "tier"), ("Level", "tier"), ("标签", "tags"),
    ("备注", "notes"), ("Remark", "notes"), ("性别", "gender"), ("Sex", "gender"),
    ("微信号", "wechat"), ("ＷｅＣｈａｔ", "wechat"),
])
def test_header_names(header, field):
    assert match_header(header)[0] == field


def test_unrelated_headers_do_not_match():
    assert match_header("hotel")[0] is None
    assert match_header("消费金额")[0] is None
    assert normalise_header(" 手机 号码： ") == "手机号码"


def test_exact_header_wins_over_a_column_that_only_contains_the_name():
    mapping = map_headers(["推荐人手机", "姓名", "手机"])
    assert mapping.columns == {"phone": 2, "name": 1}


def test_header_row_chosen_over_title_rows():
    rows = [SourceRow(1, ["会员名单"]), SourceRow(2, ["导出时间", "2024-01-01"]),
            SourceRow(4, ["序号", "姓名", "手机号", "积分"]), SourceRow(5, [1, "张三", 1, 2])]
    guess = find_header(rows)
    assert (guess.row_number, guess.index) == (4, 2)
    assert guess.mapping.columns == {"name": 1, "phone": 2, "points": 3}


def test_mapping_edit_keeps_one_field_per_column():
    mapping = ColumnMapping({"name": 0, "phone": 1})
    mapping.assign("notes", 0)
    assert mapping.columns == {"phone": 1, "notes": 0}
    mapping.assign("phone", None)
    assert mapping.column_of("phone") is None
    with pytest.raises(ValueError):
        mapping.assign("salary", 3)
