"""`python -m desktop` and the `shopcircle` console script: the command line, or the window."""

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run ShopCircle; returns the exit code (the window opens when no command is given)."""
    from desktop.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
