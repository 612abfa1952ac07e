"""HTML parsing and document inspection off the event loop, each job bounded in time.

In the crawler's event loop, one hostile page stalls every collectivité: lexbor needs 153 s for
200,000 nested <div>. Pages and documents go instead to a few worker processes
(`crawl/parse_worker.py`), driven through pipes by the reactor like any other connection. A job
that runs past its time limit has its worker killed and replaced: the page is recorded with the
anomaly `parse_timeout`, the other jobs are untouched. (`ProcessPoolExecutor` cannot do this:
killing one of its workers breaks the pool and fails every pending job.)
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import struct
import sys
from collections import Counter, deque
from pathlib import Path

from twisted.internet import error, protocol
from twisted.internet.defer import Deferred, fail

from .extract import HtmlFacts

log = logging.getLogger("barometre.crawl")
MAX_STARTUP_CRASHES = 3   # workers dying before they are ready: the worker cannot run here
STARTUP_TIMEOUT = 60.0    # seconds for a worker to import its libraries, on a loaded machine


class ParseTimeout(Exception):
    """The job ran past its time limit; its worker was killed."""


class ParseCrashed(Exception):
    """The worker died during the job (out of memory, a crash in a C library…)."""


class ParseFailed(Exception):
    """The job raised an exception in the worker."""


class PoolClosed(Exception):
    """The crawl is over: no more parsing."""


class _Job:
    __slots__ = ("header", "payload", "deferred")

    def __init__(self, header: dict, payload: bytes):
        self.header, self.payload, self.deferred = header, payload, Deferred()


class _Worker(protocol.ProcessProtocol):
    def __init__(self, pool: ParsePool):
        self.pool = pool
        self.buffer = bytearray()
        self.stderr = b""
        self.job: _Job | None = None
        self.timer = None
        self.killed = False
        self.ready = False

    def connectionMade(self) -> None:
        self.timer = self.pool.reactor.callLater(STARTUP_TIMEOUT, self.kill)

    def run(self, job: _Job) -> None:
        self.job = job
        header = json.dumps(job.header).encode()
        self.transport.write(struct.pack(">II", len(header), len(job.payload)) + header)
        self.transport.write(job.payload)
        self.timer = self.pool.reactor.callLater(self.pool.timeout, self.kill)

    def kill(self) -> None:
        self.timer = None
        self.killed = True
        with contextlib.suppress(error.ProcessExitedAlready):
            self.transport.signalProcess("KILL")

    def outReceived(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) >= 4:
            (size,) = struct.unpack_from(">I", self.buffer)
            if len(self.buffer) < 4 + size:
                return
            answer = json.loads(bytes(self.buffer[4:4 + size]))
            del self.buffer[:4 + size]
            self._answered(answer)

    def errReceived(self, data: bytes) -> None:
        self.stderr = (self.stderr + data)[-2000:]

    def _answered(self, answer: dict) -> None:
        if self.killed:  # too late: processEnded fails the job, and this worker gets no other
            return
        job, self.job = self.job, None
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        self.ready = True  # the first answer says "ready", after the imports
        self.pool._idle(self)
        if job is None:
            return
        if "error" in answer:
            self.pool.stats["failures"] += 1
            job.deferred.errback(ParseFailed(answer["error"]))
        else:
            job.deferred.callback(answer["ok"])

    def processEnded(self, reason) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        job, self.job = self.job, None
        self.pool._ended(self, job)


class ParsePool:
    """A few parsing worker processes, kept at full strength from `start()` (or the first job)
    to `close()`; a worker takes a second or more to start on a loaded machine."""

    def __init__(self, *, workers: int, timeout: float, max_nesting: int, memory_bytes: int = 0, reactor=None):
        if reactor is None:
            from twisted.internet import reactor
        self.reactor = reactor
        self.size, self.timeout = max(1, workers), timeout
        self.limits = {"max_nesting": max_nesting, "memory_bytes": memory_bytes}
        self.workers: set[_Worker] = set()
        self.idle: deque[_Worker] = deque()
        self.queue: deque[_Job] = deque()
        self.closed = False
        self.startup_crashes = 0
        self.stats: Counter = Counter()  # jobs, timeouts, crashes, failures, workers started

    # -- what the spider calls --------------------------------------------------------------
    async def html(self, url: str, text: str) -> HtmlFacts:
        """The page's HtmlFacts; a page that cannot be parsed in time has none but its anomaly."""
        try:
            facts = await self.submit({"op": "html", "url": url}, text.encode("utf-8", "surrogatepass"))
        except ParseTimeout:
            return HtmlFacts(anomalies=["parse_timeout"])
        except (ParseCrashed, ParseFailed):
            return HtmlFacts(anomalies=["parse_failed"])
        return HtmlFacts(**facts)

    async def document(self, content_type: str, url: str, body: bytes) -> tuple[dict, list[str]]:
        """The document's facts, and the anomalies of its inspection."""
        try:
            return await self.submit({"op": "document", "content_type": content_type, "url": url}, body), []
        except ParseTimeout:
            return {"error": "parse_timeout"}, ["parse_timeout"]
        except (ParseCrashed, ParseFailed) as exc:
            return {"error": f"{type(exc).__name__}: {exc}"[:300]}, ["parse_failed"]

    def start(self) -> None:
        while not self.closed and self.startup_crashes < MAX_STARTUP_CRASHES and len(self.workers) < self.size:
            self._spawn()

    def submit(self, header: dict, payload: bytes) -> Deferred:
        if self.closed:
            return fail(PoolClosed())
        if self.startup_crashes >= MAX_STARTUP_CRASHES:
            return fail(ParseCrashed("the parsing workers cannot start"))
        job = _Job(header, payload)
        self.stats["jobs"] += 1
        self.queue.append(job)
        self.start()
        self._dispatch()
        return job.deferred

    def close(self) -> None:
        """Fail what is pending and let the workers go (they exit when their stdin closes)."""
        if self.closed:
            return
        self.closed = True
        pending = list(self.queue) + [w.job for w in self.workers if w.job is not None]
        self.queue.clear()
        for worker in list(self.workers):
            worker.job = None
            worker.transport.closeStdin()
            if worker.timer is None:  # an idle worker: nothing left to wait for
                continue
            worker.timer.cancel()
            worker.timer = None
            worker.kill()
        self.idle.clear()
        for job in pending:
            job.deferred.errback(PoolClosed())

    # -- workers ----------------------------------------------------------------------------
    def _spawn(self) -> None:
        worker = _Worker(self)
        src = str(Path(__file__).resolve().parents[2])  # the worker imports the same barometre
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))}
        args = [sys.executable, "-m", "barometre.crawl.parse_worker", json.dumps(self.limits)]
        self.reactor.spawnProcess(worker, sys.executable, args, env=env, childFDs={0: "w", 1: "r", 2: "r"})
        self.stats["workers"] += 1
        self.workers.add(worker)

    def _dispatch(self) -> None:
        while self.queue and self.idle:
            self.idle.popleft().run(self.queue.popleft())

    def _idle(self, worker: _Worker) -> None:
        self.startup_crashes = 0
        if not self.closed:
            self.idle.append(worker)
            self._dispatch()

    def _ended(self, worker: _Worker, job: _Job | None) -> None:
        self.workers.discard(worker)
        if worker in self.idle:
            self.idle.remove(worker)
        if job is not None:
            if worker.killed:
                self.stats["timeouts"] += 1
                log.warning("parsing %s took more than %.0f s: worker replaced", job.header.get("url"), self.timeout)
                job.deferred.errback(ParseTimeout(f"more than {self.timeout:g} s"))
            else:
                self.stats["crashes"] += 1
                log.warning("parsing worker died on %s: %s", job.header.get("url"),
                            worker.stderr.decode("utf-8", "replace")[-300:])
                job.deferred.errback(ParseCrashed(worker.stderr.decode("utf-8", "replace")[-200:]))
        if self.closed:
            return
        if not worker.ready:
            self.startup_crashes += 1
            if self.startup_crashes >= MAX_STARTUP_CRASHES:
                log.error("the parsing workers cannot start: %s", worker.stderr.decode("utf-8", "replace")[-500:])
                while self.queue:
                    self.queue.popleft().deferred.errback(ParseCrashed("the parsing workers cannot start"))
                return
        self.start()
