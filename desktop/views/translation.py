"""Switch the window's language: our .qm and Qt's own (so OK/Cancel are 确定/取消)."""

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from desktop import i18n

_installed: list[QTranslator] = []


def _qt_translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def _load(translator: QTranslator, path: Path) -> bool:
    return path.exists() and translator.load(str(path))


def apply_language(language: str | None) -> str:
    """Install the translators for `language` ('' / None: the system's); returns the code used."""
    app = QCoreApplication.instance()
    code = i18n.normalise_language(language)
    remove_translators()
    if code != i18n.SOURCE_LANGUAGE:
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for path in (Path(qt_dir) / f"qtbase_{code}.qm", i18n.qm_path(code)):
            translator = QTranslator(app)
            if _load(translator, path):
                app.installTranslator(translator)
                _installed.append(translator)
    i18n.use_backend(_qt_translate)
    i18n.set_language(code)
    return code


def remove_translators() -> None:
    """Take our translators out of the application (back to English source text)."""
    app = QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)


def reset() -> None:
    """Back to the Qt-free catalog in English: what a finished run_gui or a test leaves."""
    remove_translators()
    i18n.use_backend(None)
    i18n.set_language(i18n.SOURCE_LANGUAGE)
