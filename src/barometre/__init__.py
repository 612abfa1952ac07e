"""Baromètre: an automated observatory of the French Départements' online services."""

__version__ = "0.1.0"
# Bumped whenever a change alters what a campaign measures (crawl scope, detection, grading, weights).
METHOD_VERSION = "2026.1"
