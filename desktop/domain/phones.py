"""Phone numbers: one canonical form (11-digit Chinese mobiles, E.164 otherwise) and masking."""

import re
import unicodedata

from desktop.domain.errors import InvalidInput
from desktop.i18n import tr

CHINESE_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Separators people and spreadsheets put inside numbers; NFKC has already made them ASCII.
_SEPARATORS = re.compile(r"[\s\-.()/]")
MIN_E164_DIGITS = 8  # shortest real subscriber numbers with a country code (e.g. +6812345)
MAX_E164_DIGITS = 15  # ITU-T E.164


def normalise_phone(text: str) -> str:
    """The canonical form of a typed phone: '13800138000', or '+<digits>' outside China.

    Accepts '+86 138-0013-8000', '0086 13800138000', full-width digits and spaces. Raises
    InvalidInput with a translated reason when the text is not a usable mobile number.
    """
    cleaned = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text or ""))
    if not cleaned:
        raise _invalid(tr("phones", "enter a mobile number"))
    international = cleaned.startswith(("+", "00"))
    digits = cleaned[1:] if cleaned.startswith("+") else cleaned
    if digits.startswith("00") and international:
        digits = digits[2:]
    if not digits.isascii() or not digits.isdigit():
        raise _invalid(tr("phones", "a phone number may contain only digits, spaces, dashes "
                                    "and a leading +"))
    if international:
        if digits.startswith("86"):
            national = digits[2:]
            if CHINESE_MOBILE.match(national):
                return national
            raise _invalid(tr("phones", "a Chinese mobile number has 11 digits and starts "
                                        "with 13 to 19"))
        if not MIN_E164_DIGITS <= len(digits) <= MAX_E164_DIGITS or digits.startswith("0"):
            raise _invalid(tr("phones", "an international number needs its country code and "
                                        "8 to 15 digits in all"))
        return f"+{digits}"
    if len(digits) == 13 and digits.startswith("86") and CHINESE_MOBILE.match(digits[2:]):
        return digits[2:]  # country code typed without the '+'
    if CHINESE_MOBILE.match(digits):
        return digits
    raise _invalid(tr("phones", "a Chinese mobile number has 11 digits and starts with 13 to "
                                "19; write other countries' numbers with + and the country "
                                "code"))


def is_chinese_mobile(phone: str) -> bool:
    """True for a normalised 11-digit Chinese mobile."""
    return bool(CHINESE_MOBILE.match(phone or ""))


def mask_phone(phone: str | None) -> str:
    """A phone with its middle hidden: '138****8000'; '+44****0123' for other countries."""
    if not phone:
        return ""
    if is_chinese_mobile(phone):
        return f"{phone[:3]}****{phone[-4:]}"
    if len(phone) <= 7:
        return "*" * len(phone)
    return f"{phone[:3]}****{phone[-4:]}"


def _invalid(problem: str) -> InvalidInput:
    return InvalidInput(field=tr("phones", "Phone"), problem=problem)
