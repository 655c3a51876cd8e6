"""Coupon codes: alphabet, length, check symbol (every typo and swap caught), forgiving input."""

import random
import string

import pytest

from desktop.domain import coupon_codes
from desktop.domain.coupon_codes import (
    ALPHABET,
    CODE_LENGTH,
    display,
    is_valid,
    new_code,
    new_codes,
    normalise,
    single_edits,
)


@pytest.fixture(scope="module")
def codes():
    return new_codes(3000)


def test_codes_are_long_random_and_use_only_the_readable_alphabet(codes):
    assert len(set(codes)) == len(codes)
    assert all(len(code) == CODE_LENGTH and set(code) <= set(ALPHABET) for code in codes)
    assert not set(ALPHABET) & set("01OILU=+-@")
    assert all(is_valid(code) for code in codes)
    # Every symbol appears in every position: nothing about a code is predictable.
    for position in range(CODE_LENGTH - 1):
        assert {code[position] for code in codes} == set(ALPHABET)


def test_every_single_substitution_is_caught(codes):
    for code in codes:
        for position in range(CODE_LENGTH):
            for symbol in ALPHABET:
                if symbol != code[position]:
                    assert not is_valid(code[:position] + symbol + code[position + 1:])


def test_every_adjacent_swap_is_caught(codes):
    for code in codes:
        for position in range(CODE_LENGTH - 1):
            a, b = code[position], code[position + 1]
            if a != b:
                assert not is_valid(code[:position] + b + a + code[position + 2:])


def test_typed_forms_are_read_as_the_code(codes):
    rng = random.Random(5)
    full_width = {ch: chr(ord(ch) + 0xFEE0) for ch in string.ascii_uppercase + string.digits}
    for code in codes[:500]:
        shown = display(code)
        assert shown.count("-") == 2 and shown.replace("-", "") == code
        forms = [shown, shown.lower(), code.lower(), " ".join(shown.split("-")),
                 "".join(full_width.get(ch, ch) for ch in shown), f"  {shown}\t",
                 "".join(ch.lower() if rng.random() < 0.5 else ch for ch in code)]
        assert {normalise(form) for form in forms} == {code}


def test_a_mistyped_code_leads_back_to_what_was_meant(codes):
    code = codes[0]
    typo = code[:3] + ("Z" if code[3] != "Z" else "Y") + code[4:]
    assert code in set(single_edits(typo))
    assert code in set(single_edits(code[:5] + code[6:]))  # a symbol left out
    assert code in set(single_edits(code[:5] + "K" + code[5:]))  # one too many
    assert all(is_valid(candidate) for candidate in single_edits(typo))
    assert not is_valid("0" + code[1:]) and not is_valid(code + "A") and not is_valid("")


def test_a_body_whose_check_would_be_zero_is_never_used(monkeypatch):
    zero_body = next(b for b in ("".join(random.Random(n).choices(ALPHABET, k=11))
                                 for n in range(2000)) if coupon_codes.check_symbol(b) is None)
    bodies = iter([*zero_body, *"23456789ABC"])
    monkeypatch.setattr(coupon_codes.secrets, "choice", lambda alphabet: next(bodies))
    assert new_code() == "23456789ABC" + coupon_codes.check_symbol("23456789ABC")


def test_new_codes_never_repeat_a_taken_code():
    taken = set(new_codes(50))
    fresh = new_codes(200, taken)
    assert not taken & set(fresh) and len(set(fresh)) == 200
