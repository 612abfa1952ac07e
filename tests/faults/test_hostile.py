"""Hostile pages cost the crawl a bounded amount of work, and are recorded as what they are.

What must hold: a decompression bomb (gzip, deflate, brotli, zstd; 1 GiB of zeros each) is
stored as `too_large`, never as a robots.txt refusal, and the crawler's memory stays bounded; a
page of 200,000 nested <div> (153 s of parsing in the event loop before) and a misnested page
that defeats the nesting scan each cost at most a few seconds, are stored with their anomaly
(`too_deep`, `parse_timeout`), and another portal crawled at the same time is never stalled.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime

import pytest

from barometre.sampleweb.store import WebWriter
from tests.faults.hostile_web import bomb, misnested, nested_divs, page, write_sites
from tests.helpers import CrawledWeb

pytestmark = pytest.mark.slow

ENCODINGS = ("gzip", "deflate", "br", "zstd")
BOMBS = "http://www.bombes.test"
HOSTILE = "http://www.profond.test"
CALM = "http://www.voisin.test"
CALM_PAGES = 40
CALM_DELAY = 0.25  # seconds per page: with 2 requests per host, the neighbour takes ~5 s


def crawl_measured(web: CrawledWeb, *args, timeout: float = 300) -> tuple[str, float, float]:
    """Run `barometre crawl` in a wrapper that reports the peak RSS of its largest process:
    (output, seconds, MB)."""
    wrapper = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]);"
               " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024); sys.exit(code)")
    env = {**os.environ, "BAROMETRE_DATA_DIR": str(web.data_dir), "PYTHONUNBUFFERED": "1"}
    for var in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"):
        env.pop(var, None)
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", wrapper, sys.executable, "-m", "barometre.cli",
                             *web.crawl_args(*args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the crawl too, not only the wrapper
        proc.communicate()
        raise AssertionError(f"the crawl did not end within {timeout:.0f} s") from None
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, err[-3000:]
    return out, elapsed, float(out.strip().splitlines()[-1])


def rows(web: CrawledWeb, host: str) -> dict[str, dict]:
    """The pages (not robots.txt or sitemaps) stored for a host, by URL."""
    found = web.sql("SELECT url, status, error_kind, anomalies, fetched_at, title FROM crawl_page"
                    " WHERE url LIKE ? AND kind = 'page'", f"{host}/%")
    return {url: {"status": status, "error_kind": kind, "anomalies": json.loads(anomalies),
                  "fetched_at": datetime.fromisoformat(str(at)), "title": title}
            for url, status, kind, anomalies, at, title in found}


def skipped(web: CrawledWeb, code: str) -> dict:
    (value,) = web.sql("SELECT r.skipped FROM crawl_crawlrun r JOIN referential_collectivite c"
                       " ON c.id = r.collectivite_id WHERE c.code = ?", code)[0]
    return json.loads(value)


@pytest.fixture(scope="module")
def bombed(tmp_path_factory):
    root = tmp_path_factory.mktemp("bombs")
    web = WebWriter(root / "web")
    links = [f"{BOMBS}/bombe-{encoding}" for encoding in ENCODINGS] + [f"{BOMBS}/sain"]
    web.page(f"{BOMBS}/", page("Bombes", links))
    for encoding in ENCODINGS:
        web.page(f"{BOMBS}/bombe-{encoding}", bomb(encoding), headers=[["Content-Encoding", encoding]])
    web.page(f"{BOMBS}/sain", page("Sain"))
    web.write_index()
    sites = write_sites(root / "web" / "sites.csv", [("BMB", "Portail piégé", f"{BOMBS}/")])
    with CrawledWeb(root / "web", root / "data") as crawl:
        _proc, _elapsed, peak_mb = crawl_measured(crawl, "--campaign", "bombes", "--sites", str(sites))
        yield crawl, peak_mb


def test_decompression_bombs_are_too_large(bombed):
    web, _peak = bombed
    found = rows(web, BOMBS)
    for encoding in ENCODINGS:
        url = f"{BOMBS}/bombe-{encoding}"
        assert url in found, f"{encoding} bomb not recorded"
        assert found[url]["error_kind"] == "too_large" and found[url]["status"] is None
    assert found[f"{BOMBS}/sain"]["status"] == 200
    counters = skipped(web, "BMB")
    assert "robots_disallowed" not in counters and "robots_unavailable" not in counters


def test_decompression_bombs_keep_memory_bounded(bombed):
    _web, peak_mb = bombed
    # Each bomb is 1 GiB decompressed; Scrapy stops at DOWNLOAD_MAXSIZE (25 MB).
    assert peak_mb < 500, f"peak RSS {peak_mb:.0f} MB"


@pytest.fixture(scope="module")
def nested(tmp_path_factory):
    root = tmp_path_factory.mktemp("nested")
    web = WebWriter(root / "web")
    web.page(f"{HOSTILE}/", page("Profond", [f"{HOSTILE}/profond", f"{HOSTILE}/mal-imbriquee"]))
    web.page(f"{HOSTILE}/profond", nested_divs(before=f'<a href="{HOSTILE}/avant">avant</a>'))
    web.page(f"{HOSTILE}/avant", page("Avant"))
    web.page(f"{HOSTILE}/au-fond", page("Au fond"))
    web.page(f"{HOSTILE}/mal-imbriquee", misnested())
    calm = [f"{CALM}/page-{n}" for n in range(CALM_PAGES)]
    web.page(f"{CALM}/", page("Voisin", calm))
    for url in calm:
        web.page(url, page(url.rsplit("/", 1)[1], [f"{CALM}/"]), delay=CALM_DELAY)
    web.write_index()
    sites = write_sites(root / "web" / "sites.csv", [("HST", "Portail hostile", f"{HOSTILE}/"),
                                                      ("CLM", "Portail voisin", f"{CALM}/")])
    with CrawledWeb(root / "web", root / "data") as crawl:
        _proc, elapsed, _peak = crawl_measured(crawl, "--campaign", "profond", "--sites", str(sites),
                                               timeout=240)
        yield crawl, elapsed


def test_deep_page_is_cut_and_recorded(nested):
    web, _elapsed = nested
    found = rows(web, HOSTILE)
    deep = found[f"{HOSTILE}/profond"]
    assert deep["status"] == 200 and "too_deep" in deep["anomalies"] and deep["title"] == "Profond"
    assert f"{HOSTILE}/avant" in found, "the links before the cut are followed"
    assert f"{HOSTILE}/au-fond" not in found, "what lies 200,000 levels deep is not parsed"


def test_page_that_outlasts_the_parse_bound_is_recorded(nested):
    web, _elapsed = nested
    slow = rows(web, HOSTILE)[f"{HOSTILE}/mal-imbriquee"]
    assert slow["status"] == 200 and "parse_timeout" in slow["anomalies"]


def test_hostile_pages_do_not_stall_the_other_portal(nested):
    web, elapsed = nested
    calm = rows(web, CALM)
    assert len(calm) == CALM_PAGES + 1 and all(r["status"] == 200 for r in calm.values())
    times = sorted(r["fetched_at"] for r in calm.values())
    gaps = [(b - a).total_seconds() for a, b in zip(times, times[1:], strict=False)]
    assert max(gaps) < 3, f"the neighbour stalled {max(gaps):.1f} s"
    assert elapsed < 60, f"the whole crawl took {elapsed:.0f} s"
