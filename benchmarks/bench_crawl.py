"""Crawl benchmark: Baromètre vs a bare Scrapy spider vs wget --recursive, on the France-sized
sample web served on 127.0.0.1, in one run.

    .venv/bin/python benchmarks/bench_crawl.py [--web DIR] [--concurrency 32]

Every crawler runs in its own process through the same replay-server proxy, at unrestricted rate;
we report pages/s (responses the server logged for that crawler), MB/s (bytes it served), and the
crawler's peak RSS (process tree, sampled every 0.1 s).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from barometre.sampleweb import SampleWebServer, generate

ROOT = Path(__file__).resolve().parents[1]


def peak_rss(proc: subprocess.Popen, stop: threading.Event, out: dict) -> None:
    peak = 0
    try:
        parent = psutil.Process(proc.pid)
        while not stop.is_set():
            try:
                procs = [parent, *parent.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in procs))
            except psutil.Error:
                pass
            time.sleep(0.1)
    except psutil.Error:
        pass
    out["peak_rss"] = peak


def run(name: str, cmd: list[str], env: dict, log: Path, cwd: Path, time_limit: float | None = None) -> dict:
    before = log.stat().st_size if log.exists() else 0
    started = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stop, mem = threading.Event(), {}
    watcher = threading.Thread(target=peak_rss, args=(proc, stop, mem))
    watcher.start()
    try:
        _, err = proc.communicate(timeout=time_limit)
    except subprocess.TimeoutExpired:
        # The reference crawlers have no trap budgets and would go on: compare rates over the
        # time Baromètre needed for the whole web.
        proc.kill()
        _, err = proc.communicate()
    elapsed = time.monotonic() - started
    stop.set()
    watcher.join()
    with log.open("rb") as f:
        f.seek(before)
        lines = [json.loads(line) for line in f if line.strip()]
    served = sum(r.get("bytes", 0) for r in lines)
    result = {"crawler": name, "seconds": round(elapsed, 1), "requests": len(lines),
              "pages_per_s": round(len(lines) / elapsed, 1), "mb_per_s": round(served / elapsed / 1e6, 2),
              "peak_rss_mb": round(mem.get("peak_rss", 0) / 1e6), "exit": proc.returncode}
    if proc.returncode not in (0, 8, -9):  # wget exits 8 when some URL answered 4xx/5xx; -9: time limit
        result["stderr"] = err.decode("utf-8", "replace")[-500:]
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--web", type=Path, default=Path(tempfile.gettempdir()) / "barometre-bench-web-france")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--skip", nargs="*", default=[], choices=["barometre", "scrapy", "wget"])
    args = parser.parse_args()
    if not (args.web / "truth.json").exists():
        print(f"generating the France-sized sample web into {args.web} …", flush=True)
        generate(args.web, scale="france")
    work = Path(tempfile.mkdtemp(prefix="barometre-bench-"))
    log = work / "requests.jsonl"
    results = []
    with SampleWebServer(args.web, log_path=log) as server:
        env = {**os.environ, "BAROMETRE_DATA_DIR": str(work / "data"), "BENCH_SITES": str(args.web / "sites.csv"),
               "BENCH_PROXY": server.proxy_url, "BENCH_CONCURRENCY": str(args.concurrency)}
        crawlers = {
            "barometre": [sys.executable, "-m", "barometre.cli", "crawl", "--campaign", "bench", "--sites",
                          str(args.web / "sites.csv"), "--proxy", server.proxy_url, "--rate", "0",
                          "--concurrency", str(args.concurrency), "--timeout", "5"],
            "scrapy": [sys.executable, str(ROOT / "benchmarks" / "bare_spider.py")],
            "wget": ["wget", "--recursive", "--level=10", "--no-verbose", "--delete-after", "--no-directories",
                     "-e", "robots=on", "-e", f"http_proxy={server.proxy_url}", "--tries=1", "--timeout=5",
                     "--span-hosts", "--domains=" + ",".join(sorted({u.split("/")[2].split(".", 1)[1]
                                                                       for u in _portals(args.web)})),
                     "--input-file", str(work / "urls.txt")],
        }
        (work / "urls.txt").write_text("\n".join(_portals(args.web)) + "\n")
        limit = None
        for name, cmd in crawlers.items():
            if name in args.skip:
                continue
            print(f"running {name} …", flush=True)
            results.append(run(name, cmd, env, log, work, time_limit=limit))
            print(json.dumps(results[-1]), flush=True)
            if name == "barometre":
                limit = max(60.0, results[-1]["seconds"])
    base = next((r for r in results if r["crawler"] == "barometre"), None)
    print("\n| crawler | requests | seconds | pages/s | MB/s | peak RSS (MB) | barometre ÷ crawler (pages/s) |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        ratio = f"{base['pages_per_s'] / r['pages_per_s']:.2f}" if base and r["pages_per_s"] else "—"
        print(f"| {r['crawler']} | {r['requests']} | {r['seconds']} | {r['pages_per_s']} | {r['mb_per_s']} "
              f"| {r['peak_rss_mb']} | {ratio} |")
    shutil.rmtree(work, ignore_errors=True)


def _portals(web: Path) -> list[str]:
    import csv

    with (web / "sites.csv").open(encoding="utf-8") as f:
        return [row["url"] for row in csv.DictReader(f)]


if __name__ == "__main__":
    main()
