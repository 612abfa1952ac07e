import os
import tempfile

# Settings read the data directory at import: point it at a throwaway folder for the whole run.
os.environ.setdefault("BAROMETRE_DATA_DIR", tempfile.mkdtemp(prefix="barometre-test-"))

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database starts with the bundled référentiel loaded once."""
    from barometre.referential.loader import load_referential

    with django_db_blocker.unblock():
        load_referential()
