"""A published campaign (inventory, audit, indicators on a copy of the crawled sample web)
served by `barometre serve` on a free loopback port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.helpers import barometre


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def published(crawled, tmp_path_factory):
    """The data dir of the `test` campaign with services, audits and indicators."""
    data_dir = tmp_path_factory.mktemp("published") / "data"
    shutil.copytree(crawled.data_dir, data_dir)
    for args in (("inventory", "--campaign", "test"), ("audit", "--campaign", "test", "--no-browser"),
                 ("indicators", "--campaign", "test")):
        barometre(data_dir, *args)
    return data_dir


@pytest.fixture(scope="session")
def server(published):
    """`barometre serve` in a subprocess; yields its base URL."""
    port = free_port()
    env = {**os.environ, "BAROMETRE_DATA_DIR": str(published), "PYTHONUNBUFFERED": "1"}
    for var in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "BAROMETRE_DEBUG"):
        env.pop(var, None)
    log = (published / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "barometre.cli", "serve", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/api/campaigns", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError((published / "serve.log").read_text()) from None
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    log.close()
