"""QR matrices (error correction M) from the qrcode library, with a fast mask choice.

qrcode picks the mask by building the symbol eight times and scoring each in pure Python,
about 1.5 ms a code: the bulk of a 10,000-coupon sheet. A symbol with mask m differs from the
same symbol with mask 0 only where the masks differ on data modules and in the format bits,
and that difference does not depend on the data. So one symbol is built with mask 0 and the
other seven are one XOR of row bitmasks away, learnt once per version; the ISO 18004 penalty
then picks the mask as qrcode would, scored on rows and columns as strings and integers.
"""

import itertools
import re
from functools import cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4  # modules of white around the symbol, as the standard asks
_MASKS = range(8)
_RUNS = re.compile(r"0{5,}|1{5,}")
_FINDER_LIKE = re.compile(r"(?=10111010000|00001011101)")


def qr_rows(data: str) -> list[int]:
    """The symbol's rows, most significant bit leftmost, 1 = dark; no quiet zone."""
    symbol = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=0)
    symbol.add_data(data)
    symbol.make(fit=True)
    base = _rows(symbol.modules)
    candidates = [base] + [
        [row ^ flip for row, flip in zip(base, delta, strict=True)]
        for delta in _mask_deltas(symbol.version)[1:]
    ]
    return min(candidates, key=penalty)  # first of equals, as qrcode's own choice


def qr_matrix(data: str) -> list[list[bool]]:
    """The symbol as rows of booleans (True = dark), for callers that want cells."""
    rows = qr_rows(data)
    size = len(rows)
    return [[bool(row >> (size - 1 - column) & 1) for column in range(size)] for row in rows]


def penalty(rows: list[int]) -> int:
    """ISO 18004 §8.8.2 mask penalty: runs, 2x2 blocks, finder look-alikes, dark balance."""
    size = len(rows)
    full = (1 << size) - 1
    lines = [format(row, f"0{size}b") for row in rows]
    columns = ["".join(column) for column in zip(*lines, strict=True)]
    every = " ".join(lines + columns)  # the space ends runs and patterns at each line's end
    score = sum(len(run) - 2 for run in _RUNS.findall(every))
    score += 40 * len(_FINDER_LIKE.findall(every))
    for upper, lower in itertools.pairwise(rows):
        dark = upper & lower & (upper >> 1) & (lower >> 1)
        light = ~upper & ~lower & (~upper >> 1) & (~lower >> 1) & (full >> 1)
        score += 3 * (dark.bit_count() + light.bit_count())
    dark_percent = sum(row.bit_count() for row in rows) * 100 / (size * size)
    return score + 10 * int(abs(dark_percent - 50) / 5)


@cache
def _mask_deltas(version: int) -> list[list[int]]:
    """Per mask, the rows to XOR onto the mask-0 symbol of this version to get that mask."""
    built = []
    for mask in _MASKS:
        symbol = qrcode.QRCode(
            version=version, error_correction=ERROR_CORRECT_M, border=0, mask_pattern=mask
        )
        symbol.add_data("0")
        symbol.make(fit=False)
        built.append(_rows(symbol.modules))
    return [[row ^ zero for row, zero in zip(rows, built[0], strict=True)] for rows in built]


def _rows(modules: list[list[bool | None]]) -> list[int]:
    return [int("".join("1" if cell else "0" for cell in line), 2) for line in modules]
