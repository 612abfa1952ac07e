"""One crawl per campaign at a time: an OS lock on DATA_DIR/locks/CAMPAIGN.lock.

The lock is a POSIX record lock (fcntl.lockf), which the kernel drops when the process ends,
however it ends (kill -9 included), and which child processes do not inherit: a worker pool
forked by the crawl cannot keep a dead crawl's campaign locked. The file itself stays; it
holds who took the lock, for the message shown to a second run.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from django.conf import settings

# Locks held by this process, by campaign name. POSIX locks never conflict within one process
# (and closing any descriptor of the file would drop them), so the process keeps its own book.
_held: dict[str, int] = {}


class CampaignLocked(RuntimeError):
    pass


def lock_path(name: str) -> Path:
    from .campaign import validate_name

    return Path(settings.DATA_DIR) / "locks" / f"{validate_name(name)}.lock"


def held(name: str) -> bool:
    """Whether this process holds the lock of campaign `name`."""
    return name in _held


@contextmanager
def campaign_lock(name: str):
    """Hold the campaign's lock for the block, or raise CampaignLocked naming the holder."""
    path = lock_path(name)
    if name in _held:
        raise CampaignLocked(f"campaign '{name}' is already being crawled by this process")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        holder = _describe(os.pread(fd, 4096, 0))
        os.close(fd)
        raise CampaignLocked(f"campaign '{name}' is being crawled by another run ({holder}); "
                             "wait for it to end, or stop it, then run the command again") from None
    _held[name] = fd
    try:
        info = {"pid": os.getpid(), "host": socket.gethostname(),
                "started": datetime.now().astimezone().isoformat(timespec="seconds"),
                "command": " ".join(sys.argv[1:])[:500]}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        yield path
    finally:
        del _held[name]
        os.ftruncate(fd, 0)
        os.close(fd)  # releases the lock


def _describe(raw: bytes) -> str:
    try:
        info = json.loads(raw.decode() or "{}")
    except ValueError:
        info = {}
    if not info.get("pid"):
        return "process unknown"
    where = f" on {info['host']}" if info.get("host") and info["host"] != socket.gethostname() else ""
    return f"pid {info['pid']}{where}, started {info.get('started', '?')}"
