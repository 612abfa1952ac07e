"""Audit benchmark on the small sample web served on 127.0.0.1, in one run:

- Baromètre static audit (pure core over the pages' stored bodies, no network) — pages/s;
- Baromètre browser audit (one Chromium, parallel contexts: metrics, EcoIndex, axe, phone layout) — pages/s;
- Lighthouse 12.2.3 (performance + accessibility, system Chromium) — pages/s, on a few pages;
- pa11y with the axe runner — pages/s, on the same few pages;
- ratios, peak memory (RSS of the process tree), and whether Baromètre's axe findings equal a
  plain axe run (axe-playwright-python on a fresh page) on every page.

Lighthouse and pa11y come from `benchmarks/audit/setup.sh` (not part of the main install).

    benchmarks/audit/setup.sh
    .venv/bin/python benchmarks/bench_audit.py [--pages 35] [--reference-pages 5] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import psutil

from barometre.audit.browser.runner import CHROMIUM, CHROMIUM_ARGS, Target, run_targets
from barometre.audit.core import FetchedPage, audit_portal
from barometre.sampleweb import SampleWebServer, generate

NODE_BIN = Path(__file__).resolve().parent / "audit" / "node_modules" / ".bin"


class PeakMemory:
    """Peak resident memory of this process and all its children (Chromium, node), sampled."""

    def __init__(self, every: float = 0.05):
        self.every, self.peak, self._stop = every, 0, threading.Event()

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)
            time.sleep(self.every)

    def __enter__(self):
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def static_inputs(web: Path, truth: dict) -> list[tuple[dict, list[FetchedPage]]]:
    """Each portal's HTML pages straight from the sample web's files (what a crawl would store)."""
    index = json.loads((web / "index.json").read_text())["hosts"]
    out = []
    for c in truth["collectivites"]:
        if not c["reachable"]:
            continue
        pages = []
        for host in c["hosts"]:
            entry = index.get(host, {})
            headers = dict(entry.get("headers", []))
            for path, page in entry.get("pages", {}).items():
                if page.get("s", 200) != 200 or "html" not in page.get("t", "") or page.get("b"):
                    continue
                body = (web / page["f"]).read_bytes() if page.get("f") else b""
                pages.append(FetchedPage(url=f"http://{host}{path}", status=200, content_type=page["t"],
                                         headers={**headers, **dict(page.get("h", []))}, ttfb=0.05,
                                         download_time=0.06, body=body))
        out.append((c, pages))
    return out


def bench_static(inputs) -> dict:
    count = sum(len(p) for _, p in inputs)
    started = time.perf_counter()
    for c, pages in inputs:
        audit_portal(c["portal_url"], pages, {}, c["hosts"], date(2026, 6, 1))
    elapsed = time.perf_counter() - started
    return {"pages": count, "seconds": round(elapsed, 2), "pages_per_s": round(count / elapsed, 1)}


def browser_urls(truth: dict, n: int) -> list[tuple[str, frozenset]]:
    per_portal = []
    for c in truth["collectivites"]:
        if c["reachable"]:
            urls = [c["portal_url"]] + [s["page_url"] for s in c["services"] if s["page_url"]]
            per_portal.append([(u, frozenset(c["hosts"])) for u in dict.fromkeys(urls)])
    out = []
    while len(out) < n and any(per_portal):  # round robin: every portal is represented
        for urls in per_portal:
            if urls and len(out) < n:
                out.append(urls.pop(0))
    return out


def plain_axe(urls: list[str], proxy: str) -> dict[str, list]:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM,
                                     args=[*CHROMIUM_ARGS, f"--proxy-server={proxy}"])
        for url in urls:
            context = browser.new_context()
            page = context.new_page()
            page.goto(url, wait_until="load")
            out[url] = [(v["id"], v["impact"], len(v["nodes"])) for v in Axe().run(page).response["violations"]]
            context.close()
        browser.close()
    return out


def run_tool(name: str, urls: list[str], command) -> dict:
    with PeakMemory() as mem:
        started = time.perf_counter()
        failures = []
        for url in urls:
            proc = subprocess.run(command(url), capture_output=True, text=True, timeout=300,
                                  env={**os.environ, "CHROME_PATH": CHROMIUM})
            # pa11y exits 2 when it found issues: that is a result, not a failure.
            if proc.returncode not in (0, 2):
                failures.append({"url": url, "code": proc.returncode, "stderr": proc.stderr[-300:]})
        elapsed = time.perf_counter() - started
    return {"tool": name, "pages": len(urls), "seconds": round(elapsed, 1),
            "pages_per_s": round(len(urls) / elapsed, 3), "peak_rss_mb": round(mem.peak / 2**20),
            "failures": failures}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=35, help="pages for the browser audit")
    parser.add_argument("--reference-pages", type=int, default=5, help="pages for Lighthouse and pa11y")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--skip-reference", action="store_true", help="do not run Lighthouse/pa11y")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-audit-"))
    web = generate(tmp / "web", seed=2026, scale="small")
    truth = json.loads((web / "truth.json").read_text())
    report: dict = {"cpus": os.cpu_count(), "load_avg_before": os.getloadavg()}

    report["static"] = bench_static(static_inputs(web, truth))

    with SampleWebServer(web, delay_scale=0.0) as server:
        # Every browser reaches the sample web through its replay server used as a proxy
        # (Lighthouse shows an interstitial with --host-resolver-rules on this Chromium).
        proxy = server.proxy_url
        chosen = browser_urls(truth, args.pages)
        targets = [Target(code="B", url=u, role="page", hosts=h) for u, h in chosen]
        with PeakMemory() as mem:
            started = time.perf_counter()
            results = run_targets(targets, proxy=proxy, concurrency=args.concurrency)
            elapsed = time.perf_counter() - started
        errors = [r for r in results if r["error"]]
        report["browser"] = {"pages": len(results), "errors": len(errors), "seconds": round(elapsed, 2),
                             "pages_per_s": round(len(results) / elapsed, 2),
                             "peak_rss_mb": round(mem.peak / 2**20), "concurrency": args.concurrency}

        plain = plain_axe([u for u, _ in chosen], proxy)
        mismatches = [r["url"] for r in results
                      if [(v["id"], v["impact"], v["nodes"]) for v in r["axe"].get("violations", [])] != plain[r["url"]]]
        report["axe_identical"] = {"pages": len(results), "mismatches": mismatches,
                                   "violations_total": sum(n for v in plain.values() for _, _, n in v)}

        reference = [u for u, _ in chosen[:args.reference_pages]]
        # Playwright passes --no-sandbox itself; the node tools need it when run as root.
        sandbox = ["--no-sandbox"] if os.geteuid() == 0 else []
        flags = " ".join([*CHROMIUM_ARGS, *sandbox, "--headless=new", f"--proxy-server={proxy}",
                          "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable"])
        if not args.skip_reference:
            if not (NODE_BIN / "lighthouse").exists():
                print("lighthouse/pa11y missing: run benchmarks/audit/setup.sh", file=sys.stderr)
                return 1
            out_dir = tmp / "lighthouse"
            out_dir.mkdir()
            report["lighthouse"] = run_tool("lighthouse 12.2.3", reference, lambda url: [
                str(NODE_BIN / "lighthouse"), url, "--only-categories=performance,accessibility",
                "--output=json", f"--output-path={out_dir / 'report.json'}", "--quiet",
                f"--chrome-flags={flags}"])
            pa11y_config = tmp / "pa11y.json"
            pa11y_config.write_text(json.dumps({"chromeLaunchConfig": {
                "executablePath": CHROMIUM,
                "args": [*CHROMIUM_ARGS, *sandbox, f"--proxy-server={proxy}"]}}))
            report["pa11y"] = run_tool("pa11y (axe runner)", reference, lambda url: [
                str(NODE_BIN / "pa11y"), "--runner", "axe", "--reporter", "json", "--config",
                str(pa11y_config), url])
            lh = report["lighthouse"]["pages_per_s"]
            report["ratios"] = {
                "browser_vs_lighthouse": round(report["browser"]["pages_per_s"] / lh, 1),
                "browser_vs_pa11y": round(report["browser"]["pages_per_s"] / report["pa11y"]["pages_per_s"], 1),
                "static_vs_lighthouse": round(report["static"]["pages_per_s"] / lh),
            }
    report["load_avg_after"] = os.getloadavg()
    print(json.dumps(report, indent=1))
    ok = (report["static"]["pages_per_s"] >= 500 and not mismatches and not errors
          and (args.skip_reference or (report["ratios"]["browser_vs_lighthouse"] >= 20
                                       and not report["lighthouse"]["failures"]
                                       and not report["pa11y"]["failures"])))
    print(f"targets (static ≥ 500 pages/s, axe identical, browser ≥ 20× Lighthouse): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
