"""Faults against a campaign's storage: kill -9 at random points, outages, concurrent runs, hostile names.

What must hold after each: 0 pages lost (the pages are an uninterrupted crawl's), 0 stored
twice, 0 corrupt records (every record a page points at reads back whole and is that page's
response), each collectivité's outcome and counters are an uninterrupted crawl's, and a run
that could not finish says so, with a non-zero exit status.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.crawl.integrity import check_storage, run_counters, run_status
from tests.helpers import CrawledWeb, barometre

pytestmark = pytest.mark.slow
# Counters that do not depend on the order pages were fetched in (trap budgets and robots.txt
# refusals do: which members of a trap get fetched differs between any two crawls).
STABLE = ("skip_extension", "max_depth", "redirect_external", "redirect_skip_extension")


def plain(keys) -> set:
    return {(code, url) for code, url in keys if "?" not in url}


def same_as_reference(web, campaign: str, crawled) -> dict:
    """Assert the campaign holds what the reference crawl holds; returns the storage figures."""
    figures = check_storage(web, campaign)
    pages = {(p["code"], p["url"]) for p in web.pages(campaign)}
    reference = {(p["code"], p["url"]) for p in crawled.pages("test")}
    lost = plain(reference) - plain(pages)
    assert not lost, f"{len(lost)} pages lost, e.g. {sorted(lost)[:3]}"
    assert not plain(pages) - plain(reference)
    assert abs(len(pages) - len(reference)) <= 5
    assert {c: s for c, (s, _r) in run_status(web, campaign).items()} == \
        {c: s for c, (s, _r) in run_status(crawled, "test").items()}
    mine, theirs = run_counters(web, campaign), run_counters(crawled, "test")
    for code, counters in theirs.items():
        assert mine[code]["errors"] == counters["errors"], code
        # Links out of the portal are counted on every page, those of trap members included:
        # which members get fetched differs between two crawls (as for the pages above).
        assert abs(mine[code]["external_links"] - counters["external_links"]) <= 3, code
        assert {k: v for k, v in mine[code]["skipped"].items() if k in STABLE} == \
            {k: v for k, v in counters["skipped"].items() if k in STABLE}, code
    return figures


def start(web, campaign: str, sites: Path, rate: str = "40", proxy: str | None = None):
    args = web.crawl_args("--campaign", campaign, "--sites", str(sites))
    args[args.index("--rate") + 1] = rate
    if proxy:
        args[args.index("--proxy") + 1] = proxy
    env = web.env()
    for var in ("HTTP_PROXY", "http_proxy"):
        env.pop(var, None)
    return subprocess.Popen([sys.executable, "-m", "barometre.cli", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def stored_pages(web) -> int:
    try:
        return web.sql("SELECT count(*) FROM crawl_page")[0][0]
    except Exception:  # not created yet, or locked for a moment
        return 0


def wait_for(predicate, timeout: float = 120, proc=None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.2)
    return False


def test_kill_9_at_random_points_then_resume(web_dir, crawled, tmp_path):
    kill_9_then_resume(web_dir, crawled, tmp_path)


def test_kill_9_at_random_points_then_resume_on_postgresql(web_dir, crawled, tmp_path, new_postgres_database):
    kill_9_then_resume(web_dir, crawled, tmp_path, new_postgres_database())


def kill_9_then_resume(web_dir, crawled, tmp_path, database_url: str | None = None):
    rng = random.Random(os.environ.get("BAROMETRE_FAULT_SEED", "2026"))
    with CrawledWeb(web_dir, tmp_path / "data", database_url=database_url) as web:
        sites = web_dir / "sites.csv"
        kills = 0
        for _ in range(3):
            floor = stored_pages(web)
            threshold = floor + rng.randint(40, 300)
            proc = start(web, "killed", sites)
            wait_for(lambda t=threshold: stored_pages(web) >= t, proc=proc)
            time.sleep(rng.random())
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.communicate()
        assert kills >= 2, "the crawl ended before it could be killed"
        assert "running" in {s for s, _r in run_status(web, "killed").values()}
        web.run("--campaign", "killed", "--sites", str(sites))
        figures = same_as_reference(web, "killed", crawled)
        print(f"kill -9 x{kills} on {'PostgreSQL' if database_url else 'SQLite'}: {figures['pages']} pages, 0 lost, 0 twice, "
              f"{figures['referenced']} records read back")


class Relay:
    """A TCP relay on 127.0.0.1 in front of the sample web: down, it resets every connection
    and refuses new ones, as a server that crashed would."""

    def __init__(self, upstream_port: int):
        self.upstream = upstream_port
        self.port = 0
        self.listener: socket.socket | None = None
        self.conns: set[socket.socket] = set()
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def up(self) -> Relay:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(256)
        self.port, self.listener = listener.getsockname()[1], listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def down(self) -> None:
        listener, self.listener = self.listener, None
        listener.shutdown(socket.SHUT_RDWR)
        listener.close()
        with self.lock:
            conns, self.conns = self.conns, set()
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                conn.shutdown(socket.SHUT_RDWR)
                conn.close()

    def _accept(self, listener) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(("127.0.0.1", self.upstream))
            except OSError:
                client.close()
                continue
            with self.lock:
                if self.listener is not listener:
                    client.close()
                    server.close()
                    return
                self.conns |= {client, server}
            for src, dst in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src, dst) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def test_server_down_then_resume_fetches_what_failed(web_dir, crawled, tmp_path):
    outage_then_resume(web_dir, crawled, tmp_path)


def test_server_down_then_resume_fetches_what_failed_on_postgresql(web_dir, crawled, tmp_path, new_postgres_database):
    outage_then_resume(web_dir, crawled, tmp_path, new_postgres_database())


def outage_then_resume(web_dir, crawled, tmp_path, database_url: str | None = None):
    with CrawledWeb(web_dir, tmp_path / "data", database_url=database_url) as web:
        relay = Relay(web.server.port).up()
        sites = web_dir / "sites.csv"
        proc = start(web, "outage", sites, rate="20", proxy=relay.url)
        assert wait_for(lambda: stored_pages(web) >= 250, proc=proc), "the crawl ended before the outage"
        relay.down()
        out, err = proc.communicate(timeout=180)
        assert proc.returncode != 0, out[-2000:]
        assert "pas pu être collectée" in err and "en échec temporaire" in err, err[-2000:]
        assert "Traceback" not in err
        statuses = run_status(web, "outage")
        assert any(s == "incomplete" for s, _r in statuses.values()), statuses
        assert not any("every in-scope link was followed" in r for s, r in statuses.values() if s != "done")

        relay.up()
        again = web.run("--campaign", "outage", "--sites", str(sites), "--proxy", relay.url)
        assert "pas pu être collectée" not in again.stderr
        figures = same_as_reference(web, "outage", crawled)  # the same errors: the failed pages were fetched again
        print(f"outage on {'PostgreSQL' if database_url else 'SQLite'}: {figures['pages']} pages after resume, "
              "0 lost, 0 twice")


def test_second_crawl_of_a_campaign_refused_while_one_runs(web_dir, crawled, tmp_path):
    concurrent_runs(web_dir, crawled, tmp_path)


def test_second_crawl_of_a_campaign_refused_while_one_runs_on_postgresql(web_dir, crawled, tmp_path,
                                                                        new_postgres_database):
    concurrent_runs(web_dir, crawled, tmp_path, new_postgres_database())


def concurrent_runs(web_dir, crawled, tmp_path, database_url: str | None = None):
    with CrawledWeb(web_dir, tmp_path / "data", database_url=database_url) as web:
        sites = web_dir / "sites.csv"
        first = start(web, "busy", sites, rate="4")
        lock_file = web.data_dir / "locks" / "busy.lock"
        assert wait_for(lambda: stored_pages(web) >= 30, proc=first), "the first crawl did not start"
        assert f'"pid": {first.pid}' in lock_file.read_text()
        second = barometre(web.data_dir, *web.crawl_args("--campaign", "busy", "--sites", str(sites)),
                           check=False, database_url=database_url)
        assert second.returncode != 0
        assert f"campaign 'busy' is being crawled by another run (pid {first.pid}, started 20" in second.stderr
        assert "Traceback" not in second.stderr
        names = {p.name for p in (web.data_dir / "warc" / "busy").glob("*.warc.gz")}
        assert names and all(n.startswith(f"busy-{first.pid}-") for n in names), names  # the second wrote nothing
        assert first.poll() is None, "the first crawl was disturbed"

        first.send_signal(signal.SIGKILL)  # the lock goes with it
        first.communicate()
        web.run("--campaign", "busy", "--sites", str(sites))
        same_as_reference(web, "busy", crawled)


def _digest(directory: Path) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", ["test/", "test/.", "./test", "../../x", "../warc/test", ".test", ""])
def test_a_bad_name_cannot_touch_another_campaign(crawled, name):
    data = Path(crawled.data_dir)
    before = _digest(data / "warc")
    entries = set(data.parent.iterdir())
    proc = barometre(data, *crawled.crawl_args("--campaign", name, "--sites", str(crawled.web_dir / "sites.csv")),
                     check=False)
    assert proc.returncode != 0 and "invalid campaign name" in proc.stderr, proc.stderr[-1000:]
    assert "Traceback" not in proc.stderr
    assert _digest(data / "warc") == before
    assert set(data.parent.iterdir()) == entries
    assert not (data / "locks").exists() or not any((data / "locks").glob(".*"))
    assert crawled.sql("SELECT count(*) FROM crawl_campaign WHERE name = ?", name)[0][0] == 0
