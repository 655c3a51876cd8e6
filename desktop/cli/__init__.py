"""The command line (`shopcircle …`, `python -m desktop …`): argparse over the domain."""

from desktop.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
