"""Set up everything ShopCircle needs, then run the app or the whole test suite.

    python3 dev.py run [shopcircle options…]   # fresh machine -> the main window
    python3 dev.py test [pytest options…]      # fresh machine -> the whole test suite

Only the Python standard library is used here, so a machine with nothing but Python ≥ 3.11
can run it. On Debian/Ubuntu it installs the system libraries Qt needs (and, for the tests,
a CJK font, PostgreSQL and PDF tools) with apt-get; on Windows and macOS the wheels carry
everything. The project is installed into `.venv` beside this file; a stamp of
pyproject.toml skips that step when nothing changed.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".shopcircle-installed"

# Qt's xcb and offscreen platforms, and fontconfig; the window needs the xcb ones.
QT_RUNTIME_PACKAGES = [
    "libegl1", "libgl1", "libxkbcommon0", "libxkbcommon-x11-0", "libfontconfig1",
    "libdbus-1-3", "libglib2.0-0", "libx11-xcb1", "libxcb-cursor0", "libxcb-icccm4",
    "libxcb-image0", "libxcb-keysyms1", "libxcb-randr0", "libxcb-render-util0",
    "libxcb-shape0", "libxcb-xinerama0", "libxcb-xkb1", "libxcb-xfixes0", "fonts-noto-cjk",
]
# Tests: PostgreSQL (the db and domain tests run on it too), pdftoppm, and binutils for
# PyInstaller's strip in the bundle test.
TEST_PACKAGES = ["postgresql", "poppler-utils", "binutils"]


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs before any check does
        print("ShopCircle needs Python 3.11 or newer.", file=sys.stderr)
        return 2
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    install_system_packages(QT_RUNTIME_PACKAGES + (TEST_PACKAGES if command == "test" else []))
    python = ensure_venv(with_dev=command == "test")
    if command == "run":
        return subprocess.call([str(python), "-m", "desktop", *rest])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT)


def install_system_packages(packages: list[str]) -> None:
    """apt-get install whatever of `packages` is missing (Debian/Ubuntu only)."""
    if not sys.platform.startswith("linux") or not shutil.which("apt-get"):
        return
    missing = [name for name in packages if not _dpkg_installed(name)]
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print(f"Installing system packages: {' '.join(missing)}", flush=True)
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        check=True, env=env, stdout=subprocess.DEVNULL,
    )


def _dpkg_installed(name: str) -> bool:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True
    )
    return result.returncode == 0 and "install ok installed" in result.stdout


def ensure_venv(with_dev: bool) -> Path:
    """Create .venv and install the project into it (editable); returns its python."""
    python = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        print("Creating .venv", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except subprocess.CalledProcessError:
            # Debian ships ensurepip separately.
            install_system_packages(["python3-venv"])
            shutil.rmtree(VENV, ignore_errors=True)
            venv.EnvBuilder(with_pip=True).create(VENV)
    extras = "[dev]" if with_dev else ""
    stamp = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if not (STAMP.exists() and STAMP.read_text() in (stamp, _dev_stamp())):
        print("Installing ShopCircle and its dependencies into .venv", flush=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
             "-e", f"{ROOT}{extras}"],
            check=True,
        )
        STAMP.write_text(stamp)
    return python


def _dev_stamp() -> str:
    """A dev install also satisfies a plain run."""
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + b"[dev]").hexdigest()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
