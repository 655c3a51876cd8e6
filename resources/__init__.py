"""Icons, translations and templates, found through one frozen-aware helper."""

import sys
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource, in a source tree, an installed package or a PyInstaller build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    base = Path(frozen_root) / "resources" if frozen_root else Path(__file__).resolve().parent
    return base.joinpath(*parts)
