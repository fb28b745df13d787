"""`make livehtml`: it serves the site (search included), keeps its environment out
of the published folder, and stops completely when the make that started it is ended."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request

from browser import search_results
from conftest import ROOT

TIMEOUT = 300  # s: the first build of the site on a busy machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serves(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def wait_until(condition, what: str) -> None:
    """Poll ``condition`` until it holds (bounded by TIMEOUT)."""
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting until {what}"
        time.sleep(0.2)


def test_livehtml_stops_with_make_and_publishes_no_environment(tmp_path, page):
    port = free_port()
    url = f"http://127.0.0.1:{port}/index.html"
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    make = subprocess.Popen(["make", "--no-print-directory", "livehtml", f"BUILDDIR={tmp_path}",
                             f"O=--port {port}"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: serves(url) or make.poll() is not None, "the site is served")
        assert serves(url)
        assert (tmp_path / "doctrees").is_dir()
        assert not list((tmp_path / "html").rglob("*.pickle"))  # the environment is not published
        # search works on the served site (each build indexes it)
        found = search_results(page, f"http://127.0.0.1:{port}/", "Sage Weil")
        assert found and found[0]["page"].endswith("ceph-manila-containers.html")
        make.send_signal(signal.SIGTERM)  # make alone is ended (a closed terminal, kill)
        make.wait(timeout=60)
        wait_until(lambda: not serves(url), "the server has stopped")
    finally:
        if make.poll() is None:
            make.kill()
