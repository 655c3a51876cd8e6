"""With no command the window opens; the global options reach it unchanged."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.__main__ import main


@pytest.fixture
def opened(monkeypatch):
    """Stands in for the window: records the GuiOptions it was started with."""
    import desktop.app

    calls = []

    def fake_run_gui(options):
        calls.append(options)
        return 0

    monkeypatch.setattr(desktop.app, "run_gui", fake_run_gui)
    return calls


def test_no_command_opens_the_window(opened):
    assert main([]) == 0
    (options,) = opened
    assert (options.db, options.lang, options.smoke_test, options.screenshot, options.page,
            options.size) == (None, None, False, None, None, None)


def test_window_options_are_passed_on(opened, tmp_path):
    shot = tmp_path / "shot.png"
    code = main(["--db", "shop.db", "--lang", "zh-CN", "--screenshot", str(shot), "--page",
                 "settings", "--size", "1024x768"])
    assert code == 0
    (options,) = opened
    assert options.db == "shop.db"
    assert options.lang == "zh_CN"
    assert options.screenshot == Path(shot)
    assert (options.page, options.size) == ("settings", (1024, 768))


def test_smoke_test_is_passed_on(opened):
    assert main(["--smoke-test"]) == 0
    assert opened[0].smoke_test is True


@pytest.mark.parametrize("argv", [["--smoke-test", "check"], ["--size", "huge"],
                                  ["--lang", "fr"]])
def test_bad_window_options_are_refused_before_opening(opened, argv, capsys):
    assert main(argv) == 2
    assert not opened
    assert capsys.readouterr().err


def test_the_real_window_passes_its_smoke_test(tmp_path):
    environment = dict(os.environ, SHOPCIRCLE_HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    environment.pop("SHOPCIRCLE_DB", None)
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(tmp_path / "shop.db"), "--smoke-test"],
        capture_output=True, text=True, env=environment, timeout=120,
    )
    assert result.returncode == 0, result.stderr
