"""Names for the files the app writes for the user: safe on Windows, never over another file."""

import re
from pathlib import Path

# Characters Windows refuses in a file name, and control characters.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')
MAX_STEM = 120  # Windows paths stay well under 260 characters in a usual folder


def safe_file_stem(text: str) -> str:
    """`text` usable as a file name on Windows: unsafe characters as '-', no dots at the end."""
    stem = _UNSAFE.sub("-", text).strip().rstrip(".").strip()
    return stem[:MAX_STEM] or "-"


def unique_path(path: Path) -> Path:
    """`path`, or 'name (2).ext', 'name (3).ext' … when a file of that name already exists."""
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({number}){path.suffix}")
        number += 1
    return candidate
