"""Read stored bodies back from the campaign's WARC files, fast.

Every record is one gzip member whose (offset, length) the crawl stored, so a body is one
seek, one read and one ``zlib.decompress``; warcio's generic parser is used only when the
length is unknown. Files stay open for the whole collectivité.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from barometre.crawl.warc import read_record

_SEP = b"\r\n\r\n"


class WarcReader:
    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self._files: dict[str, object] = {}

    def body(self, warc_file: str, offset: int, length: int | None) -> bytes:
        path = self.directory / warc_file
        if not length:
            return read_record(path, offset)[2]
        fh = self._files.get(warc_file)
        if fh is None:
            fh = self._files[warc_file] = open(path, "rb")  # noqa: SIM115 (closed in close())
        fh.seek(offset)
        record = zlib.decompress(fh.read(length), 31)
        return _payload(record)

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


def decode(body: bytes, charset: str) -> str:
    """Text of an HTML body in its stored charset (UTF-8 when unknown or wrong)."""
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")
