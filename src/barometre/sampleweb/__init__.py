"""A realistic offline web of fictional Département portals, with its ground truth.

`generate()` writes the web (bodies, index, truth.json, sites.csv); `SampleWebServer` replays it
by Host header or as an HTTP forward proxy on 127.0.0.1.
"""

from .generator import generate
from .server import SampleWebServer

__all__ = ["generate", "SampleWebServer"]
