"""Every user-visible string has a Chinese translation, and the shipped .qm matches the .ts."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import i18n as i18n_tool  # noqa: E402

from desktop import i18n  # noqa: E402


def test_every_string_in_the_code_has_a_chinese_translation():
    missing = i18n_tool.missing_translations("zh_CN")
    listing = "\n".join(f"{m.location}: [{m.context}] {m.source}" for m in missing)
    assert not missing, f"run tools/i18n.py update and translate:\n{listing}"


def test_the_ts_file_has_no_strings_the_code_no_longer_uses():
    in_code = {(m.context, m.source) for m in i18n_tool.extract()}
    in_ts = set(i18n.load_ts_catalog("zh_CN"))
    assert in_ts <= in_code, f"stale entries, run tools/i18n.py update: {in_ts - in_code}"


def test_translations_keep_their_placeholders():
    for (context, source), text in i18n.load_ts_catalog("zh_CN").items():
        assert _placeholders(source) == _placeholders(text), (context, source, text)


def _placeholders(text: str) -> set[str]:
    import string

    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_tr_calls_use_string_literals_so_they_can_be_extracted():
    offenders = []
    for folder in ("desktop", "db"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "tr_noop"
                    and not all(isinstance(a, ast.Constant) for a in node.args[:2])
                ):
                    offenders.append(f"{path}:{node.lineno}")
    assert not offenders


def test_shipped_qm_is_compiled_from_the_current_ts(tmp_path):
    fresh = i18n_tool.compile_qm("zh_CN", out=tmp_path / "fresh.qm")
    assert fresh.read_bytes() == i18n.qm_path("zh_CN").read_bytes(), "run tools/i18n.py compile"


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_qt_translator_and_ts_catalog_agree(qapp, language):
    from PySide6.QtCore import QCoreApplication, QTranslator

    translator = QTranslator()
    assert translator.load(str(i18n.qm_path("zh_CN")))
    if language == "zh_CN":
        QCoreApplication.installTranslator(translator)
    i18n.set_language(language)
    try:
        for message in i18n_tool.extract():
            via_qt = QCoreApplication.translate(message.context, message.source)
            assert via_qt == i18n.tr(message.context, message.source), message
    finally:
        QCoreApplication.removeTranslator(translator)


def test_chinese_is_really_chinese():
    i18n.set_language("zh_CN")
    from db.errors import DatabaseTooNew

    text = i18n.tr("db", DatabaseTooNew.template)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)
