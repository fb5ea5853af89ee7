"""Loaded by pytest before anything else (`-p testenv` in pyproject): a throwaway data directory.

pytest-django imports planwatch.settings while loading its plugin, before any conftest runs, and
the settings create the data directory and its secret-key file. Setting PLANWATCH_DATA_DIR here,
at import time of an early plugin, keeps every test — and every process the tests start — away
from the user's own data directory.

Under pytest-xdist each worker is a process of its own that inherits the controller's
environment: a directory this plugin made for the controller is replaced by one per worker, so
that two workers never share uploaded files, generated reports or the SQLite files the tests
create there. A directory the user set stays as it is.
"""

import os
import tempfile

_OWNED = "PLANWATCH_TEST_DATA_DIR_OWNED"
_worker = os.environ.get("PYTEST_XDIST_WORKER")

if "PLANWATCH_DATA_DIR" not in os.environ or (_worker and os.environ.get(_OWNED)):
    prefix = f"planwatch-test-{_worker}-" if _worker else "planwatch-test-"
    os.environ["PLANWATCH_DATA_DIR"] = tempfile.mkdtemp(prefix=prefix)
    os.environ[_OWNED] = "1"
