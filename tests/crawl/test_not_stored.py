"""A database that refuses the crawl's last records makes the command fail, never exit 0."""

from __future__ import annotations

import pytest

from barometre.crawl import campaign as campaigns


class FailingRecorder:
    def __init__(self, *args, **kwargs):
        pass

    def close(self, reason):
        raise RuntimeError("database is gone")


class StubProcess:
    def __init__(self, *args, **kwargs):
        self.handlers = []

    def create_crawler(self, spider):
        process = self

        class Signals:
            def connect(self, handler, signal):
                process.handlers.append(handler)

        class Crawler:
            signals = Signals()

        return Crawler()

    def crawl(self, *args, **kwargs):
        pass

    def start(self):
        for handler in self.handlers:
            handler(spider=None, reason="finished")


def test_an_error_storing_the_end_of_a_crawl_is_raised(monkeypatch, tmp_path):
    import scrapy.crawler

    from barometre.crawl import recorder, retry

    monkeypatch.setattr(scrapy.crawler, "CrawlerProcess", StubProcess)
    monkeypatch.setattr(recorder, "Recorder", FailingRecorder)
    monkeypatch.setattr(retry, "RetryPass", lambda *a, **k: None)
    monkeypatch.setattr(campaigns, "_require_lock", lambda campaign: None)
    monkeypatch.setattr(campaigns, "WarcStore", lambda *a, **k: None)
    monkeypatch.setattr(campaigns, "warc_dir", lambda campaign: tmp_path)

    class Campaign:
        name = "c1"

    with pytest.raises(campaigns.CrawlNotStored, match="could not be stored"):
        campaigns.run(Campaign(), [object()], rate=0, concurrency=1, timeout=1, proxy=None, user_agent=None,
                      max_depth=3)
