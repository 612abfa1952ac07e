"""Stored bodies as text for the inventory (bodies are read by crawl.warc.WarcReader)."""

from __future__ import annotations


def decode(body: bytes, charset: str) -> str:
    """Text of an HTML body in its stored charset (UTF-8 when unknown or wrong)."""
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")
