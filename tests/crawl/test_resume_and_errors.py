"""Interrupting a crawl (kill -9) and running the same command again loses and duplicates nothing."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.crawl.integrity import check_storage
from tests.helpers import CrawledWeb, barometre

pytestmark = pytest.mark.slow


def test_resume_after_kill_9(web_dir, crawled, tmp_path):
    with CrawledWeb(web_dir, tmp_path / "data") as web:
        args = web.crawl_args("--campaign", "resumed", "--sites", str(web_dir / "sites.csv"))
        args[args.index("--rate") + 1] = "40"  # slow enough to be killed half-way
        env = {**os.environ, "BAROMETRE_DATA_DIR": str(web.data_dir)}
        proc = subprocess.Popen([sys.executable, "-m", "barometre.cli", *args], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        stored = 0
        while time.monotonic() < deadline:
            time.sleep(0.5)
            if (web.data_dir / "barometre.sqlite3").exists():
                try:
                    stored = web.sql("SELECT count(*) FROM crawl_page")[0][0]
                except Exception:
                    continue
                if stored >= 300:
                    break
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert 300 <= stored < 1100, "the crawl was not killed half-way"
        before = {(p["code"], p["url"]) for p in web.pages("resumed")}
        status = dict(web.sql("SELECT c.code, r.status FROM crawl_crawlrun r JOIN referential_collectivite c"
                              " ON c.id = r.collectivite_id"))
        assert "running" in status.values()

        web.run("--campaign", "resumed", "--sites", str(web_dir / "sites.csv"))
        after = web.pages("resumed")
        keys = collections.Counter((p["code"], p["url"]) for p in after)
        assert max(keys.values()) == 1
        assert before <= set(keys)
        # Which members of a budgeted trap (agenda, faceted search) get fetched depends on
        # scheduling order, in any two crawls; every other page must be the same.
        def plain(pairs):
            return {(code, url) for code, url in pairs if "?" not in url}

        reference = {(p["code"], p["url"]) for p in crawled.pages("test")}
        assert plain(keys) == plain(reference)
        assert abs(len(keys) - len(reference)) <= 5
        check_storage(web, "resumed")
        statuses = set(dict(web.sql("SELECT c.code, r.status FROM crawl_crawlrun r JOIN referential_collectivite c"
                                    " ON c.id = r.collectivite_id")).values())
        assert statuses <= {"done", "unreachable"}


def test_finished_collectivites_are_not_crawled_again(crawled, web_dir):
    """Done portals are left alone; the unreachable one (its robots.txt answers 502, maybe an
    outage) is asked again, its robots.txt only, until MAX_ATTEMPTS runs have tried it."""
    n_requests = len(crawled.requests())
    proc = crawled.run("--campaign", "test", "--sites", str(web_dir / "sites.csv"))
    assert "1 collectivité à collecter" in proc.stdout
    again = crawled.requests()[n_requests:]
    assert {(r["host"], r["path"], r["status"]) for r in again} == {("www.causse-noir.test", "/robots.txt", 502)}


@pytest.mark.parametrize("args, message", [
    (["--collectivite", "99"], "unknown code '99'"),
    (["--collectivite", "69"], "ambiguous"),
    (["--proxy", "http://127.0.0.1:9"], "proxy http://127.0.0.1:9 unreachable"),
    (["--max-pages", "0"], "--max-pages"),
])
def test_bad_cli_input(tmp_path, args, message):
    base = ["crawl", "--campaign", "x", *args]
    if "--proxy" not in args:
        base += ["--proxy", "http://127.0.0.1:9"]
    proc = barometre(tmp_path, *base, check=False)
    assert proc.returncode != 0 and message in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_malformed_sites_file(tmp_path):
    sites = tmp_path / "sites.csv"
    sites.write_text("code,name,url\nA1,Ville,notaurl\n")
    proc = barometre(tmp_path, "crawl", "--sites", str(sites), "--proxy", "http://127.0.0.1:9", check=False)
    assert proc.returncode != 0 and "line 2, column 'url'" in proc.stderr
    assert not Path(tmp_path / "warc").exists()
