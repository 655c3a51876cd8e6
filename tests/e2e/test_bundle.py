"""The bundle from build.spec builds, stays small, opens its window and answers `check`."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_BUNDLE_MIB = 175
BUILD_TIMEOUT = 900  # seconds; about one minute on 2 cores with PyInstaller's cache warm

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("PyInstaller") is None,
        reason="PyInstaller is not installed (pip install -e .[dev])",
    ),
]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """dist/ShopCircle, built once for this module into a temporary folder."""
    out = tmp_path_factory.mktemp("pyinstaller")
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        "--distpath",
        str(out / "dist"),
        "--workpath",
        str(out / "work"),
        str(ROOT / "build.spec"),
    ]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False
    )
    assert result.returncode == 0, f"PyInstaller failed:\n{result.stdout}\n{result.stderr}"
    return out / "dist" / "ShopCircle"


def _executable(bundle: Path, name: str) -> Path:
    return bundle / (f"{name}.exe" if sys.platform == "win32" else name)


def _run(executable: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.pop("SHOPCIRCLE_DB", None)
    env.update(QT_QPA_PLATFORM="offscreen", SHOPCIRCLE_HOME=str(home))
    return subprocess.run(
        [str(executable), *args],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        check=False,
    )


def _size_mib(folder: Path) -> float:
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
    return total / 2**20


def test_bundle_is_small_enough(bundle):
    size = _size_mib(bundle)
    assert size <= MAX_BUNDLE_MIB, f"bundle is {size:.1f} MiB, over {MAX_BUNDLE_MIB} MiB"


def test_bundle_ships_resources_and_only_the_qt_it_needs(bundle):
    internal = bundle / "_internal"
    assert (internal / "resources" / "translations" / "shopcircle_zh_CN.qm").is_file()
    assert (internal / "resources" / "icons" / "shopcircle.svg").is_file()
    qt_files = {path.name for path in (internal / "PySide6").rglob("*")}
    assert "qtbase_zh_CN.qm" in qt_files  # standard dialog buttons in Chinese
    assert not [
        name for name in qt_files if "Qml" in name or "Quick" in name or "WebEngine" in name
    ]


def test_bundle_opens_its_window(bundle, tmp_path):
    # The first start opens the database before the window; a later one paints first.
    for start in ("first", "later"):
        result = _run(
            _executable(bundle, "ShopCircle"), tmp_path, "--db", str(tmp_path / "x.db"),
            "--smoke-test",
        )
        assert result.returncode == 0, (
            f"{start} start: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
        )


def test_bundle_answers_check(bundle, tmp_path):
    # On Windows the window's .exe has no console; the command line is its console twin.
    name = "shopcircle-cli" if sys.platform == "win32" else "ShopCircle"
    result = _run(
        _executable(bundle, name), tmp_path, "--db", str(tmp_path / "x.db"), "--json", "check"
    )
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert report["schema_version"] >= 1


def test_bundle_reads_a_member_file(bundle, tmp_path):
    # The sheet reader is imported lazily: the frozen build must carry it all the same.
    from openpyxl import Workbook

    sheet_file = tmp_path / "members.xlsx"
    workbook = Workbook()
    workbook.active.append(["姓名", "手机号"])
    workbook.active.append(["张三", "13800138000"])
    workbook.save(sheet_file)
    name = "shopcircle-cli" if sys.platform == "win32" else "ShopCircle"
    result = _run(
        _executable(bundle, name), tmp_path, "--db", str(tmp_path / "x.db"), "--json",
        "members", "import", str(sheet_file),
    )
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert json.loads(result.stdout)["imported"] == 1
