"""Pinyin initials of names ('张三' -> 'zs') for the cashier's quick search."""

import unicodedata
from functools import lru_cache

MAX_LENGTH = 50  # Member.name_initials

# Surnames whose surname reading differs from the character's most common reading.
SURNAME_INITIALS = {
    "曾": "z", "单": "s", "解": "x", "仇": "q", "查": "z", "区": "o", "覃": "q", "翟": "z",
    "种": "c", "召": "s", "秘": "b", "句": "g", "乐": "y", "朴": "p", "缪": "m",
}
COMPOUND_SURNAMES = {"尉迟": "yc", "万俟": "mq", "长孙": "zs", "单于": "cy"}


def name_initials(name: str) -> str:
    """Lower-case pinyin initials of the Chinese characters, latin letters kept as they are.

    The first character is read as a surname (曾 -> z, not c). Digits, spaces and punctuation
    are dropped. pypinyin is imported on first use: the command line must start fast.
    """
    text = unicodedata.normalize("NFKC", name or "").strip()
    prefix = ""
    if text[:2] in COMPOUND_SURNAMES:
        prefix, text = COMPOUND_SURNAMES[text[:2]], text[2:]
    elif text[:1] in SURNAME_INITIALS:
        prefix, text = SURNAME_INITIALS[text[:1]], text[1:]
    return (prefix + "".join(_char_initial(ch) for ch in text))[:MAX_LENGTH]


@lru_cache(maxsize=8192)
def _char_initial(ch: str) -> str:
    if ch.isascii():
        return ch.lower() if ch.isalpha() else ""
    if not _is_han(ch):
        return ""
    from pypinyin import Style, lazy_pinyin

    letters = lazy_pinyin(ch, style=Style.FIRST_LETTER, errors="ignore")
    return letters[0].lower() if letters and letters[0].isascii() else ""


def _is_han(ch: str) -> bool:
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF  # CJK Unified Ideographs
        or 0x3400 <= code <= 0x4DBF  # Extension A
        or 0x20000 <= code <= 0x2EBEF  # Extensions B-F
        or code == 0x3007  # 〇
    )
