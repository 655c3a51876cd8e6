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
    from db import close_db, init_db, resolve_target
    from db.errors import DatabaseProblem
    from desktop.domain.settings import get_setting
    from desktop.domain.store import get_store_profile
    from desktop.views import theme, translation
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
        try:
            info = init_db(options.db)
        except DatabaseProblem as problem:
            log.warning("The database was not opened: %s", problem.error_code)
            translation.apply_language(options.lang)
            message = tr(problem.CONTEXT, problem.template).format(**problem.details)
            _tell(options, tr("App", "ShopCircle cannot open the database"), message)
            return EXIT_ENVIRONMENT
        log.info("Database schema %s opened", info.schema_version)
        translation.apply_language(options.lang or get_setting("language"))
        theme.apply_theme(app, get_store_profile().primary_color)
        if options.interactive and not get_setting("first_run_done"):
            _first_run(app, options)
        return _show_window(app, options, info)
    finally:
        close_db()
        if lock is not None:
            lock.release()


def _first_run(app, options: GuiOptions) -> None:
    from desktop.domain.settings import get_setting
    from desktop.domain.store import get_store_profile
    from desktop.views import theme, translation
    from desktop.views.first_run import FirstRunDialog

    FirstRunDialog(language=get_setting("language") or "").exec()
    # The dialog may have switched the language; --lang still wins.
    translation.apply_language(options.lang or get_setting("language"))
    theme.apply_theme(app, get_store_profile().primary_color)


def _show_window(app, options: GuiOptions, info) -> int:
    from desktop.views import startup
    from desktop.views.main_window import MainWindow
    from desktop.views.pages import HOME_PAGE

    window = MainWindow(info, initial_page=options.page or HOME_PAGE)
    if options.screenshot is not None:
        image = startup.render_window(app, window, options.size or DEFAULT_SCREENSHOT_SIZE)
        if not image.save(str(options.screenshot), "PNG"):
            print(tr("App", "The screenshot could not be written to {path}.").format(
                path=options.screenshot), file=sys.stderr)
            return EXIT_BAD_INPUT
        return EXIT_OK
    if options.smoke_test:
        return startup.run_smoke_test(app, window)
    window.show()
    window.raise_()
    window.activateWindow()
    return app.exec()


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
