"""Load sampled pages in the system Chromium (Playwright): load metrics, EcoIndex, axe-core,
layout at phone width and what the network did — one browser, one tab per worker, several
workers in parallel.

A worker's context is reused from page to page (creating one costs ~0.2 s of CPU, a third of a
page's audit) but leaves nothing behind that could change a measure: the HTTP cache is disabled
(every page's transfer size and requests are counted in full), cookies and the previous origin's
storage are cleared, and the phone-width emulation is reset before the next page.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from axe_playwright_python.base import AXE_SCRIPT
from ecoindex.compute import (
    get_grade,
    get_greenhouse_gases_emmission,
    get_score,
    get_water_consumption,
)

from barometre.crawl.urls import host_of, on_hosts

from .. import knowledge
from .scripts import METRICS, OBSERVERS, PHONE_LAYOUT

CHROMIUM = os.environ.get("BAROMETRE_CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium keeps trying to reach Google services (PITFALLS.md).
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
                 "--disable-features=Translate,OptimizationHints,MediaRouter"]
DESKTOP = {"width": 1280, "height": 800}
# The options of a plain `axe.run()` as axe-playwright-python sends them: findings stay comparable.
AXE_OPTIONS = {"resultTypes": ["violations"]}
AXE_VERSION = AXE_SCRIPT[AXE_SCRIPT.find("axe v") + 5:].split()[0] if "axe v" in AXE_SCRIPT[:200] else ""


class BrowserUnavailable(RuntimeError):
    """Chromium is missing or cannot start: the browser measures are then not measured."""


@dataclass
class Target:
    """One page to load: which portal it belongs to, why it was sampled, the portal's hosts."""

    code: str
    url: str
    role: str = "page"
    cue: str = ""
    hosts: frozenset[str] = field(default_factory=frozenset)


def chromium_missing(executable: str = CHROMIUM) -> str | None:
    """Why the browser audit cannot run, or None when Chromium is there."""
    path = Path(executable)
    if not path.exists():
        return f"Chromium not found at {executable}"
    if not os.access(path, os.X_OK):
        return f"{executable} is not executable"
    return None


def launch_args(proxy: str | None = None, host_rules: str | None = None, trusted_spki: tuple[str, ...] = ()) -> list[str]:
    args = list(CHROMIUM_ARGS)
    if proxy:
        args.append(f"--proxy-server={proxy}")
    if host_rules:
        args.append(f"--host-resolver-rules={host_rules}")
    if trusted_spki:
        args.append(f"--ignore-certificate-errors-spki-list={','.join(trusted_spki)}")
    return args


def spki_hashes(pem_file: str | Path) -> tuple[str, ...]:
    """Base64 SHA-256 of the public key of each certificate of a PEM file, as Chromium's
    --ignore-certificate-errors-spki-list takes them: a server whose chain, as it sends it,
    holds one of these certificates is accepted (a test CA's intermediate, a company's
    TLS-inspecting proxy)."""
    import base64
    import hashlib

    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    certs = x509.load_pem_x509_certificates(Path(pem_file).read_bytes())
    return tuple(base64.b64encode(hashlib.sha256(c.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).digest()).decode()
        for c in certs)


def axe_summary(violations: list[dict], max_targets: int) -> dict:
    """axe-core violations per rule, with impact, node count, first targets and RGAA criteria."""
    rules, by_impact = [], {"critical": 0, "serious": 0, "moderate": 0, "minor": 0}
    for v in violations:
        impact = v.get("impact") or "minor"
        by_impact[impact] = by_impact.get(impact, 0) + len(v["nodes"])
        rules.append({"id": v["id"], "impact": impact, "nodes": len(v["nodes"]),
                      "targets": [" ".join(map(str, n.get("target", []))) for n in v["nodes"][:max_targets]],
                      "rgaa": knowledge.axe_rule_criteria(v["id"]), "help": v.get("help", ""),
                      "tags": [t for t in v.get("tags", []) if t.startswith("wcag")]})
    return {"violations": rules, "by_impact": by_impact, "rules_failed": len(rules),
            "nodes": sum(r["nodes"] for r in rules)}


class _Network:
    """Every request of one page, from the DevTools protocol: count, bytes, hosts, mixed content."""

    def __init__(self, page_url: str):
        self.https = page_url.startswith("https://")
        self.requests: dict[str, str] = {}
        self.bytes = 0
        self.failed: list[dict] = []
        self.mixed: list[dict] = []

    def sent(self, params: dict) -> None:
        url = params["request"]["url"]
        if url.startswith(("data:", "blob:")):
            return
        self.requests[params["requestId"]] = url
        if self.https and url.startswith("http://"):
            self.mixed.append({"url": url, "blocked": False})

    def finished(self, params: dict) -> None:
        self.bytes += int(params.get("encodedDataLength") or 0)

    def failed_load(self, params: dict) -> None:
        url = self.requests.get(params["requestId"], "")
        reason = params.get("blockedReason") or params.get("errorText", "")
        if params.get("blockedReason") == "mixed-content":
            self.mixed.append({"url": url, "blocked": True})
        self.failed.append({"url": url, "error": reason})

    def summary(self, hosts: frozenset[str]) -> dict:
        urls = list(self.requests.values())
        third = sorted({host_of(u) for u in urls if host_of(u) and not on_hosts(u, hosts)})
        mixed = list({m["url"]: m for m in self.mixed}.values())
        return {"requests": len(urls), "transfer_bytes": self.bytes, "failed": self.failed[:20],
                "third_party_hosts": third, "mixed_content": mixed, "https": self.https}


async def _ecoindex(dom: int, transfer_bytes: int, requests: int) -> dict:
    # ecoindex-compute's own quantiles and grades (compute_ecoindex wraps a deprecated call).
    score = await get_score(dom=dom, size=transfer_bytes / 1024, requests=requests)
    return {"score": score, "grade": await get_grade(score),
            "ges_g": await get_greenhouse_gases_emmission(score), "water_cl": await get_water_consumption(score),
            "inputs": {"dom_elements": dom, "size_kb": round(transfer_bytes / 1024, 1), "requests": requests}}


class _Tab:
    """One worker's context, page and DevTools session, reused from target to target."""

    def __init__(self, context, page, cdp):
        self.context, self.page, self.cdp = context, page, cdp
        self.network: _Network | None = None
        self.origin: str | None = None
        cdp.on("Network.requestWillBeSent", lambda p: self.network and self.network.sent(p))
        cdp.on("Network.loadingFinished", lambda p: self.network and self.network.finished(p))
        cdp.on("Network.loadingFailed", lambda p: self.network and self.network.failed_load(p))

    @classmethod
    async def open(cls, browser) -> _Tab:
        context = await browser.new_context(viewport=DESKTOP, ignore_https_errors=False, service_workers="block")
        page = await context.new_page()
        await page.add_init_script(OBSERVERS)
        cdp = await context.new_cdp_session(page)
        tab = cls(context, page, cdp)
        await cdp.send("Network.enable")
        await cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        return tab

    async def reset(self) -> None:
        """Back to a blank desktop tab with no cookie and no storage of the previous page."""
        await self.cdp.send("Emulation.clearDeviceMetricsOverride")
        await self.page.goto("about:blank")
        await self.context.clear_cookies()
        if self.origin:
            await self.cdp.send("Storage.clearDataForOrigin", {"origin": self.origin, "storageTypes": "all"})
        self.network, self.origin = None, None

    async def close(self) -> None:
        await self.context.close()


async def audit_page(tab: _Tab, target: Target, *, timeout: float, limits: dict,
                     axe_script: str = AXE_SCRIPT) -> dict:
    """Audit one page in a worker's tab; failures are reported in `error`, never raised."""
    started = time.perf_counter()
    result: dict = {"code": target.code, "url": target.url, "role": target.role, "cue": target.cue,
                    "status": None, "final_url": None, "error": None, "metrics": {}, "ecoindex": {},
                    "axe": {}, "mobile": {}, "network": {}, "tls_valid": None}
    page, cdp = tab.page, tab.cdp
    tab.network = network = _Network(target.url)
    tab.origin = "/".join(target.url.split("/", 3)[:3])
    try:
        try:
            response = await page.goto(target.url, wait_until="load", timeout=timeout * 1000)
        except Exception as exc:  # noqa: BLE001 (Playwright raises its own Error/TimeoutError)
            message = str(exc).splitlines()[0][:300]
            result["error"] = message
            if "ERR_CERT" in message or "SSL" in message:
                result["tls_valid"] = False
            return result
        tab.origin = "/".join(page.url.split("/", 3)[:3]) if page.url.startswith("http") else None
        result["status"] = response.status if response else None
        result["final_url"] = page.url
        if page.url.startswith("https://"):
            result["tls_valid"] = True
        metrics = await page.evaluate(METRICS)
        net = network.summary(target.hosts)
        metrics["transfer_bytes"] = net["transfer_bytes"]
        metrics["requests"] = net["requests"]
        for key in ("ttfb", "fcp", "lcp", "dom_content_loaded", "load_event"):
            if metrics.get(key) is not None:
                metrics[key] = round(metrics[key] / 1000, 3)
        if metrics.get("cls") is not None:
            metrics["cls"] = round(metrics["cls"], 4)
        result["metrics"] = metrics
        result["network"] = net
        result["ecoindex"] = await _ecoindex(metrics["dom_elements"], net["transfer_bytes"], net["requests"])
        await page.evaluate(axe_script)
        axe = await page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
        result["axe"] = {"version": axe.get("testEngine", {}).get("version", AXE_VERSION),
                         **axe_summary(axe["violations"], limits["max_evidence"])}
        result["axe_raw_ids"] = sorted((v["id"], len(v["nodes"])) for v in axe["violations"])
        await cdp.send("Emulation.setDeviceMetricsOverride", {
            "width": limits["phone_width"], "height": limits["phone_height"], "deviceScaleFactor": 1,
            "mobile": True})
        result["mobile"] = await page.evaluate(
            PHONE_LAYOUT, [limits["target_min"], limits["target_comfortable"], limits["max_evidence"]])
        result["mobile"]["width"] = limits["phone_width"]
    except Exception as exc:  # noqa: BLE001 (a page that crashes the tab must not stop the audit)
        result["error"] = result["error"] or f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
    finally:
        result["duration"] = round(time.perf_counter() - started, 3)
    return result


async def audit_targets(targets: list[Target], *, executable: str = CHROMIUM, proxy: str | None = None,
                        host_rules: str | None = None, trusted_spki: tuple[str, ...] = (),
                        concurrency: int = 4, timeout: float = 30.0,
                        on_done: Callable[[dict], None] | None = None) -> list[dict]:
    """Audit every target with one Chromium and up to `concurrency` pages at a time.

    Results come back in the order of `targets`. Raises BrowserUnavailable if Chromium is missing
    or does not start.
    """
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright

    missing = chromium_missing(executable)
    if missing:
        raise BrowserUnavailable(missing)
    limits = knowledge.thresholds()["browser"]
    async with async_playwright() as pw:
        try:
            browser = await pw.chromium.launch(executable_path=executable, headless=True,
                                               args=launch_args(proxy, host_rules, trusted_spki))
        except PlaywrightError as exc:
            raise BrowserUnavailable(f"Chromium did not start: {str(exc).splitlines()[0]}") from None

        queue: asyncio.Queue = asyncio.Queue()
        for index, target in enumerate(targets):
            queue.put_nowait((index, target))
        results: list[dict | None] = [None] * len(targets)

        async def worker() -> None:
            tab = await _Tab.open(browser)
            try:
                while not queue.empty():
                    index, target = queue.get_nowait()
                    res = await audit_page(tab, target, timeout=timeout, limits=limits)
                    results[index] = res
                    if on_done:
                        on_done(res)
                    try:
                        await tab.reset()
                    except Exception:  # noqa: BLE001 (a crashed tab is replaced, not fatal)
                        await tab.close()
                        tab = await _Tab.open(browser)
            finally:
                await tab.close()

        try:
            await asyncio.gather(*(worker() for _ in range(max(1, min(concurrency, len(targets))))))
            return results
        finally:
            await browser.close()


def run_targets(targets: list[Target], **options) -> list[dict]:
    """Synchronous entry point (management command, benchmark)."""
    return asyncio.run(audit_targets(targets, **options))

