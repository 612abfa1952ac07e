"""What keeps the served site safe in production: the trusted reverse proxy (`proxy`), login
throttling (`throttle`), the Content-Security-Policy (`csp`) and the `check --deploy` checks
that refuse a set-up which would not work behind its proxy (`checks`)."""
