"""Regression: PySide6 6.12.0 on Python 3.11 aborts after ~5,000 Qt calls returning None."""

import os
import subprocess
import sys

SCRIPT = """
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for number in range(50_000):
    label.setText(str(number))  # returns None: each call drops a reference to Py_None
print("survived", label.text())
"""


def test_fifty_thousand_calls_returning_none_do_not_abort_the_interpreter():
    # A subprocess, so "Fatal Python error: none_dealloc" fails this test, not the whole run.
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "survived 49999" in result.stdout
