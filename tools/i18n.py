"""Keep the Qt Linguist sources in step with the code: extract, update, compile, check.

    python tools/i18n.py update    # add new strings to the .ts, drop vanished ones
    python tools/i18n.py compile   # .ts -> .qm with pyside6-lrelease
    python tools/i18n.py check     # list strings without a Chinese translation (exit 1)

Strings are the two string-literal arguments of `tr(context, text)` and
`tr_noop(context, text)` anywhere under desktop/ and db/. Chinese texts can also be handed in
as JSON files in resources/translations/incoming/ (a list of [context, source, translation]);
`update` absorbs them into the .ts.
"""

import ast
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIRS = ("desktop", "db")
TRANSLATIONS = ROOT / "resources" / "translations"
INCOMING = TRANSLATIONS / "incoming"
LANGUAGE = "zh_CN"
MARKERS = {"tr", "tr_noop"}


@dataclass(frozen=True)
class Message:
    """One translatable string and where it was found."""

    context: str
    source: str
    location: str  # path:line, relative to the repository


def extract() -> list[Message]:
    """Every literal tr()/tr_noop() string in the code, in file order."""
    found: list[Message] = []
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                message = _literal_message(node, path)
                if message:
                    found.append(message)
    return found


def _literal_message(node: ast.AST, path: Path) -> Message | None:
    if not isinstance(node, ast.Call) or len(node.args) < 2:
        return None
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    if name not in MARKERS:
        return None
    context, source = node.args[0], node.args[1]
    if not (_is_str(context) and _is_str(source)):
        return None
    relative = path.relative_to(ROOT).as_posix()
    return Message(context.value, source.value, f"{relative}:{node.lineno}")


def _is_str(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def ts_file(language: str = LANGUAGE) -> Path:
    return TRANSLATIONS / f"shopcircle_{language}.ts"


def read_translations(path: Path) -> dict[tuple[str, str], str]:
    """Finished and unfinished translations already in a .ts file."""
    if not path.exists():
        return {}
    known: dict[tuple[str, str], str] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            text = message.findtext("translation") or ""
            if text:
                known[(name, message.findtext("source", ""))] = text
    return known


def read_incoming() -> dict[tuple[str, str], str]:
    incoming: dict[tuple[str, str], str] = {}
    for path in sorted(INCOMING.glob("*.json")):
        for context, source, translation in json.loads(path.read_text(encoding="utf-8")):
            incoming[(context, source)] = translation
    return incoming


def update(language: str = LANGUAGE) -> int:
    """Rewrite the .ts from the code; returns how many strings still lack a translation."""
    path = ts_file(language)
    known = read_translations(path) | read_incoming()
    contexts: dict[str, dict[str, list[str]]] = {}
    for message in extract():
        contexts.setdefault(message.context, {}).setdefault(message.source, []).append(
            message.location
        )
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="en")
    missing = 0
    for context_name in sorted(contexts):
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = context_name
        for source in sorted(contexts[context_name]):
            message = ET.SubElement(context, "message")
            for location in contexts[context_name][source]:
                filename, line = location.rsplit(":", 1)
                ET.SubElement(message, "location", filename=f"../../{filename}", line=line)
            ET.SubElement(message, "source").text = source
            translation = ET.SubElement(message, "translation")
            text = known.get((context_name, source))
            if text:
                translation.text = text
            else:
                translation.set("type", "unfinished")
                missing += 1
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8"
    )
    return missing


def lrelease_command() -> list[str]:
    """pyside6-lrelease from the running interpreter's environment, or from PATH."""
    suffix = ".exe" if sys.platform == "win32" else ""
    beside = Path(sys.executable).parent / f"pyside6-lrelease{suffix}"
    found = str(beside) if beside.exists() else shutil.which("pyside6-lrelease")
    if not found:
        raise SystemExit("pyside6-lrelease not found: install the project with pip first")
    return [found]


def compile_qm(language: str = LANGUAGE, out: Path | None = None) -> Path:
    """Compile the .ts into a .qm (beside it, or at `out`)."""
    target = out or ts_file(language).with_suffix(".qm")
    subprocess.run(
        [*lrelease_command(), "-silent", "-nounfinished", str(ts_file(language)),
         "-qm", str(target)],
        check=True,
    )
    return target


def missing_translations(language: str = LANGUAGE) -> list[Message]:
    """Strings in the code with no finished translation in the .ts."""
    from desktop.i18n import load_ts_catalog

    catalog = load_ts_catalog(language)
    return [m for m in extract() if (m.context, m.source) not in catalog]


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    command = argv[0] if argv else "check"
    if command == "update":
        missing = update()
        print(f"{ts_file()} updated; {missing} strings without a translation")
        return 0
    if command == "compile":
        print(compile_qm())
        return 0
    if command == "check":
        missing = missing_translations()
        for message in missing:
            print(f"{message.location}: [{message.context}] {message.source}")
        return 1 if missing else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
