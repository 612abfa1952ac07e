"""Settings for the test suite: the real settings, with a throwaway data directory and database.

pytest-django imports the settings before any conftest runs, so both are chosen here. The
commands the tests run (`python -m barometre.cli`) inherit the environment, and with it these
settings, with the data directory each test gives them.

In the pytest process, a caller's DATABASE_URL names the server to test on, never a database
to write to: pytest-django creates its own `test_barometre_<pid>` there, and the variable is
removed from the environment, so commands run by the tests use the SQLite of their own data
directory, unless a test hands them a throw-away database (tests/conftest.py:
`postgres_database`). In those commands, DATABASE_URL is the one the test chose.
"""

import os
import sys
import tempfile

import dj_database_url

IN_PYTEST = "pytest" in sys.modules
if IN_PYTEST:
    os.environ["BAROMETRE_DATA_DIR"] = tempfile.mkdtemp(prefix="barometre-test-")
    BAROMETRE_TEST_DATABASE_URL = os.environ.pop("DATABASE_URL", "")
else:
    BAROMETRE_TEST_DATABASE_URL = ""

from barometre.settings import *  # noqa: E402, F403

if BAROMETRE_TEST_DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(BAROMETRE_TEST_DATABASE_URL)}
    if not DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        # One test database per run, so two runs on one server do not drop each other's.
        DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
