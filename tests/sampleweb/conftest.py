import http.client

import pytest

from barometre.sampleweb import SampleWebServer


@pytest.fixture(scope="session")
def server(web_dir, tmp_path_factory):
    log = tmp_path_factory.mktemp("sampleweb-log") / "requests.jsonl"
    with SampleWebServer(web_dir, log_path=log, delay_scale=0.1) as srv:
        srv.log_path = log
        yield srv


class Client:
    """A keep-alive client that talks to the replay server as a proxy or by Host header."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def get(self, url: str, method: str = "GET", by_host: bool = False):
        if by_host:
            host, _, rest = url.split("://", 1)[-1].partition("/")
            self.conn.request(method, "/" + rest, headers={"Host": host})
        else:
            self.conn.request(method, url)
        resp = self.conn.getresponse()
        body = resp.read()
        return resp, body


@pytest.fixture()
def client(server):
    c = Client(server.port)
    yield c
    c.conn.close()
