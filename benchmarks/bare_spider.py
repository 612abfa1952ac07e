"""A minimal Scrapy spider: follow every in-scope link, keep nothing. The reference for bench_crawl."""

import csv
import os
from urllib.parse import urlsplit

import scrapy


class BareSpider(scrapy.Spider):
    name = "bare"
    custom_settings = {
        "ROBOTSTXT_OBEY": True,
        "LOG_LEVEL": "ERROR",
        "TELNETCONSOLE_ENABLED": False,
        "HTTPERROR_ALLOW_ALL": True,
        "COOKIES_ENABLED": False,
        "RETRY_ENABLED": False,
        "DOWNLOAD_TIMEOUT": 5,
        "DOWNLOAD_MAXSIZE": 25 * 1024 * 1024,
        "DEPTH_LIMIT": 10,
    }

    def __init__(self, sites, proxy, **kwargs):
        super().__init__(**kwargs)
        with open(sites, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.start_urls = [r["url"] for r in rows]
        self.domains = {urlsplit(r["url"]).hostname.split(".", 1)[1] for r in rows}
        self.proxy = proxy

    async def start(self):
        for url in self.start_urls:
            yield scrapy.Request(url, meta={"proxy": self.proxy})

    def parse(self, response):
        if not hasattr(response, "css"):
            return
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            host = urlsplit(url).hostname or ""
            if any(host == d or host.endswith("." + d) for d in self.domains):
                yield scrapy.Request(url, meta={"proxy": self.proxy})


if __name__ == "__main__":
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess({"CONCURRENT_REQUESTS": int(os.environ.get("BENCH_CONCURRENCY", "32"))})
    process.crawl(BareSpider, sites=os.environ["BENCH_SITES"], proxy=os.environ["BENCH_PROXY"])
    process.start()
