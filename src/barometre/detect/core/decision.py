"""The value every detector returns: a value, a confidence and the evidence behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Evidence:
    """One observed cue and where it was seen (URL may be empty for title-only input)."""

    cue: str
    url: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"cue": self.cue, "url": self.url}


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision (theme, level, relay, platform...) with confidence 0-1 and its evidence."""

    value: Any
    confidence: float
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "confidence": round(self.confidence, 3),
            "evidence": [e.as_dict() for e in self.evidence],
        }


def undecided(cue: str = "no evidence", url: str = "") -> Decision:
    """A null decision that still says why it is null."""
    return Decision(None, 0.0, (Evidence(cue, url),))
