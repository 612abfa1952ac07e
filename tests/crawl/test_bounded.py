"""Bounded work per page: the nesting scan, the bounded parse, and the parsing worker pool."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from barometre.crawl.extract import bounded_html_facts, html_facts, too_deep_at
from tests.faults.hostile_web import nested_divs

LIMIT = 1024


def test_sample_web_pages_are_never_cut_and_parse_the_same(web_dir):
    index = json.loads((Path(web_dir) / "index.json").read_text(encoding="utf-8"))
    checked = 0
    for host, site in index["hosts"].items():
        for key, entry in site["pages"].items():
            if not entry.get("t", "").startswith("text/html") or "f" not in entry:
                continue
            text = (Path(web_dir) / entry["f"]).read_bytes().decode("utf-8", "replace")
            url = f"http://{host}{key}"
            assert too_deep_at(text, LIMIT) is None, url
            assert bounded_html_facts(url, text, LIMIT) == html_facts(url, text), url
            checked += 1
    assert checked > 500


DEEP = 2 * LIMIT
HOSTILE = {
    "nested div": "<div>" * DEEP,
    "self-closing div (not closing in HTML)": "<div/>" * DEEP,
    "stray end tags": "<div></span>" * DEEP,
    "nested tables": "<table><tr><td>" * DEEP,
    "unclosed formatting": "<b><i>" * DEEP,
    "nested lists": "<ul><li>" * DEEP,
    "svg groups": "<svg>" + "<g>" * DEEP,
}
BENIGN = {
    "unclosed paragraphs": "<p>texte" * DEEP,
    "unclosed list items": "<ul>" + "<li>x" * DEEP + "</ul>",
    "unclosed anchors": "<a href=/x>x" * DEEP,
    "void elements": "<br><img src=x><input><meta charset=utf-8>" * DEEP,
    "svg self-closing": "<svg>" + "<path d='M0 0'/>" * DEEP + "</svg>",
    "tags in scripts": "<script>var s = '" + "<div>" * DEEP + "';</script>",
    "tags in comments": "<!-- " + "<div>" * DEEP + " -->",
    "tags in a title": "<title>" + "<div>" * DEEP + "</title>",
    "balanced nesting": ("<div><section>" * 200 + "<a href=/x>x</a>" + "</section></div>" * 200) * 20,
    "headings": "<h1>a<h2>b<h3>c" * DEEP,
    "unterminated tags": "<a" * DEEP * 50,
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_deep_nesting_is_found(name):
    cut = too_deep_at("<html><body>" + HOSTILE[name], LIMIT)
    assert cut is not None and cut < len(HOSTILE[name])


@pytest.mark.parametrize("name", list(BENIGN))
def test_shallow_pages_are_not_cut(name):
    assert too_deep_at("<html><body>" + BENIGN[name], LIMIT) is None


def test_deep_page_keeps_what_comes_before_the_cut():
    facts = bounded_html_facts("http://a.test/", nested_divs(before='<a href="/avant">Avant</a>'), LIMIT)
    assert facts.title == "Profond" and facts.anomalies == ["too_deep"]
    assert facts.links == [["http://a.test/avant", "Avant", ""]]


POOL_SCRIPT = textwrap.dedent('''
    import json, os, signal, sys, time
    from twisted.internet import defer, reactor
    from barometre.crawl.parsing import ParsePool
    from barometre.sampleweb.documents import pdf_form
    from tests.faults.hostile_web import misnested, nested_divs

    pool = ParsePool(workers=2, timeout=2.0, max_nesting=1024)
    out, ticks = {}, []
    page = '<html><head><title>Ok</title></head><body><a href="/a">A</a></body></html>'

    def tick():
        ticks.append(time.monotonic())
        reactor.callLater(0.05, tick)

    async def timed(name, coro):
        started = time.monotonic()
        result = await coro
        out[name] = {"seconds": time.monotonic() - started, "result": result}

    def facts(f):
        return {"title": f.title, "links": f.links, "anomalies": f.anomalies}

    async def html(text):
        return facts(await pool.html("http://a.test/p", text))

    async def main():
        pool.start()
        while not all(w.ready for w in pool.workers):
            await sleep(0.1)
        await defer.DeferredList([
            defer.Deferred.fromCoroutine(timed("misnested", html(misnested()))),
            defer.Deferred.fromCoroutine(timed("deep", html(nested_divs()))),
            defer.Deferred.fromCoroutine(timed("normal", html(page))),
        ])
        job = defer.Deferred.fromCoroutine(html(misnested()))
        busy = next(w for w in pool.workers if w.job is not None)
        reactor.callLater(0.3, busy.transport.signalProcess, "KILL")
        out["crashed"] = {"result": await job}
        out["after"] = {"result": await html(page)}
        document, anomalies = await pool.document("application/pdf", "http://a.test/f.pdf",
                                                  pdf_form("Demande d'APA", ["Bénéficiaire"], fields=["Nom", "Adresse"]))
        out["pdf"] = {"result": [document, anomalies]}
        pids = [w.transport.pid for w in pool.workers]
        pool.close()
        await sleep(1.0)
        out["left"] = [pid for pid in pids if os.path.exists(f"/proc/{pid}") and
                       open(f"/proc/{pid}/stat").read().split()[2] != "Z"]
        out["stats"] = dict(pool.stats)
        out["max_tick_gap"] = max(b - a for a, b in zip(ticks, ticks[1:]))
        reactor.stop()

    def sleep(seconds):
        d = defer.Deferred()
        reactor.callLater(seconds, d.callback, None)
        return d

    reactor.callWhenRunning(tick)
    reactor.callWhenRunning(lambda: defer.Deferred.fromCoroutine(main()).addErrback(
        lambda f: (print(f.getTraceback(), file=sys.stderr), reactor.stop())))
    reactor.run()
    print(json.dumps(out))
''')


@pytest.fixture(scope="module")
def pool_run():
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", POOL_SCRIPT], capture_output=True, text=True, timeout=120,
                          cwd=root)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_pool_kills_a_job_past_its_time_limit(pool_run):
    misnested = pool_run["misnested"]
    assert misnested["result"]["anomalies"] == ["parse_timeout"] and misnested["result"]["links"] == []
    assert 2.0 <= misnested["seconds"] < 4.0
    assert pool_run["stats"]["timeouts"] == 1


@pytest.mark.slow
def test_pool_answers_other_jobs_meanwhile_and_never_blocks_the_loop(pool_run):
    assert pool_run["normal"]["seconds"] < 1.5
    assert pool_run["normal"]["result"] == {"title": "Ok", "links": [["http://a.test/a", "A", ""]], "anomalies": []}
    assert pool_run["deep"]["result"]["anomalies"] == ["too_deep"] and pool_run["deep"]["seconds"] < 1.5
    assert pool_run["max_tick_gap"] < 0.5


@pytest.mark.slow
def test_pool_survives_a_dead_worker(pool_run):
    assert pool_run["crashed"]["result"]["anomalies"] == ["parse_failed"]
    assert pool_run["after"]["result"]["title"] == "Ok"
    assert pool_run["stats"]["crashes"] == 1


@pytest.mark.slow
def test_pool_inspects_pdfs_and_closes_its_workers(pool_run):
    document, anomalies = pool_run["pdf"]["result"]
    assert document["kind"] == "pdf" and document["fillable"] and document["fields"] == 2 and not anomalies
    assert pool_run["left"] == []


ORPHAN_SCRIPT = textwrap.dedent('''
    import json, struct, subprocess, sys, time
    worker = subprocess.Popen([sys.executable, "-m", "barometre.crawl.parse_worker",
                               json.dumps({"max_nesting": 10 ** 9})], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    worker.stdout.read(4 + len(json.dumps({"ok": "ready"})))
    payload = ("<tt><a><div>x" * 60000).encode()  # minutes of parsing
    header = json.dumps({"op": "html", "url": "http://a.test/"}).encode()
    worker.stdin.write(struct.pack(">II", len(header), len(payload)) + header + payload)
    worker.stdin.flush()
    print(worker.pid, flush=True)
    time.sleep(60)
''')


@pytest.mark.slow
def test_worker_dies_with_a_crawler_killed_mid_job():
    crawler = subprocess.Popen([sys.executable, "-c", ORPHAN_SCRIPT], stdout=subprocess.PIPE, text=True,
                               cwd=Path(__file__).resolve().parents[2])
    worker = int(crawler.stdout.readline())
    time.sleep(0.5)
    os.kill(crawler.pid, signal.SIGKILL)
    crawler.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _alive(worker):
        time.sleep(0.1)
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False
