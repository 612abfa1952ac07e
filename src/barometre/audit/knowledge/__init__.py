"""Versioned knowledge of the portal audit: thresholds, trackers, RGAA mapping, textual cues."""

from .loader import (
    KnowledgeError,
    axe_rule_criteria,
    cues,
    franceconnect,
    load,
    rgaa,
    rgaa_coverage,
    rgaa_touched_criteria,
    thresholds,
    trackers,
)

__all__ = ["KnowledgeError", "axe_rule_criteria", "cues", "franceconnect", "load", "rgaa", "rgaa_coverage", "rgaa_touched_criteria",
           "thresholds", "trackers"]
