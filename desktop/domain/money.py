"""Money as people read it: integer fen shown as ¥1,234.50."""


def format_yuan(cents: int) -> str:
    """`cents` fen as ¥1,234.50; a negative amount (a refund) as -¥38.50."""
    sign = "-" if cents < 0 else ""
    yuan, fen = divmod(abs(cents), 100)
    return f"{sign}¥{yuan:,}.{fen:02d}"
