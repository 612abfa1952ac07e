"""In-browser audit (Playwright + system Chromium): the edge; decisions stay in core."""
