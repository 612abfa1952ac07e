import http.client
import ssl

import pytest

from barometre.sampleweb import SampleWebServer


@pytest.fixture(scope="session")
def server(web_dir, tmp_path_factory):
    log = tmp_path_factory.mktemp("sampleweb-log") / "requests.jsonl"
    with SampleWebServer(web_dir, log_path=log, delay_scale=0.1) as srv:
        srv.log_path = log
        yield srv


class Client:
    """A keep-alive client that talks to the replay server as a proxy or by Host header (an
    https:// URL by Host header goes through a CONNECT tunnel, verified with the test CA)."""

    def __init__(self, port: int, ca_bundle=None):
        self.port, self.ca_bundle = port, ca_bundle
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def get(self, url: str, method: str = "GET", by_host: bool = False):
        if by_host and url.startswith("https://"):
            host, _, rest = url.split("://", 1)[1].partition("/")
            tunnel = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=10,
                                                 context=ssl.create_default_context(cafile=str(self.ca_bundle)))
            tunnel.set_tunnel(host, 443)
            try:
                tunnel.request(method, "/" + rest, headers={"Host": host})
                resp = tunnel.getresponse()
                return resp, resp.read()
            finally:
                tunnel.close()
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
    c = Client(server.port, server.ca_bundle)
    yield c
    c.conn.close()
