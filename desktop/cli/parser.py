"""argparse that speaks the user's language and reports mistakes instead of exiting."""

import argparse
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.i18n import tr, tr_noop

# argparse's own texts (Python 3.11), listed so tools/i18n.py extracts them for translation.
ARGPARSE_TEXTS = (
    tr_noop("argparse", "usage: "),
    tr_noop("argparse", "positional arguments"),
    tr_noop("argparse", "options"),
    tr_noop("argparse", "show this help message and exit"),
    tr_noop("argparse", "argument %(argument_name)s: %(message)s"),
    tr_noop("argparse", "the following arguments are required: %s"),
    tr_noop("argparse", "unrecognized arguments: %s"),
    tr_noop("argparse", "invalid choice: %(value)r (choose from %(choices)s)"),
    tr_noop("argparse", "invalid %(type)s value: %(value)r"),
    tr_noop("argparse", "expected one argument"),
    tr_noop("argparse", "ambiguous option: %(option)s could match %(matches)s"),
    tr_noop("argparse", "not allowed with argument %s"),
    tr_noop("argparse", "one of the arguments %s is required"),
    tr_noop("argparse", "unknown parser %(parser_name)r (choices: %(choices)s)"),
)
SIZE_PATTERN = re.compile(r"^\s*(\d{2,5})\s*[xX×*]\s*(\d{2,5})\s*$")


class UsageError(Exception):
    """The command line itself is wrong (exit code 2); the message is translated."""

    error_code = "invalid_arguments"


class Parser(argparse.ArgumentParser):
    """Raises UsageError instead of printing usage and exiting, so --json can report it."""

    def error(self, message: str):
        raise UsageError(f"{self.prog}: {message}")


@contextmanager
def translated_argparse() -> Iterator[None]:
    """Route argparse's built-in texts (usage:, options, errors) through tr while active.

    argparse looks its texts up through the module-level gettext alias `_`; it is swapped
    back afterwards so a test process keeps the standard argparse.
    """
    original = argparse._
    argparse._ = lambda text: tr("argparse", text)
    try:
        yield
    finally:
        argparse._ = original


def language_choice(value: str) -> str:
    """--lang: zh_CN or en (zh, zh-CN, en_US and the like are accepted)."""
    lowered = value.replace("-", "_").lower()
    if lowered.startswith("zh"):
        return "zh_CN"
    if lowered.startswith("en"):
        return "en"
    raise argparse.ArgumentTypeError(tr("cli", "choose zh_CN or en"))


def window_size(value: str) -> tuple[int, int]:
    """--size WxH, e.g. 1280x800."""
    match = SIZE_PATTERN.match(value)
    if not match:
        raise argparse.ArgumentTypeError(tr("cli", "write the size as WIDTHxHEIGHT, e.g. 1280x800"))
    return int(match[1]), int(match[2])


def positive_count(value: str) -> int:
    """A whole number of at least 1."""
    try:
        number = int(value.replace(",", "").replace("_", ""))
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(tr("cli", "enter a whole number of at least 1"))
    return number


def file_path(value: str) -> Path:
    """A file name as typed (~ expanded)."""
    return Path(value).expanduser()
