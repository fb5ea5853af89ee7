"""Loaded by pytest before anything else (`-p testenv` in pyproject): a throwaway data directory.

pytest-django imports planwatch.settings while loading its plugin, before any conftest runs, and
the settings create the data directory and its secret-key file. Setting PLANWATCH_DATA_DIR here,
at import time of an early plugin, keeps every test — and every process the tests start — away
from the user's own data directory.
"""

import os
import tempfile

os.environ.setdefault("PLANWATCH_DATA_DIR", tempfile.mkdtemp(prefix="planwatch-test-"))
