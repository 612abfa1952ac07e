# The data directory of the test run is chosen by barometre.test_settings (see pyproject).
import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database starts with the bundled référentiel loaded once."""
    from django.db import connection

    from barometre.referential.loader import load_referential

    with django_db_blocker.unblock():
        load_referential()
    yield
    if connection.vendor == "postgresql":
        # A connection a thread left open (the live server's) would keep the test database
        # from being dropped.
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                           " WHERE datname = current_database() AND pid <> pg_backend_pid()")


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


def postgres_server() -> str:
    """The PostgreSQL server the run was given (DATABASE_URL), or ''."""
    from django.conf import settings

    url = settings.BAROMETRE_TEST_DATABASE_URL
    return url if url.split(":", 1)[0] in ("postgres", "postgresql", "pgsql") else ""


NO_POSTGRES = ("no PostgreSQL server configured: run with DATABASE_URL=postgres://… "
               "(scripts/test.sh starts one with scripts/postgres.sh)")


@pytest.fixture(scope="session")
def new_postgres_database():
    """A function returning the URL of a fresh PostgreSQL database for the commands a test runs;
    every one is dropped at the end of the run. Skips without a server."""
    import uuid
    from urllib.parse import urlsplit

    import dj_database_url
    import psycopg

    server = postgres_server()
    if not server:
        pytest.skip(NO_POSTGRES)
    params = dj_database_url.parse(server)
    admin = dict(host=params["HOST"] or None, port=params["PORT"] or None, user=params["USER"] or None,
                 password=params["PASSWORD"] or None, dbname="postgres", autocommit=True)
    created = []

    def new() -> str:
        name = f"barometre_cli_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(**admin) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        return urlsplit(server)._replace(path=f"/{name}").geturl()

    yield new
    with psycopg.connect(**admin) as db:
        for name in created:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def postgres_database(new_postgres_database):
    """A fresh PostgreSQL database shared by the commands of a test module (give each test its
    own campaign)."""
    return new_postgres_database()


DATABASE_FIXTURES = {"django_db_setup", "db", "transactional_db", "live_server", "new_postgres_database"}


def pytest_collection_modifyitems(items):
    """Mark `database` the tests that use the database in-process or a PostgreSQL one of their
    own: the PostgreSQL pass of scripts/test.sh runs those (`-m database`)."""
    for item in items:
        if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.database)
