# The data directory of the test run is chosen by barometre.test_settings (see pyproject).
import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database starts with the bundled référentiel loaded once."""
    from barometre.referential.loader import load_referential

    with django_db_blocker.unblock():
        load_referential()


@pytest.fixture(scope="session")
def web_dir(tmp_path_factory):
    """The small sample web (8 fictional portals), generated once per test run."""
    from barometre.sampleweb import generate

    return generate(tmp_path_factory.mktemp("sampleweb") / "web", seed=2026, scale="small")


@pytest.fixture(scope="session")
def truth(web_dir):
    import json

    return json.loads((web_dir / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def crawled(web_dir, tmp_path_factory):
    """One crawl of the small sample web through the replay server, as a user runs it."""
    from tests.helpers import CrawledWeb

    with CrawledWeb(web_dir, tmp_path_factory.mktemp("crawled")) as crawl:
        crawl.run("--campaign", "test", "--sites", str(web_dir / "sites.csv"))
        yield crawl
