"""A parsing worker process: jobs on stdin, answers on stdout (driven by crawl/parsing.py).

A job is `>II` (header length, payload length), a JSON header naming the job, then the payload
(the page text in UTF-8, or a document's bytes). An answer is `>I` (length) and a JSON object,
{"ok": result} or {"error": "…"}; the first one, {"ok": "ready"}, says the libraries are
imported. The worker exits when stdin closes; it is killed when a job runs past its time limit.

    python -m barometre.crawl.parse_worker '{"max_nesting": 1024, "memory_bytes": 2147483648}'
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import json
import logging
import os
import resource
import signal
import struct
import sys
from typing import BinaryIO

from .extract import bounded_html_facts, document_facts


def html_job(header: dict, payload: bytes, limits: dict) -> dict:
    text = payload.decode("utf-8", "surrogatepass")
    return dataclasses.asdict(bounded_html_facts(header["url"], text, limits["max_nesting"]))


def document_job(header: dict, payload: bytes, limits: dict) -> dict:
    return document_facts(header["content_type"], header["url"], payload)


JOBS = {"html": html_job, "document": document_job}


def _read(stream: BinaryIO, size: int) -> bytes | None:
    data = stream.read(size) if size else b""
    return data if len(data) == size else None


def serve(limits: dict, jobs_in: BinaryIO, answers_out: BinaryIO) -> None:
    _answer(answers_out, {"ok": "ready"})
    while (head := _read(jobs_in, 8)) is not None:
        header_len, payload_len = struct.unpack(">II", head)
        header, payload = _read(jobs_in, header_len), _read(jobs_in, payload_len)
        if header is None or payload is None:
            return
        try:
            job = json.loads(header)
            answer = {"ok": JOBS[job["op"]](job, payload, limits)}
        except Exception as exc:  # a job that fails is a finding about its page, not the worker's end
            answer = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        _answer(answers_out, answer)


def _answer(answers_out: BinaryIO, answer: dict) -> None:
    data = json.dumps(answer).encode()
    answers_out.write(struct.pack(">I", len(data)) + data)
    answers_out.flush()


def _die_with_parent() -> None:
    """A crawler killed with -9 takes its workers along, even one in the middle of a long job."""
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    if os.getppid() != parent:
        os._exit(0)


def main(argv: list[str]) -> None:
    _die_with_parent()
    limits = json.loads(argv[1]) if len(argv) > 1 else {}
    limits.setdefault("max_nesting", 1024)
    answers_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, never into the answers
    if limits.get("memory_bytes"):
        resource.setrlimit(resource.RLIMIT_AS, (limits["memory_bytes"], limits["memory_bytes"]))
    logging.disable(logging.CRITICAL)  # pypdf's warnings about broken PDFs are findings, kept in the answer
    import pypdf  # noqa: F401 - imported before "ready", so that no job pays for it
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):
        serve(limits, sys.stdin.buffer, answers_out)


if __name__ == "__main__":
    main(sys.argv)
