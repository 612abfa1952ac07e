"""Settings for the test suite: the real settings, with a throwaway data directory.

pytest-django imports the settings before any conftest runs, so the data directory has to be
chosen here (never ./var, never a developer's data).
"""

import os
import tempfile

os.environ.setdefault("BAROMETRE_DATA_DIR", tempfile.mkdtemp(prefix="barometre-test-"))

from barometre.settings import *  # noqa: E402, F403
