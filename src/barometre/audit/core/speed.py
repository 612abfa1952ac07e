"""Speed of a portal from the crawl's own timings: TTFB, download time, page weight, slow pages.

Grades follow the State observatory of online procedures (< 0.4 s good, 0.4-0.8 s fair,
> 0.8 s poor); the thresholds are read from knowledge/thresholds.yaml.
"""

from __future__ import annotations

from .evidence import measure, median, not_measurable, quantile, share
from .inputs import FetchedPage


def grade(seconds: float, thresholds: dict) -> str:
    """good / fair / poor for one time in seconds."""
    if seconds < thresholds["good_below"]:
        return "good"
    if seconds <= thresholds["fair_below"]:
        return "fair"
    return "poor"


def timing_stats(pages: list[FetchedPage], attr: str, thresholds: dict) -> dict:
    """Median, p90 and shares under the good/fair thresholds of one timing over pages."""
    timed = [(p.final_url or p.url, getattr(p, attr)) for p in pages if getattr(p, attr) is not None]
    if not timed:
        return not_measurable(f"no page has a recorded {attr}")
    values = [t for _, t in timed]
    good, fair = thresholds["good_below"], thresholds["fair_below"]
    return measure(
        round(median(values), 4),
        [url for url, _ in timed],
        median=round(median(values), 4),
        p90=round(quantile(values, 0.9), 4),
        pages=len(values),
        share_under_good=share(sum(v < good for v in values), len(values)),
        share_under_fair=share(sum(v < fair for v in values), len(values)),
    )


def page_weight(pages: list[FetchedPage]) -> dict:
    """Median and p90 size in bytes of the HTML pages fetched successfully."""
    html = [p for p in pages if p.is_html and p.ok and p.size]
    if not html:
        return not_measurable("no HTML page with a known size was fetched")
    sizes = [p.size for p in html]
    return measure(int(median(sizes)), [p.final_url for p in html],
                   median=int(median(sizes)), p90=int(quantile(sizes, 0.9)), pages=len(sizes))


def slow_pages(pages: list[FetchedPage], cutoff: float) -> list[dict]:
    """Pages whose TTFB or download time is above `cutoff`, slowest first, with their timings."""
    slow = []
    for p in pages:
        times = [t for t in (p.ttfb, p.download_time) if t is not None]
        if times and max(times) > cutoff:
            slow.append({"url": p.final_url or p.url, "ttfb": p.ttfb,
                         "download_time": p.download_time, "status": p.status})
    return sorted(slow, key=lambda s: -max(t for t in (s["ttfb"], s["download_time"]) if t is not None))


def audit_speed(pages: list[FetchedPage], thresholds: dict) -> dict:
    """Speed section of a portal audit; `thresholds` is the `speed` part of thresholds.yaml."""
    html = [p for p in pages if p.is_html and p.ok]  # error pages are listed apart, not timed
    ttfb = timing_stats(html, "ttfb", thresholds)
    download = timing_stats(html, "download_time", thresholds)
    if ttfb["value"] is None:
        overall = not_measurable("no TTFB recorded for any HTML page")
    else:
        stat = ttfb[thresholds["grade_on"]]
        overall = measure(grade(stat, thresholds), ttfb["evidence"],
                          on=f"ttfb_{thresholds['grade_on']}", seconds=stat)
    return {
        "ttfb": ttfb,
        "download_time": download,
        "grade": overall,
        "page_weight": page_weight(pages),
        "slow_urls": slow_pages(pages, thresholds["slow_cutoff"]),
        "thresholds": {k: thresholds[k] for k in ("good_below", "fair_below", "slow_cutoff")},
        "source": thresholds["source"],
    }
