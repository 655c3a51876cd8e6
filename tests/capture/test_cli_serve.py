"""`shopcircle serve` end to end: prints the address, serves the page, stops on Ctrl+C."""

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request

from tests.e2e.test_cli import answer, shopcircle


def test_serve_prints_the_address_serves_and_stops_on_ctrl_c(tmp_path):
    database = str(tmp_path / "shop.db")
    added = answer(shopcircle("--db", database, "--json", "entries", "add", "门口海报",
                              "--kind", "page", home=tmp_path))
    environment = os.environ | {"SHOPCIRCLE_HOME": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--db", database, "--json", "serve", "--host",
         "127.0.0.1", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, encoding="utf-8", env=environment)
    try:
        started = json.loads(process.stdout.readline())
        assert started["url"].startswith("http://127.0.0.1:")
        [page] = started["pages"]
        assert page["url"] == started["url"] + added["qr_url"]
        with urllib.request.urlopen(page["url"], timeout=10) as response:
            assert response.status == 200
            assert 'name="phone"' in response.read().decode()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0, process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()


def test_serve_on_a_port_in_use_exits_3_and_says_why(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = shopcircle("--db", str(tmp_path / "shop.db"), "serve", "--host", "127.0.0.1",
                            "--port", str(port), home=tmp_path)
    assert result.returncode == 3
    assert f"127.0.0.1:{port}" in result.stderr
