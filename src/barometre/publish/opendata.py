"""The open-data package of a campaign: written by `barometre export` into
DATA_DIR/opendata/<campaign>/, generated on first request when absent or older than the figures."""

from __future__ import annotations

import threading
from pathlib import Path

from django.conf import settings

from barometre.indicators import opendata

from .methodology import safe_name

_lock = threading.Lock()
DESCRIPTIONS = {"datapackage.json": "Description Frictionless du paquet (schémas, licence, sources)",
                "national.json": "Chiffres nationaux et phrases de synthèse"}


def directory(campaign) -> Path:
    return Path(settings.DATA_DIR) / "opendata" / safe_name(campaign.name)


def ensure(campaign) -> Path:
    folder = directory(campaign)
    package = folder / "datapackage.json"
    computed = campaign.national.computed_at.timestamp()
    with _lock:
        if not package.exists() or package.stat().st_mtime < computed:
            opendata.export(campaign, folder)
    return folder


def files(campaign) -> list[dict]:
    folder = ensure(campaign)
    out = []
    for path in sorted(folder.iterdir()):
        if path.is_file():
            stem = path.stem
            out.append({"name": path.name, "size": path.stat().st_size, "format": path.suffix.lstrip(".").upper(),
                        "description": DESCRIPTIONS.get(path.name, f"Table «\u00a0{stem}\u00a0»")})
    return out
