"""Which language the program speaks, and tr() without Qt."""

import pytest

from desktop import i18n


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"LC_ALL": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LC_ALL": "", "LANG": "zh_TW.UTF-8"}, "zh_CN"),  # Chinese of any region: 简体 for now
        ({"LC_ALL": "", "LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "de_DE.UTF-8"}, "en"),  # not Chinese: English
    ],
)
def test_the_system_language_decides_the_default(monkeypatch, environment, expected):
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert i18n.system_language() == expected


def test_a_stored_choice_wins_over_the_system(monkeypatch):
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    assert i18n.normalise_language("zh-CN") == "zh_CN"
    assert i18n.normalise_language("en_US") == "en"
    assert i18n.normalise_language("") == "en"  # '' follows the system


def test_tr_speaks_chinese_from_the_ts_and_english_source_otherwise():
    i18n.set_language("zh_CN")
    assert i18n.tr("Settings", "Back up now") == "立即备份"
    assert i18n.tr("Settings", "a text nobody translated") == "a text nobody translated"
    i18n.set_language("en")
    assert i18n.tr("Settings", "Back up now") == "Back up now"


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_every_refusal_is_translated_in_its_own_context():
    import importlib
    import pkgutil

    import desktop.domain
    from desktop.domain.errors import DomainError

    for module in pkgutil.walk_packages(desktop.domain.__path__, "desktop.domain."):
        importlib.import_module(module.name)
    catalog = i18n.load_ts_catalog("zh_CN")
    untranslated = [
        f"{cls.__module__}.{cls.__name__} [{cls.context}]"
        for cls in _all_subclasses(DomainError)
        if "template" in cls.__dict__ and (cls.context, cls.template) not in catalog
    ]
    assert not untranslated, "set `context` to where the template was marked: " + ", ".join(
        untranslated
    )
