"""Hostile material for the fault tests: decompression bombs and pages that parsers choke on."""

from __future__ import annotations

import csv
import gzip
import zlib
from pathlib import Path

import brotli
from backports import zstd

MIB = 1 << 20


def bomb(encoding: str, size: int = 1024 * MIB) -> bytes:
    """`size` bytes of zeros, compressed for a Content-Encoding: about 1 MB at most, built in
    well under a second."""
    if encoding == "gzip":  # gzip streams may hold several members, each 1 MiB of zeros
        return gzip.compress(bytes(MIB), 9) * (size // MIB)
    if encoding == "deflate":  # after a full flush, every MiB of zeros compresses to the same block
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        block = c.compress(bytes(MIB)) + c.flush(zlib.Z_FULL_FLUSH)
        return block * (size // MIB) + c.flush()
    if encoding == "br":
        c = brotli.Compressor(quality=1)
        return b"".join(c.process(bytes(MIB)) for _ in range(size // MIB)) + c.finish()
    if encoding == "zstd":
        c = zstd.ZstdCompressor(level=1)
        return b"".join(c.compress(bytes(MIB)) for _ in range(size // MIB)) + c.flush()
    raise ValueError(encoding)


def nested_divs(depth: int = 200_000, before: str = "") -> str:
    """A page of `depth` nested <div>: lexbor needed 153 s for it, in the crawler's event loop."""
    return (f"<html><head><title>Profond</title></head><body>{before}" + "<div>" * depth
            + '<a href="/au-fond">au fond</a>' + "</div>" * depth + "</body></html>")


def misnested(repeat: int = 40_000) -> str:
    """<tt><a><div> repeated: shallow to a tag scan, but lexbor's adoption agency needs ~30 s."""
    return "<html><head><title>Mal imbriquée</title></head><body>" + "<tt><a><div>x" * repeat


def write_sites(path: Path, sites: list[tuple[str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows([["code", "name", "url"], *sites])
    return path


def page(title: str, links: list[str] = (), body: str = "") -> str:
    items = "".join(f'<li><a href="{url}">{url}</a></li>' for url in links)
    return (f'<html><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><h1>{title}</h1>{body}<ul>{items}</ul></body></html>")
