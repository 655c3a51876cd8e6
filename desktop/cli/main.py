"""`shopcircle [global options] [COMMAND ...]`: parse, run one command, report, exit code.

Importing this costs no Qt and no database driver: commands import the domain when they
run, and the window is imported only when no command is given.
"""

import argparse
import contextlib
import errno
import logging
import sys
import traceback
from collections.abc import Sequence

from desktop import __version__, i18n
from desktop.cli.context import CliContext, write_json
from desktop.cli.parser import (
    Parser,
    UsageError,
    file_path,
    language_choice,
    translated_argparse,
    window_size,
)
from desktop.i18n import tr

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_BAD_INPUT = 2
EXIT_ENVIRONMENT = 3
EXIT_INTERNAL = 4
EXIT_INTERRUPTED = 130
# Database problems that mean "wrong file" rather than "environment"; the rest exit 3.
BAD_INPUT_CODES = {"not_a_database", "backup_unusable", "backup_too_new"}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    _tolerant_streams()
    early = _early_options(argv)
    i18n.set_language(early.lang or i18n.system_language())
    with translated_argparse():
        try:
            args = _parse(argv)
        except UsageError as exc:
            return _fail(early.json, UsageError.error_code, str(exc), EXIT_BAD_INPUT)
        except SystemExit as exc:  # --help printed its text
            return int(exc.code or 0)
    if args.version:
        return _print_version(args.json)
    if args.command is None or args.smoke_test or args.screenshot is not None:
        if args.command is not None:
            return _fail(args.json, UsageError.error_code, tr(
                "cli", "--smoke-test and --screenshot open the window; give no command "
                       "with them."), EXIT_BAD_INPUT)
        return _run_window(args)
    return _run_command(args)


def _parse(argv: list[str]) -> argparse.Namespace:
    """Parse argv; opening the window (no command) skips building every command's parser."""
    if not {"-h", "--help"} & set(argv):
        args, rest = build_parser(with_commands=False).parse_known_args(argv)
        if not rest:
            args.command = None
            return args
    return build_parser().parse_args(argv)


def build_parser(with_commands: bool = True) -> Parser:
    """The whole command line: global options and one subcommand per command module."""
    parser = Parser(
        prog="shopcircle",
        description=tr("cli", "ShopCircle (店圈): members, QR sign-up, coupons and partner "
                              "exchange for a small shop. With no COMMAND the window opens."),
        epilog=tr("cli", "Exit codes: 0 done; 1 refused for a business reason; 2 bad input "
                         "or unusable file (nothing written); 3 environment problem (database "
                         "locked or unreachable, disk full, database too new); 4 internal "
                         "error. 'shopcircle COMMAND --help' describes each command."),
    )
    _add_shared_options(parser, None, False)
    parser.add_argument("--version", action="store_true",
                        help=tr("cli", "print the version and exit"))
    window = parser.add_argument_group(tr("cli", "window"))
    window.add_argument("--smoke-test", action="store_true",
                        help=tr("cli", "open the main window, wait for its first paint, exit"))
    window.add_argument("--screenshot", type=file_path, metavar="FILE",
                        help=tr("cli", "render the window to a PNG file and exit"))
    window.add_argument("--page", metavar="PAGE",
                        help=tr("cli", "with --screenshot: the page to show (home, members, "
                                       "entries, coupons, redeem, partners, dashboard, "
                                       "settings)"))
    window.add_argument("--size", type=window_size, metavar="WxH",
                        help=tr("cli", "with --screenshot: window size, e.g. 1280x800"))
    if not with_commands:
        return parser
    from desktop.cli import commands

    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND",
                                       title=tr("cli", "commands"), parser_class=Parser)
    for module in commands.COMMANDS:
        module.add_parser(subparsers)
    # `shopcircle check --json` works as well as `shopcircle --json check`; SUPPRESS keeps
    # an option given before the command when it is not repeated after it.
    for command_parser in set(subparsers.choices.values()):
        _add_shared_options(command_parser, argparse.SUPPRESS, argparse.SUPPRESS)
    return parser


def _add_shared_options(parser: Parser, default, flag_default) -> None:
    parser.add_argument(
        "--db", metavar="PATH_OR_URL", default=default,
        help=tr("cli", "SQLite file, sqlite:///path or postgresql://user:pass@host:port/name "
                       "(default: SHOPCIRCLE_DB, else the file in the user data folder)"))
    parser.add_argument("--json", action="store_true", default=flag_default,
                        help=tr("cli", "print one JSON object on stdout and nothing else"))
    parser.add_argument("--lang", type=language_choice, metavar="zh_CN|en", default=default,
                        help=tr("cli", "language of messages (default: the store's setting, "
                                       "else the system's)"))


def _run_command(args) -> int:
    ctx = CliContext(db=args.db, json=args.json, lang=args.lang)
    _start_log()
    log.info("shopcircle %s: %s", __version__, args.command)
    try:
        return args.run(args, ctx)
    except KeyboardInterrupt:
        return _fail(ctx.json, "interrupted", tr("cli", "Stopped."), EXIT_INTERRUPTED)
    except Exception as exc:  # every failure becomes a message and an exit code
        return _report(exc, ctx.json)
    finally:
        ctx.close()


def _report(exc: Exception, as_json: bool) -> int:
    from db.errors import DatabaseProblem, DatabaseUnavailable
    from desktop.domain.errors import DomainError, FileUnusable

    if isinstance(exc, DomainError):
        return _fail(as_json, exc.error_code, exc.user_message(), exc.exit_code)
    if isinstance(exc, DatabaseProblem):
        code = exc.error_code
        exit_code = getattr(exc, "exit_code", None) or (
            EXIT_BAD_INPUT if code in BAD_INPUT_CODES else EXIT_ENVIRONMENT)
        return _fail(as_json, code, tr(exc.CONTEXT, exc.template).format(**exc.details),
                     exit_code)
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lowered = text.lower()
    if _is_database_error(exc):
        if "locked" in lowered or "busy" in lowered:
            return _fail(as_json, "database_locked", tr(
                "cli", "The database is in use by another program and stayed locked. Wait "
                       "a moment or close the other program, then try again."),
                EXIT_ENVIRONMENT)
        if "disk" in lowered and "full" in lowered:
            return _disk_full(as_json)
        problem = DatabaseUnavailable(reason=text)
        return _fail(as_json, problem.error_code,
                     tr(problem.CONTEXT, problem.template).format(**problem.details),
                     EXIT_ENVIRONMENT)
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return _disk_full(as_json)
        problem = FileUnusable(path=exc.filename or "", reason=exc.strerror or text)
        return _fail(as_json, problem.error_code, problem.user_message(), problem.exit_code)
    log.exception("Internal error")
    traceback.print_exc(file=sys.stderr)
    return _fail(as_json, "internal_error", tr(
        "cli", "Internal error: {error}. This is a bug in ShopCircle; the details are in "
               "the log.").format(error=text), EXIT_INTERNAL)


def _is_database_error(exc: Exception) -> bool:
    import sqlite3

    from peewee import PeeweeException

    if isinstance(exc, PeeweeException | sqlite3.Error):
        return True
    return type(exc).__module__.startswith("psycopg2")


def _disk_full(as_json: bool) -> int:
    return _fail(as_json, "disk_full", tr(
        "cli", "The disk is full. Free some space, then try again; nothing was changed."),
        EXIT_ENVIRONMENT)


def _fail(as_json: bool, code: str, message: str, exit_code: int) -> int:
    print(f"{tr('cli', 'Error:')} {message}", file=sys.stderr, flush=True)
    if as_json:
        write_json(sys.stdout, {"ok": False, "error": code, "message": message})
    return exit_code


def _print_version(as_json: bool) -> int:
    from db.migrations import SCHEMA_VERSION

    if as_json:
        write_json(sys.stdout, {"ok": True, "version": __version__,
                                "schema_version": SCHEMA_VERSION})
    else:
        print(f"ShopCircle {__version__} (schema {SCHEMA_VERSION})")
    return EXIT_OK


def _run_window(args) -> int:
    try:
        from desktop.app import GuiOptions, run_gui
    except ImportError as exc:
        return _fail(args.json, "window_unavailable", tr(
            "cli", "The window cannot start: {error}").format(error=exc), EXIT_ENVIRONMENT)
    return run_gui(GuiOptions(db=args.db, lang=args.lang, smoke_test=args.smoke_test,
                              screenshot=args.screenshot, page=args.page, size=args.size))


class _Early:
    """--lang and --json read before the full parse, so parse errors use them."""

    def __init__(self, argv: list[str]) -> None:
        self.json = "--json" in argv
        self.lang: str | None = None
        for index, arg in enumerate(argv):
            value = None
            if arg == "--lang" and index + 1 < len(argv):
                value = argv[index + 1]
            elif arg.startswith("--lang="):
                value = arg.split("=", 1)[1]
            if value:
                try:
                    self.lang = language_choice(value)
                except argparse.ArgumentTypeError:
                    self.lang = None  # the full parse reports it


def _early_options(argv: list[str]) -> _Early:
    return _Early(argv[: argv.index("--")] if "--" in argv else argv)


def _start_log() -> None:
    try:
        from desktop.logging_setup import configure_logging

        configure_logging("shopcircle-cli")
    except OSError:
        pass  # no log folder: the command still runs, messages still reach stderr


def _tolerant_streams() -> None:
    # A console that cannot show Chinese must not turn a message into a crash.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")
