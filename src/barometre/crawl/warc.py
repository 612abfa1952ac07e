"""Bodies of fetched responses in WARC files (one gzip member per record).

Each crawl session appends to a new file; the database records (file, offset, length) of
every record only after the bytes are flushed. On resume, `repair` cuts each of the campaign's
files after its last referenced record, so a kill -9 never leaves an unreadable file behind and
nothing is stored twice; it never removes a byte that a stored page points at.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import zlib
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from barometre import __version__

# Headers describing the transfer, not the stored body (Scrapy hands us a decoded body).
_TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
ROTATE_BYTES = 1 << 30


class WarcStore:
    def __init__(self, directory: Path, prefix: str, compresslevel: int = 3):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.compresslevel = compresslevel
        self._fh = None
        self.path: Path | None = None

    def _open(self) -> None:
        n = len(list(self.directory.glob(f"{self.prefix}-*.warc.gz"))) + 1
        while (self.directory / f"{self.prefix}-{n:04d}.warc.gz").exists():
            n += 1
        self.path = self.directory / f"{self.prefix}-{n:04d}.warc.gz"
        self._fh = open(self.path, "ab")  # noqa: SIM115 (kept open across records)
        info = {"software": f"barometre/{__version__}", "format": "WARC File Format 1.1"}
        self._write(lambda w: w.create_warcinfo_record(self.path.name, info))

    def _write(self, make_record) -> tuple[str, int, int]:
        buf = io.BytesIO()
        writer = WARCWriter(buf, gzip=False, warc_version="1.1")
        writer.write_record(make_record(writer))
        member = gzip.compress(buf.getvalue(), compresslevel=self.compresslevel, mtime=0)
        offset = self._fh.tell()
        self._fh.write(member)
        return self.path.name, offset, len(member)

    def write_response(self, url: str, status: int, reason: str, headers: list[tuple[str, str]],
                       body: bytes, fetched_at: datetime) -> tuple[str, int, int]:
        if self._fh is None or self._fh.tell() > ROTATE_BYTES:
            self.close()
            self._open()
        kept = [(k, v) for k, v in headers if k.lower() not in _TRANSFER_HEADERS]
        kept.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(f"{status} {reason or 'OK'}".strip(), kept, protocol="HTTP/1.1")
        date = fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return self._write(lambda w: w.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http,
            warc_headers_dict={"WARC-Date": date}, length=len(body)))

    def flush(self) -> None:
        if self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())

    def close(self) -> None:
        if self._fh is not None:
            self.flush()
            self._fh.close()
            self._fh = None


QUARANTINE = "quarantine"


def store_prefix(campaign_name: str, pid: int) -> str:
    """Prefix of the WARC files one crawl session writes: CAMPAIGN-PID-NNNN.warc.gz."""
    return f"{campaign_name}-{pid}"


def session_file(campaign_name: str, filename: str) -> bool:
    """Whether `filename` is a WARC file written by a crawl session of this campaign."""
    return re.fullmatch(re.escape(campaign_name) + r"-\d+-\d{4,}\.warc\.gz", filename) is not None


def repair(directory: Path, campaign_name: str, referenced_ends: dict[str, int]) -> list[str]:
    """Make a campaign's WARC files end with their last record known to the database.

    Only files of this campaign's sessions, in its own directory, are looked at. A file is cut
    only after its last referenced record (bytes a kill -9 left behind, which no page points
    at); a file no page points at is moved to `quarantine/`, never deleted. The caller must
    hold the campaign lock, so that no live session is writing. Returns what changed.
    """
    directory = Path(directory)
    changed = []
    for path in sorted(directory.glob("*.warc.gz")):
        if path.is_symlink() or not path.is_file() or not session_file(campaign_name, path.name):
            continue
        end = referenced_ends.get(path.name)
        size = path.stat().st_size
        if end is None:
            changed.append(f"{path.name}: no stored page points at it, moved to {QUARANTINE}/"
                           f"{_quarantine(path).name}")
        elif size > end:
            with open(path, "r+b") as fh:
                fh.truncate(end)
            changed.append(f"{path.name}: cut {size - end} bytes of unfinished records")
        elif size < end:
            changed.append(f"{path.name}: DAMAGED, {end - size} bytes that stored pages point at are missing")
    return changed


def _quarantine(path: Path) -> Path:
    folder = path.parent / QUARANTINE
    folder.mkdir(exist_ok=True)
    dest, n = folder / path.name, 1
    while dest.exists():
        n += 1
        dest = folder / f"{path.name.removesuffix('.warc.gz')}.{n}.warc.gz"
    path.rename(dest)
    return dest


def read_record(path: Path, offset: int) -> tuple[str, StatusAndHeaders, bytes]:
    """(url, HTTP headers, body) of the record at `offset`."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        return (record.rec_headers.get_header("WARC-Target-URI"), record.http_headers,
                record.content_stream().read())


def iter_records(path: Path):
    """Every response record of a file: (url, status, body); raises if the file is damaged."""
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                yield (record.rec_headers.get_header("WARC-Target-URI"),
                       int(record.http_headers.get_statuscode()), record.content_stream().read())


_SEP = b"\r\n\r\n"


class WarcReader:
    """Random access to a campaign's stored bodies, files kept open while reading.

    Each record is one gzip member whose (offset, length) the crawl stored, so a body is one
    seek, one read and one decompress; warcio's parser is used when the length is unknown.
    A file that is not there gives None (reported by the caller), never a crash.
    """

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self._files: dict[str, object] = {}

    def body(self, warc_file: str, offset: int, length: int | None = None) -> bytes | None:
        path = self.directory / warc_file
        fh = self._files.get(warc_file)
        if fh is None:
            if not path.exists():
                return None
            fh = self._files[warc_file] = open(path, "rb")  # noqa: SIM115 (closed in close())
        fh.seek(offset)
        if not length:
            record = next(iter(ArchiveIterator(fh)), None)
            return record.content_stream().read() if record is not None else None
        return _payload(zlib.decompress(fh.read(length), 31))

    def close(self) -> None:
        for fh in self._files.values():
            fh.close()
        self._files.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _payload(record: bytes) -> bytes:
    """HTTP body of an uncompressed WARC response record."""
    head_end = record.index(_SEP)
    length = None
    for line in record[:head_end].split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
            break
    start = head_end + 4
    block = record[start:start + length] if length is not None else record[start:]
    http_end = block.find(_SEP)
    return block[http_end + 4:] if http_end >= 0 else b""
