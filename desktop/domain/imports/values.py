"""Turn one cell, as a spreadsheet or CSV gives it, into a member field value or a problem.

Each parser returns (value, problem): exactly one is None (both for an empty cell). Problems
are translated sentences; the caller adds the row number and column.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from desktop.domain.errors import InvalidInput
from desktop.domain.members import Birthday, birthday_parts
from desktop.domain.phones import normalise_phone
from desktop.i18n import tr

Result = tuple[object, str | None]

# C0/C1 controls, DEL, zero-width characters and BOMs: invisible, never part of a name.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_SCIENTIFIC = re.compile(r"^([+-]?)(\d+)(?:\.(\d+))?[eE]\+?(\d+)$")
# Excel's General format shows at most 6 significant digits in scientific notation, so a
# mantissa that short may have lost the rest; 7 or more came from a program writing them all.
MIN_EXACT_MANTISSA_DIGITS = 7
# A date cell exported as text may carry a time of day: the birthday is the date before it.
_TIME_OF_DAY = re.compile(r"(?<=[\d日])(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 only after the fake 1900-02-29
MAX_SERIAL = 2958465  # 9999-12-31
_GENDERS = {"男": "m", "男性": "m", "m": "m", "male": "m", "先生": "m",
            "女": "f", "女性": "f", "f": "f", "female": "f", "女士": "f"}
_TAG_SEPARATORS = re.compile(r"[,，;；、|/]+")


def clean_text(value: object) -> str | None:
    """Plain text of a cell: controls removed, spaces collapsed; None when blank.

    Text that looks like a formula ('=1+1', '@SUM(1)') is kept as the text it is.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.isoformat(sep=" ")
    else:
        text = str(value)
    if text.isprintable() and "  " not in text:  # the common case: nothing to remove
        return text.strip(" ") or None
    text = _SPACES.sub(" ", _CONTROL.sub("", text)).strip()
    return text or None


def parse_text(value: object, max_length: int = 200) -> Result:
    """A free-text field (name, tier, notes, WeChat ID)."""
    text = clean_text(value)
    if text is not None and len(text) > max_length:
        return None, tr("imports", "longer than {limit} characters").format(limit=max_length)
    return text, None


def parse_phone(value: object) -> Result:
    """The normalised phone of a cell, recovering numbers Excel stored or showed as floats."""
    if value is None or isinstance(value, bool):
        return None, None
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return None, tr("imports", "a phone number cannot have decimals")
        text = str(int(value))
    else:
        text = unicodedata.normalize("NFKC", clean_text(value) or "")
        if not text:
            return None, None
        scientific = _SCIENTIFIC.match(text.replace(" ", ""))
        if scientific:
            sign, whole, fraction, _ = scientific.groups()
            significant = (whole + (fraction or "")).lstrip("0").rstrip("0")
            try:
                number = Decimal(text.replace(" ", ""))
            except InvalidOperation:
                return None, tr("imports", "not a phone number")
            if (sign == "-" or number != number.to_integral_value()
                    or len(significant) < MIN_EXACT_MANTISSA_DIGITS):
                return None, tr("imports", "the number was shortened by Excel ({text}) and its "
                                           "last digits are lost; type the full number")\
                    .format(text=text)
            text = str(int(number))
        elif re.fullmatch(r"\d+\.0+", text):
            text = text.split(".")[0]
    try:
        return normalise_phone(text), None
    except InvalidInput as error:
        return None, str(error.details.get("problem", error))


def parse_birthday(value: object, today: date | None = None) -> Result:
    """A Birthday from a date cell, an Excel serial number, or the usual ways of writing one."""
    if value is None:
        return None, None
    today = today or date.today()
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return _checked(value.year, value.month, value.day, today)
    if isinstance(value, bool):
        return None, _bad_date()
    if isinstance(value, int | float):
        if not float(value).is_integer():
            value = int(value)  # a date-time serial: the day is the whole part
        number = int(value)
        if 10_000_000 <= number <= 99_991_231:  # 19900503 typed as a number
            return _from_text(str(number), today)
        return _from_serial(number, today)
    text = clean_text(value)
    if text is None:
        return None, None
    return _from_text(unicodedata.normalize("NFKC", text), today)


def _from_serial(serial: int, today: date) -> Result:
    if serial == 60:  # Lotus's 1900-02-29, which never existed
        return None, _bad_date()
    if not 1 <= serial <= MAX_SERIAL:
        return None, _bad_date()
    day = EXCEL_EPOCH + timedelta(days=serial + (1 if serial < 60 else 0))
    return _checked(day.year, day.month, day.day, today)


def _from_text(text: str, today: date) -> Result:
    # The forms are the member book's own (one list of what people write).
    parts = birthday_parts(_TIME_OF_DAY.sub("", text))
    if parts is None:
        return None, _bad_date()
    return _checked(*parts, today)


def _checked(year: int | None, month: int, day: int, today: date) -> Result:
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: 2月29日 is a real birthday
    except ValueError:
        return None, _bad_date()
    if year is not None and not 1900 <= year <= today.year:
        return None, tr("imports", "the birthday's year must be between 1900 and this year")
    if year is not None and date(year, month, day) > today:
        return None, tr("imports", "the birthday is in the future")
    return Birthday(month=month, day=day, year=year), None


def _bad_date() -> str:
    return tr("imports", "not a date; write it like 1990-05-03, 1990年5月3日 or 5月3日")


def parse_gender(value: object) -> Result:
    """'m' or 'f' from 男/女/M/F/male/female."""
    text = clean_text(value)
    if text is None:
        return None, None
    gender = _GENDERS.get(unicodedata.normalize("NFKC", text).casefold())
    if gender is None:
        return None, tr("imports", "gender must be 男 or 女 (M or F)")
    return gender, None


def parse_points(value: object) -> Result:
    """A whole number of points, zero or more; '1,200' and 1200.0 are accepted."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, _bad_points()
    if isinstance(value, int | float):
        number = value
    else:
        text = unicodedata.normalize("NFKC", clean_text(value) or "").replace(",", "")
        if not text:
            return None, None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None, _bad_points()
    try:
        if number != int(number) or number < 0:
            return None, _bad_points()
        return int(number), None
    except (ValueError, OverflowError, InvalidOperation):
        return None, _bad_points()  # NaN, infinity


def _bad_points() -> str:
    return tr("imports", "points must be a whole number, zero or more")


def parse_tags(value: object) -> Result:
    """Tags split on commas, semicolons, 、 and slashes, without repeats, in order."""
    text = clean_text(value)
    if text is None:
        return None, None
    if not _TAG_SEPARATORS.search(text):
        return [text], None
    tags: list[str] = []
    for tag in _TAG_SEPARATORS.split(text):
        tag = tag.strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tags or None, None
