"""Open the window: logging, Qt, the database, the language, one instance, the crash dialog.

Importing this module loads no Qt (run_gui imports Qt when it is called), so the command
line can import GuiOptions freely.
"""

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop import __version__, i18n
from desktop.i18n import tr
from desktop.logging_setup import configure_logging

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_ENVIRONMENT = 3
DEFAULT_SCREENSHOT_SIZE = (1280, 800)
DAILY_CHECK_MS = 60 * 60 * 1000  # a shop PC may stay on for days: look again hourly


@dataclass(frozen=True)
class GuiOptions:
    """What the command line passes to the window."""

    db: str | None = None  # raw --db value (None: SHOPCIRCLE_DB or the default file)
    lang: str | None = None  # --lang zh_CN|en, overrides the stored setting
    smoke_test: bool = False
    screenshot: Path | None = None
    page: str | None = None  # home, settings, … (desktop.views.pages)
    size: tuple[int, int] | None = None

    @property
    def interactive(self) -> bool:
        """A person is in front of it: dialogs may wait for them."""
        return not (self.smoke_test or self.screenshot is not None)


def run_gui(options: GuiOptions) -> int:
    """Run the window until it closes; returns the process exit code (CLI contract)."""
    log_path = configure_logging()
    log.info("ShopCircle %s starting the window", __version__)
    problem = _options_problem(options)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT

    from desktop.views import crash, startup, translation

    app = startup.create_application()
    restore_hook = crash.install_crash_handler(log_path, options.interactive)
    try:
        return _run(app, options)
    finally:
        restore_hook()
        translation.reset()
        log.info("Window closed")


def _options_problem(options: GuiOptions) -> str | None:
    """Why the options cannot work, in the --lang (or system) language; None if they can."""
    from desktop.views.pages import find_page, page_problem

    bad_page = options.page is not None and find_page(options.page) is None
    bad_size = options.size is not None and (options.size[0] < 200 or options.size[1] < 150)
    if not (bad_page or bad_size):
        return None  # the usual case pays nothing for loading a translation
    i18n.use_backend(None)
    i18n.set_language(i18n.normalise_language(options.lang))
    if bad_page:
        return page_problem(options.page)
    return tr("App", "The size must be at least 200x150 pixels.")


def _run(app, options: GuiOptions) -> int:
    from db.target import resolve_target
    from desktop.views import translation
    from desktop.views.remembered_look import remembered_look
    from desktop.views.single_instance import InstanceLock

    target = resolve_target(options.db)
    lock = None
    if options.screenshot is None:  # a screenshot only reads; it may run beside the window
        lock = InstanceLock(target.display)
        if not lock.acquire():
            log.info("Another window already has this database open")
            # The stored language is in the database we are not opening: --lang or the system's.
            translation.apply_language(options.lang)
            _tell(options, tr("App", "ShopCircle is already open"), tr(
                "App", "ShopCircle is already open with this database. Use the window that "
                "is open (look in the taskbar)."), error=False)
            return EXIT_OK
    try:
        # The first start on a database has no remembered look, and a screenshot must show
        # the page's data: both open the database before the window appears.
        look = None if options.screenshot is not None else remembered_look(target)
        if look is None:
            return _open_then_show(app, options, target)
        return _show_then_open(app, options, target, look)
    finally:
        if "desktop.tasks.background" in sys.modules:
            from desktop.tasks.background import wait_for_all_tasks

            # A backup under way finishes before the database closes, a file being written
            # (a rejects sheet) before the process ends.
            wait_for_all_tasks()
        if "db.connection" in sys.modules:
            from db import close_db

            close_db()
        if lock is not None:
            lock.release()


def _open_then_show(app, options: GuiOptions, target) -> int:
    from db import init_db
    from db.errors import DatabaseProblem
    from desktop.views import translation
    from desktop.views.main_window import MainWindow
    from desktop.views.remembered_look import WindowLook

    try:
        info = init_db(options.db)
    except DatabaseProblem as problem:
        # Nothing is translated yet: --lang or the system's language.
        translation.apply_language(options.lang)
        _tell_database_problem(options, problem)
        return EXIT_ENVIRONMENT
    log.info("Database schema %s opened", info.schema_version)
    profile = _store_profile_applied(app, options, target, None)
    window = MainWindow(WindowLook.from_profile(profile), _initial_page(options), database=info)
    return _present(app, options, window)


def _show_then_open(app, options: GuiOptions, target, look) -> int:
    """Paint the window from the remembered look, then open the database behind it.

    init_db runs on the database thread, so a server slow to answer (or a long upgrade)
    leaves the window responsive and saying "Opening the database…".
    """
    from desktop.views import startup, theme, translation
    from desktop.views.main_window import MainWindow

    translation.apply_language(options.lang or look.language)
    theme.apply_theme(app, look.primary_color)
    window = MainWindow(look, _initial_page(options))

    def opened(info) -> None:
        log.info("Database schema %s opened", info.schema_version)
        window.attach_database(info, _store_profile_applied(app, options, target, look))

    def failed(error: Exception) -> None:
        from db.errors import DatabaseProblem

        if not isinstance(error, DatabaseProblem):
            raise error  # a bug: the crash handler shows it
        _tell_database_problem(options, error)
        window.hide()
        app.exit(EXIT_ENVIRONMENT)

    def open_database() -> None:
        from db import init_db
        from desktop.tasks.background import run_database_task

        run_database_task(lambda: init_db(options.db), opened, failed)

    startup.after_first_paint(app, window, open_database)
    return _present(app, options, window)


def _tell_database_problem(options: GuiOptions, problem) -> None:
    """Why the database was not opened (too new, locked, unreachable…), in plain words."""
    log.warning("The database was not opened: %s", problem.error_code)
    message = tr(problem.CONTEXT, problem.template).format(**problem.details)
    _tell(options, tr("App", "ShopCircle cannot open the database"), message)


def _store_profile_applied(app, options: GuiOptions, target, look):
    """The store's profile, after the first-run dialog if due, with its language and colours
    in force and remembered for the next start."""
    from desktop.domain.settings import get_setting
    from desktop.domain.store import get_store_profile
    from desktop.views import theme, translation
    from desktop.views.remembered_look import WindowLook, remember_look

    profile = get_store_profile()
    if look is None or profile.language != look.language:
        translation.apply_language(options.lang or profile.language)
    if look is None or profile.primary_color != look.primary_color:
        theme.apply_theme(app, profile.primary_color)
    if options.interactive and not get_setting("first_run_done"):
        _first_run(app, options)
        profile = get_store_profile()
    remember_look(target, WindowLook.from_profile(profile))
    return profile


def _first_run(app, options: GuiOptions) -> None:
    from desktop.domain.settings import get_setting
    from desktop.domain.store import get_store_profile
    from desktop.views import theme, translation
    from desktop.views.first_run import FirstRunDialog

    FirstRunDialog(language=get_setting("language") or "").exec()
    # The dialog may have switched the language; --lang still wins.
    translation.apply_language(options.lang or get_setting("language"))
    theme.apply_theme(app, get_store_profile().primary_color)


def _initial_page(options: GuiOptions) -> str:
    from desktop.views.pages import HOME_PAGE

    return options.page or HOME_PAGE


def _present(app, options: GuiOptions, window) -> int:
    from desktop.views import startup

    if options.screenshot is not None:
        image = startup.render_window(app, window, options.size or DEFAULT_SCREENSHOT_SIZE)
        if not image.save(str(options.screenshot), "PNG"):
            print(tr("App", "The screenshot could not be written to {path}.").format(
                path=options.screenshot), file=sys.stderr)
            return EXIT_BAD_INPUT
        return EXIT_OK
    if options.smoke_test:
        return startup.run_smoke_test(app, window)
    if window.is_ready:
        _start_daily_work(window)
    else:
        window.ready.connect(lambda: _start_daily_work(window))
    window.show()
    window.raise_()
    window.activateWindow()
    return app.exec()


def _start_daily_work(window) -> None:
    """What runs once a day behind the open window: the backup, points expiry, birthday coupons."""
    _start_daily_backup(window)
    _start_daily_points_expiry(window)
    _start_daily_birthday_coupons(window)


def _start_daily_backup(window) -> None:
    """The daily automatic backup, made behind the open window (a big store's takes a while)."""
    from desktop.domain.backups import backup_if_due
    from desktop.tasks.background import run_database_task

    run_database_task(backup_if_due, on_error=_notice_on_failure(
        window, tr("App", "Today's automatic backup could not be made: {reason}")))


def _start_daily_points_expiry(window) -> None:
    """Expired points taken off once a day: now, and hourly after, for a window left open."""
    from desktop.domain.purchases import expire_points_if_due

    def expired(run) -> None:
        if run is not None:
            log.info("Daily points expiry for %s took off %d points", run.day, run.removed)

    _now_and_hourly(window, expire_points_if_due, expired, tr(
        "App", "Expired points could not be taken off today: {reason}"))


def _start_daily_birthday_coupons(window) -> None:
    """Birthday coupons issued once a day (when a template is chosen): now, and hourly after."""
    from desktop.domain.birthday_coupons import issue_birthday_coupons_if_due

    def issued(run) -> None:
        if run is not None and run.problem:
            window.notify(tr("App", "Birthday coupons were not issued today: {reason} Choose "
                                    "another coupon in Settings.").format(reason=run.problem))
        elif run is not None:
            log.info("Daily birthday coupons for %s: %d issued", run.day, run.issued)

    _now_and_hourly(window, issue_birthday_coupons_if_due, issued, tr(
        "App", "Birthday coupons could not be issued today: {reason}"))


def _now_and_hourly(window, work, on_done, failure_text: str) -> None:
    """Run a daily `*_if_due` job on the database thread now and every hour the window is open;
    a failure is told in the window with `failure_text` ({reason}) and tried again later."""
    from PySide6.QtCore import QTimer

    from desktop.tasks.background import run_database_task

    failed = _notice_on_failure(window, failure_text)

    def run() -> None:
        run_database_task(work, on_done, failed, owner=window)

    run()
    timer = QTimer(window)
    timer.setInterval(DAILY_CHECK_MS)
    timer.timeout.connect(run)
    timer.start()


def _notice_on_failure(window, text: str):
    """An on_error handler that tells the window `text` with the error's reason."""
    from desktop.domain.errors import DomainError

    def failed(error: Exception) -> None:
        reason = error.user_message() if isinstance(error, DomainError) else str(error)
        window.notify(text.format(reason=reason))

    return failed


def _tell(options: GuiOptions, title: str, text: str, error: bool = True) -> None:
    """A dialog for a person; stderr when nobody is there to close one (smoke test, CI)."""
    if not options.interactive:
        print(text, file=sys.stderr)
        return
    from desktop.views import dialogs

    if error:
        dialogs.show_error(None, title, text)
    else:
        dialogs.show_info(None, title, text)
