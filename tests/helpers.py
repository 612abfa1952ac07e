"""Running `barometre` as a user does, against the sample web served on 127.0.0.1."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from barometre.sampleweb import SampleWebServer


def barometre(data_dir: Path, *args, check: bool = True, timeout: float = 600, database_url: str | None = None,
              **kwargs):
    env = {**os.environ, "BAROMETRE_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    if database_url:
        env["DATABASE_URL"] = database_url
    for var in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"):
        env.pop(var, None)
    proc = subprocess.run([sys.executable, "-m", "barometre.cli", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, **kwargs)
    if check and proc.returncode != 0:
        raise AssertionError(f"barometre {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


class CrawledWeb:
    """A data directory, a replay server with its request log, and helpers to query results.
    With `database_url` (a throw-away PostgreSQL database) the commands store there and `sql`
    queries it; otherwise both use the data directory's SQLite file."""

    def __init__(self, web_dir: Path, data_dir: Path, delay_scale: float = 1.0, database_url: str | None = None):
        self.web_dir, self.data_dir = Path(web_dir), Path(data_dir)
        self.database_url = database_url
        self.log_path = self.data_dir / "requests.jsonl"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.server = SampleWebServer(self.web_dir, log_path=self.log_path, delay_scale=delay_scale)

    def __enter__(self):
        self.server.start()
        return self

    def __exit__(self, *exc):
        self.server.stop()

    def crawl_args(self, *args) -> list[str]:
        return ["crawl", "--proxy", self.server.proxy_url, "--ca-bundle", str(self.server.ca_bundle), "--rate", "0", "--concurrency", "16",
                "--timeout", "5", *args]

    def run(self, *args, **kwargs):
        """Run a crawl; `crawl_requests` then holds what the server saw from the crawler only."""
        proc = barometre(self.data_dir, *self.crawl_args(*args), database_url=self.database_url, **kwargs)
        self.crawl_requests = self.requests() if self.log_path.exists() else []
        return proc

    def env(self) -> dict[str, str]:
        """The environment a command of this web runs in."""
        env = {**os.environ, "BAROMETRE_DATA_DIR": str(self.data_dir)}
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def sql(self, query: str, *params):
        """Rows of `query` (`?` placeholders); JSON columns come back as JSON text on both databases."""
        if not self.database_url:
            with sqlite3.connect(self.data_dir / "barometre.sqlite3") as db:
                return db.execute(query, params).fetchall()
        import dj_database_url
        import psycopg

        db = dj_database_url.parse(self.database_url)
        with psycopg.connect(host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None,
                             password=db["PASSWORD"] or None, dbname=db["NAME"]) as conn:
            rows = conn.execute(query.replace("?", "%s"), params).fetchall()
        return [tuple(json.dumps(v) if isinstance(v, dict | list) else v for v in row) for row in rows]

    def requests(self) -> list[dict]:
        return [json.loads(line) for line in self.log_path.read_text().splitlines() if line.strip()]

    def pages(self, campaign: str, code: str | None = None) -> list[dict]:
        query = ("SELECT p.url, p.final_url, p.status, p.error_kind, p.kind, p.ttfb, p.download_time,"
                 " p.anomalies, p.warc_file, p.warc_offset, p.one_hop, p.links, c.code"
                 " FROM crawl_page p JOIN crawl_campaign k ON k.id = p.campaign_id"
                 " JOIN referential_collectivite c ON c.id = p.collectivite_id WHERE k.name = ?")
        params = [campaign]
        if code:
            query += " AND c.code = ?"
            params.append(code)
        cols = ["url", "final_url", "status", "error_kind", "kind", "ttfb", "download_time", "anomalies",
                "warc_file", "warc_offset", "one_hop", "links", "code"]
        rows = [dict(zip(cols, r, strict=True)) for r in self.sql(query, *params)]
        for row in rows:
            row["anomalies"] = json.loads(row["anomalies"])
            row["links"] = json.loads(row["links"])
        return rows
