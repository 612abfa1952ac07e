"""Measure the inventory on a web whose truth is known: the own sample web, or an evaluation web
written by others (``../shared/evalweb``: its own replay server, its own truth schema).

Each run is what a user does: serve the web on 127.0.0.1, ``crawl --sites``, ``inventory``,
``inventory evaluate --truth``; every command runs in a subprocess against its own data dir.
Used by ``benchmarks/bench_accuracy.py`` and by the slow tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

# beside the checkout, as laid out for developers and CI; BAROMETRE_EVALWEB names another copy
EVALWEB = Path(os.environ.get("BAROMETRE_EVALWEB")
               or Path(__file__).resolve().parents[3].parent / "shared" / "evalweb")


def barometre(data_dir: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy")}
    env.update(BAROMETRE_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    env.pop("DATABASE_URL", None)  # a measurement never writes to the caller's database
    proc = subprocess.run([sys.executable, "-m", "barometre.cli", *args], capture_output=True, text=True,
                          env=env, timeout=timeout)
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and args[0] != "crawl"):
        raise RuntimeError(f"barometre {' '.join(args)} failed ({proc.returncode}):\n"
                           f"{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return proc


@contextmanager
def evalweb_server(root: Path = EVALWEB, seconds: int = 1800):
    """The evaluation web's own replay server on 127.0.0.1; yields its proxy URL."""
    with tempfile.TemporaryDirectory() as tmp:
        port_file = Path(tmp) / "port"
        proc = subprocess.Popen([sys.executable, str(root / "serve_web.py"), "0", "--port-file", str(port_file),
                                 "--log", str(Path(tmp) / "requests.jsonl"), "--max-seconds", str(seconds)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):
                if port_file.exists() and port_file.read_text().strip():
                    break
                time.sleep(0.05)
            yield f"http://127.0.0.1:{port_file.read_text().strip()}"
        finally:
            proc.terminate()
            proc.wait(10)


@contextmanager
def sampleweb_server(web_dir: Path):
    from barometre.sampleweb import SampleWebServer

    server = SampleWebServer(web_dir).start()
    try:
        yield server.proxy_url, server.ca_bundle
    finally:
        server.stop()


def measure(sites: Path, truth: Path, proxy: str, data_dir: Path, campaign: str = "eval",
            ca_bundle: Path | None = None) -> dict:
    """Crawl, inventory and score one web; returns the evaluate report (per site and overall)."""
    trust = ["--ca-bundle", str(ca_bundle)] if ca_bundle else []
    barometre(data_dir, "crawl", "--campaign", campaign, "--sites", str(sites), "--proxy", proxy,
              "--rate", "0", "--concurrency", "16", "--timeout", "10", *trust)
    barometre(data_dir, "inventory", "--campaign", campaign)
    report = json.loads(barometre(data_dir, "inventory", "evaluate", "--campaign", campaign,
                                  "--truth", str(truth)).stdout)
    return report["truth"]


def measure_evalweb(data_dir: Path, root: Path = EVALWEB) -> dict:
    with evalweb_server(root) as proxy:
        return measure(root / "sites.csv", root / "truth.json", proxy, data_dir)


def measure_sampleweb(web_dir: Path, data_dir: Path) -> dict:
    with sampleweb_server(web_dir) as (proxy, ca_bundle):  # its https portals are signed by a test CA
        return measure(web_dir / "sites.csv", web_dir / "truth.json", proxy, data_dir, ca_bundle=ca_bundle)
