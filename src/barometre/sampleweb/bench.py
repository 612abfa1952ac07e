"""Measure the replay server's throughput: `python -m barometre.sampleweb.bench WEB_DIR`."""

from __future__ import annotations

import http.client
import json
import sys
import threading
import time
from pathlib import Path

from .server import SampleWebServer


def bench(web_dir: Path, seconds: float = 3.0, workers: int = 16) -> float:
    """Requests per second served to `workers` keep-alive clients (proxy form, small pages)."""
    truth = json.loads((Path(web_dir) / "truth.json").read_text(encoding="utf-8"))
    urls = [s["page_url"] for c in truth["collectivites"] for s in c["services"]][:500]
    counts = [0] * workers
    with SampleWebServer(web_dir) as server:
        deadline = time.perf_counter() + seconds

        def run(n: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", server.port)
            i = n
            while time.perf_counter() < deadline:
                conn.request("GET", urls[i % len(urls)])
                conn.getresponse().read()
                counts[n] += 1
                i += workers

        threads = [threading.Thread(target=run, args=(n,)) for n in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return sum(counts) / seconds


if __name__ == "__main__":
    print(f"{bench(Path(sys.argv[1])):.0f} requests/s")
