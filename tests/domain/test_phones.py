"""Phone numbers are stored in one canonical form and shown masked where asked."""

import pytest

from desktop import i18n
from desktop.domain.errors import InvalidInput
from desktop.domain.phones import mask_phone, normalise_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("+86 (138) 0013 8000", "13800138000"),
        ("0086 13800138000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),  # full-width digits from a Chinese IME
        ("\u3000138\u30000013\u30008000 ", "13800138000"),  # ideographic spaces
        ("+852 9123 4567", "+85291234567"),
        ("+44 7911 123456", "+447911123456"),
        ("001 415 555 0123", "+14155550123"),
    ],
)
def test_phones_are_normalised(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "1380013800", "138001380001", "12800138000", "010-12345678", "abc",
     "+86 1280013800", "+1 23", "138001380O0"],
)
def test_unusable_phones_are_refused_with_a_reason(typed):
    with pytest.raises(InvalidInput) as caught:
        normalise_phone(typed)
    assert caught.value.exit_code == 2
    assert caught.value.user_message().startswith("Phone: ")


def test_the_reason_is_translated():
    i18n.set_language("zh_CN")
    with pytest.raises(InvalidInput) as caught:
        normalise_phone("12345")
    message = caught.value.user_message()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message


def test_masking_hides_the_middle():
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("+447911123456") == "+44****3456"
    assert mask_phone("") == ""
    assert mask_phone(None) == ""
    assert "7911" not in mask_phone("+447911123456")
