"""Static (no-browser) portal audit: pure functions over what the crawl stored.

Entry point: `audit_portal(home_url, pages, links, hosts, reference_date)`; the section functions
are importable from their modules (speed, static_a11y, statement, mobile, security, support,
completeness) to be tested or reused alone.
"""

from .inputs import FetchedPage, Link, Links
from .portal import PortalAudit, audit_portal

__all__ = ["FetchedPage", "Link", "Links", "PortalAudit", "audit_portal"]
