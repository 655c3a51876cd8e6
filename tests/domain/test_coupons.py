"""Coupon templates: validation naming the field, storage, archiving, and the card texts."""

import datetime as dt

import pytest

from desktop.domain.coupons import (
    TemplateInput,
    TemplateNotFound,
    add_template,
    archive_template,
    describe,
    get_template,
    list_templates,
    update_template,
)
from desktop.domain.errors import InvalidInput
from desktop.i18n import set_language


def test_add_update_archive_and_list(db):
    first = add_template(TemplateInput("  满100减20 ", "amount", 2000, min_spend_cents=10000,
                                       valid_days=30, terms="每单限用一张\n不找零",
                                       style={"color": "#C8102E"}))
    assert (first.title, first.kind, first.value, first.valid_days) == ("满100减20", "amount",
                                                                        2000, 30)
    assert first.terms == "每单限用一张\n不找零"
    assert first.style == {"color": "#C8102E"}
    second = add_template(TemplateInput("Xmas", "percent", 10,
                                        valid_from=dt.date(2026, 12, 1),
                                        valid_to=dt.date(2026, 12, 31)))
    assert get_template(second.id).valid_to == dt.date(2026, 12, 31)
    assert [t.id for t in list_templates()] == [second.id, first.id]

    changed = update_template(first.id, TemplateInput("Free coffee", "gift", 0))
    assert (changed.kind, changed.value, changed.valid_days) == ("gift", 0, None)
    assert archive_template(first.id).archived
    assert [t.id for t in list_templates()] == [second.id]
    assert {t.id for t in list_templates(include_archived=True)} == {first.id, second.id}
    with pytest.raises(TemplateNotFound):
        get_template(999)


@pytest.mark.parametrize(("data", "field"), [
    (TemplateInput("", "amount", 100), "Title"),
    (TemplateInput("x" * 61, "amount", 100), "Title"),
    (TemplateInput("t", "cash", 100), "Type"),
    (TemplateInput("t", "amount", 0), "Value"),
    (TemplateInput("t", "percent", 0), "Value"),
    (TemplateInput("t", "percent", 100), "Value"),
    (TemplateInput("t", "gift", -1), "Value"),
    (TemplateInput("t", "amount", 100, min_spend_cents=-1), "Minimum spend"),
    (TemplateInput("t", "gift", valid_days=0), "Valid days"),
    (TemplateInput("t", "gift", valid_days=3651), "Valid days"),
    (TemplateInput("t", "gift", valid_days=3, valid_from=dt.date(2026, 1, 1),
                   valid_to=dt.date(2026, 1, 2)), "Validity"),
    (TemplateInput("t", "gift", valid_from=dt.date(2026, 1, 1)), "Validity"),
    (TemplateInput("t", "gift", valid_from=dt.date(2026, 1, 2),
                   valid_to=dt.date(2026, 1, 1)), "Valid to"),
])
def test_refusals_name_the_field_and_write_nothing(sqlite_db, data, field):
    with pytest.raises(InvalidInput) as refused:
        add_template(data)
    assert refused.value.details["field"] == field
    assert list_templates(include_archived=True) == []


def test_boundaries_are_accepted(sqlite_db):
    add_template(TemplateInput("x" * 60, "percent", 99, valid_days=3650))
    add_template(TemplateInput("y", "percent", 1, valid_from=dt.date(2026, 1, 1),
                               valid_to=dt.date(2026, 1, 1)))
    add_template(TemplateInput("z", "stamp", 0))
    assert len(list_templates()) == 3


def test_describe_in_english_and_chinese(sqlite_db):
    amount = TemplateInput("t", "amount", 2000, min_spend_cents=10000, valid_days=30)
    dated = TemplateInput("t", "percent", 10, valid_from=dt.date(2026, 12, 1),
                          valid_to=dt.date(2026, 12, 31))
    set_language("en")
    texts = describe(amount)
    assert (texts.value, texts.min_spend, texts.validity) == (
        "¥20 off", "Min. spend ¥100", "Valid 30 days from issue")
    assert describe(TemplateInput("t", "amount", 990)).value == "¥9.90 off"
    dated_texts = describe(dated)
    assert (dated_texts.value, dated_texts.min_spend, dated_texts.validity) == (
        "10% off", "", "Valid 2026-12-01 – 2026-12-31")
    assert describe(TemplateInput("t", "gift")).value == "Free item"
    assert describe(TemplateInput("t", "gift")).validity == "No expiry"
    set_language("zh_CN")
    try:
        chinese = describe(amount)
        assert "20" in chinese.value and chinese.value != "¥20 off"
        assert "100" in chinese.min_spend and chinese.min_spend != "Min. spend ¥100"
    finally:
        set_language("en")
