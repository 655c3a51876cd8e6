"""CSV text cells that no spreadsheet runs as a formula, and the same cells read back.

The OWASP rule: a cell starting with = + - @ tab or CR gets an apostrophe in front when
written. Excel and WPS show such a cell as the text after the apostrophe; reading our own
export back drops it again, so a re-imported phone '+447911123456' is +447911123456.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_csv(text: str) -> str:
    """A CSV text cell that no spreadsheet will run as a formula: "'=1+1" for "=1+1"."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def restore_csv(text: str) -> str:
    """A cell as it was before neutralise_csv; other apostrophes ('Connor) stay."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text
