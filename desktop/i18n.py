"""Translation of user-visible text, without Qt: `tr(context, text)` everywhere.

English is the source language. Chinese comes from the Qt Linguist file
`resources/translations/shopcircle_zh_CN.ts`: the window loads its compiled `.qm` through
QTranslator and routes `tr` to `QCoreApplication.translate`; the command line, which must
not pay for Qt, reads the same `.ts` directly. Every call takes two string literals so
`tools/i18n.py` can find it, and `tests/test_translations.py` fails on a missing Chinese text.
"""

import contextlib
import locale
import os
from collections.abc import Callable

from resources import resource_path

SOURCE_LANGUAGE = "en"
LANGUAGES = ("zh_CN", "en")

# The catalog is read from the .ts on the first `tr` that needs it (None: not read yet), so
# neither the window, which translates through Qt, nor an English run ever parses it.
_state: dict = {"language": SOURCE_LANGUAGE, "catalog": {}, "backend": None}


def tr(context: str, text: str) -> str:
    """The translation of `text` in the current language (the text itself if none)."""
    backend: Callable[[str, str], str] | None = _state["backend"]
    if backend is not None:
        return backend(context, text)
    catalog = _state["catalog"]
    if catalog is None:
        catalog = _state["catalog"] = load_ts_catalog(_state["language"])
    return catalog.get((context, text)) or text


def tr_noop(context: str, text: str) -> str:
    """Marks `text` for translation where it is defined; `tr` translates it where shown."""
    return text


def current_language() -> str:
    """The language in use: 'zh_CN' or 'en'."""
    return _state["language"]


def system_language() -> str:
    """Simplified Chinese on a Chinese system, English otherwise."""
    candidates = [os.environ.get(name, "") for name in ("LC_ALL", "LC_MESSAGES", "LANG")]
    with contextlib.suppress(ValueError):
        candidates.append(locale.getlocale()[0] or "")
    if os.name == "nt":
        import ctypes

        lang_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()
        candidates.insert(0, "zh" if (lang_id & 0x3FF) == 0x04 else "en")
    for value in candidates:
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return "zh_CN" if value.lower().startswith(("zh", "chinese")) else "en"
    return SOURCE_LANGUAGE


def normalise_language(value: str | None) -> str:
    """A stored or typed language choice as one of LANGUAGES; unknown or empty -> system's."""
    if value:
        lowered = value.replace("-", "_").lower()
        if lowered.startswith("zh"):
            return "zh_CN"
        if lowered.startswith("en"):
            return "en"
    return system_language()


def set_language(language: str) -> None:
    """Switch `tr` to `language`, reading its catalog from the shipped `.ts` source."""
    language = normalise_language(language)
    _state["language"] = language
    _state["catalog"] = {} if language == SOURCE_LANGUAGE else None


def use_backend(backend: Callable[[str, str], str] | None) -> None:
    """Route `tr` through Qt's translator (the window) or back to the `.ts` catalog (None)."""
    _state["backend"] = backend


def ts_path(language: str):
    """The Qt Linguist source for `language`."""
    return resource_path("translations", f"shopcircle_{language}.ts")


def qm_path(language: str):
    """The compiled translation the window loads for `language`."""
    return resource_path("translations", f"shopcircle_{language}.qm")


def load_ts_catalog(language: str) -> dict[tuple[str, str], str]:
    """(context, source) -> finished translation, from a `.ts` file."""
    import xml.etree.ElementTree as ET  # only the command line reads .ts files

    path = ts_path(language)
    if not path.exists():
        return {}
    catalog: dict[tuple[str, str], str] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            unusable = ("unfinished", "obsolete", "vanished")
            if translation is None or translation.get("type") in unusable:
                continue
            if translation.text:
                catalog[(name, message.findtext("source", ""))] = translation.text
    return catalog
