"""The HTTP download handler, with keep-alive that survives a proxy.

Scrapy caps persistent connections per pool key at CONCURRENT_REQUESTS_PER_DOMAIN (2). Behind
a proxy every request shares one key (the proxy), so all but two connections were closed after
each response and reopened for the next: the per-host limit is Scrapy's slots' job anyway.

Certificates are verified (Scrapy's default does not): see barometre.crawl.tls.
"""

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

from .tls import VerifyingContextFactory


class KeepAliveHTTPDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler):
        super().__init__(crawler)
        self._pool.maxPersistentPerHost = max(self._pool.maxPersistentPerHost,
                                              crawler.settings.getint("CONCURRENT_REQUESTS"))
        self._contextFactory = VerifyingContextFactory.from_crawler(crawler)
