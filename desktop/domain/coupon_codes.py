"""Coupon codes: unguessable, easy to read aloud and type, with a check character.

A code is 11 random symbols and one check symbol, shown in groups of four (K7QM-3XHP-9TRD)
and stored without dashes. The alphabet has 30 symbols: digits 2-9 and the letters without
the look-alikes I, L, O and U (no 0/O, 1/I/L; U is dropped too, against V). 11 symbols from
a CSPRNG carry 53.9 bits: with 100,000 codes outstanding a guess is right with probability
100,000 / 30^11 ≈ 6e-12, far below one in a million.

The check symbol: each symbol is a number 1..30 and position i (from 1, the check symbol
last) weighs i; the weighted sum is 0 modulo the prime 31. A single wrong symbol changes
the sum by w·d with 0 < w, |d| < 31, and two swapped neighbours by (wᵢ - wᵢ₊₁)·d = ±d: never
a multiple of 31, so every single typo and every adjacent swap is caught. A body whose check
would be 0 (not a symbol) is simply not used: generation draws another.

Input is forgiving: lower case, spaces, dashes and full-width characters are accepted. A
look-alike outside the alphabet (0, O, 1, I, L, U) makes an entry a typo; `single_edits`
lists the valid codes it may have meant, for the desk's "did you mean" suggestion.
"""

import secrets
import unicodedata
from collections.abc import Iterable

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY_LENGTH = 11
CODE_LENGTH = BODY_LENGTH + 1
GROUP = 4
MODULUS = 31
_VALUE = {symbol: index + 1 for index, symbol in enumerate(ALPHABET)}  # 1..30
_SEPARATORS = " -_\u00a0\u3000.·"


def check_symbol(body: str) -> str | None:
    """The check symbol that completes `body` (symbols of ALPHABET), None if there is none."""
    total = sum(position * _VALUE[symbol] for position, symbol in enumerate(body, start=1))
    weight = len(body) + 1
    # weight * value ≡ -total (mod 31); pow(weight, -1, 31) is the inverse of the weight.
    value = (-total * pow(weight, -1, MODULUS)) % MODULUS
    return ALPHABET[value - 1] if value else None


def is_valid(code: str) -> bool:
    """True for a normalised code of the right length whose check symbol matches."""
    if len(code) != CODE_LENGTH or any(symbol not in _VALUE for symbol in code):
        return False
    total = sum(position * _VALUE[symbol] for position, symbol in enumerate(code, start=1))
    return total % MODULUS == 0


def new_code() -> str:
    """A fresh random code (normalised: no dashes)."""
    while True:
        body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
        check = check_symbol(body)
        if check is not None:
            return body + check


def new_codes(count: int, taken: Iterable[str] = ()) -> list[str]:
    """`count` distinct fresh codes, none of them in `taken`."""
    seen = set(taken)
    codes: list[str] = []
    while len(codes) < count:
        code = new_code()
        if code not in seen:
            seen.add(code)
            codes.append(code)
    return codes


def normalise(text: str) -> str:
    """What a cashier typed or a scanner sent, as a stored code would be written.

    Full-width characters become ASCII, letters upper case; spaces and dashes go. Symbols
    outside the alphabet stay, so the result may be no valid code (see is_valid).
    """
    folded = unicodedata.normalize("NFKC", text or "").upper()
    return "".join(ch for ch in folded if ch not in _SEPARATORS and not ch.isspace())


def display(code: str) -> str:
    """A normalised code in groups for reading: K7QM-3XHP-9TRD."""
    return "-".join(code[start:start + GROUP] for start in range(0, len(code), GROUP))


def single_edits(code: str) -> Iterable[str]:
    """Every valid code one typo or one adjacent swap away from `code` (a mistyped entry)."""
    seen: set[str] = set()
    candidates: list[str] = []
    if len(code) == CODE_LENGTH:
        for position in range(CODE_LENGTH):
            for symbol in ALPHABET:
                if symbol != code[position]:
                    candidates.append(code[:position] + symbol + code[position + 1:])
        for position in range(CODE_LENGTH - 1):
            a, b = code[position], code[position + 1]
            if a != b:
                candidates.append(code[:position] + b + a + code[position + 2:])
    elif len(code) == CODE_LENGTH + 1:  # one symbol too many
        candidates += [code[:position] + code[position + 1:] for position in range(len(code))]
    elif len(code) == CODE_LENGTH - 1:  # one symbol left out
        candidates += [code[:position] + symbol + code[position:]
                       for position in range(len(code) + 1) for symbol in ALPHABET]
    for candidate in candidates:
        if candidate not in seen and is_valid(candidate):
            seen.add(candidate)
            yield candidate
