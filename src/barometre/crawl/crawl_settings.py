"""Scrapy settings of a Baromètre crawl. Defaults are polite; each has its reason."""

from __future__ import annotations

from django.conf import settings as django_settings

DEFAULT_MAX_PAGES = 5000   # per collectivité: a Département portal has ~1–4k HTML pages and PDFs
DEFAULT_MAX_DEPTH = 10     # service pages sit 2–5 clicks deep; deeper is usually archives/agendas
DEFAULT_RATE = 1.0         # requests per second per host (DESIGN: about 1 req/s)
DEFAULT_CONCURRENCY = 16   # requests in flight overall, spread over many hosts
PER_HOST_CONCURRENCY = 2   # DESIGN: at most 2 concurrent requests per host
DEFAULT_TIMEOUT = 30.0     # seconds; a slower page is recorded as a timeout
MAX_BODY_BYTES = 25 * 1024 * 1024  # bigger (or endless) responses are cut and recorded as too_large
PARSE_WORKERS = 2          # processes parsing pages and PDFs off the event loop (one per core here)
PARSE_TIMEOUT = 5.0        # seconds per page or document; past it the worker is killed: parse_timeout
MAX_NESTING = 1024         # elements deep; a page nested deeper is parsed up to there: too_deep
PARSE_MEMORY = 3 * 1024 ** 3  # address space of a parsing worker (a 25 MB page of tags takes ~1 GB)


def scrapy_settings(*, rate: float, concurrency: int, timeout: float, proxy: str | None,
                    user_agent: str | None, per_host: int = PER_HOST_CONCURRENCY,
                    ca_bundle: str | None = None) -> dict:
    unlimited = rate <= 0
    return {
        "BOT_NAME": "barometre",
        "USER_AGENT": user_agent or django_settings.BAROMETRE_USER_AGENT,
        "ROBOTSTXT_OBEY": True,
        "ROBOTSTXT_USER_AGENT": "BarometreBot",
        "CONCURRENT_REQUESTS": concurrency,
        # Scrapy starts this many cooperative tasks per response to process callback output;
        # the default (100) costs more than the parsing itself, and our callbacks yield requests.
        "CONCURRENT_ITEMS": 4,
        "CONCURRENT_REQUESTS_PER_DOMAIN": per_host,
        "DOWNLOAD_DELAY": 0 if unlimited else 1.0 / rate,
        "RANDOMIZE_DOWNLOAD_DELAY": not unlimited,
        "AUTOTHROTTLE_ENABLED": not unlimited,
        "AUTOTHROTTLE_START_DELAY": 0 if unlimited else 1.0 / rate,
        "AUTOTHROTTLE_MAX_DELAY": 30.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "DOWNLOAD_TIMEOUT": timeout,
        "DNS_TIMEOUT": min(timeout, 20),
        "DOWNLOAD_MAXSIZE": MAX_BODY_BYTES,
        "DOWNLOAD_WARNSIZE": 0,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 1,
        "RETRY_HTTP_CODES": [502, 503, 504, 522, 524, 408],
        "REDIRECT_ENABLED": False,        # the spider follows redirects itself, storing every hop
        "METAREFRESH_ENABLED": False,     # refresh targets are recorded as links and followed
        "HTTPERROR_ALLOW_ALL": True,      # 4xx/5xx are findings, kept like any page
        "COOKIES_ENABLED": False,         # no sessions, no login
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "ERROR",
        "LOG_ENABLED": True,
        "LOG_INSTALL_ROOT_HANDLER": False,
        "REMOTE_CONTROL_ENABLED": False,
        "TWISTED_REACTOR": "twisted.internet.epollreactor.EPollReactor",  # the Django ORM runs in callbacks
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",       # breadth first within a priority
        "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
        "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter",        # the spider dedups per collectivité
        "BAROMETRE_PROXY": proxy,
        # certificates are verified against the system store, or only against this PEM bundle
        # (the sample web's test CA): barometre.crawl.tls
        "BAROMETRE_CA_BUNDLE": ca_bundle,
        "BAROMETRE_PARSE_WORKERS": PARSE_WORKERS,
        "BAROMETRE_PARSE_TIMEOUT": PARSE_TIMEOUT,
        "BAROMETRE_MAX_NESTING": MAX_NESTING,
        "BAROMETRE_PARSE_MEMORY": PARSE_MEMORY,
        "DOWNLOAD_HANDLERS": {"http": "barometre.crawl.handlers.KeepAliveHTTPDownloadHandler",
                              "https": "barometre.crawl.handlers.KeepAliveHTTPDownloadHandler"},
        "HTTPPROXY_ENABLED": True,
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "barometre.crawl.middlewares.RecordingRobotsTxtMiddleware": 100,
            "barometre.crawl.middlewares.ProxyMiddleware": 740,
            "barometre.crawl.middlewares.TimingMiddleware": 990,
            "barometre.crawl.middlewares.RetryAfterMiddleware": 560,
        },
        "SPIDER_MIDDLEWARES": {"scrapy.spidermiddlewares.depth.DepthMiddleware": None},
        "EXTENSIONS": {"scrapy.extensions.memusage.MemoryUsage": None, "scrapy.extensions.logstats.LogStats": None},
    }
