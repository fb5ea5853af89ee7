"""Static files with content-hashed names, compressed, cached by browsers for a year.

whitenoise serves the apps' static/ folders straight from the package (WHITENOISE_USE_FINDERS),
so nothing has to be prepared before `planwatch serve` works. Files served that way can only be
cached briefly (their names stay the same when they change) and go out uncompressed — echarts
alone is 1 MB. So when the WSGI application starts (`planwatch/wsgi.py`: `planwatch serve`,
`planwatch demo`, gunicorn), `collect()` copies them into STATIC_ROOT (under the data directory)
with Django's manifest storage: every file gets a name with its content hash, whitenoise writes a
gzip copy beside each, and serves the hashed names with `Cache-Control: max-age=315360000,
immutable`. A file that changes gets a new name, so no browser ever keeps an old one.

`collect()` does the work only when the package's files changed since the last collection (a
fingerprint of their names, sizes and times), under a file lock, so several worker processes
starting at once collect once. A process that has not called it (the tests, other commands)
never trusts what STATIC_ROOT holds — it may be an older version's — and `{% static %}` gives
the plain names the finders serve.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files import locks
from django.core.management import call_command
from django.utils.functional import empty
from whitenoise.storage import CompressedManifestStaticFilesStorage

FINGERPRINT = ".collected-from"


_collected = False  # set by collect(): STATIC_ROOT holds this package's files


class Storage(CompressedManifestStaticFilesStorage):
    """The manifest storage, used for names only once `collect()` vouched for STATIC_ROOT."""

    manifest_strict = False  # a name missing from the manifest is hashed from its file

    def stored_name(self, name):
        return super().stored_name(name) if _collected else name

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:  # a reference to a file not shipped (swagger-ui's source map): as written
            return name


def fingerprint() -> str:
    """What the finders would collect: every file's path, size and modification time."""
    digest = hashlib.blake2b(digest_size=16)
    for finder in get_finders():
        for path, storage in sorted(finder.list([]), key=lambda item: item[0]):
            stat = Path(storage.path(path)).stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def collect() -> bool:
    """Collect the static files into STATIC_ROOT unless they are collected already; True when
    this call did it."""
    root = Path(settings.STATIC_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    wanted = fingerprint()
    marker = root / FINGERPRINT
    global _collected
    with open(root / ".lock", "a") as lock:
        locks.lock(lock, locks.LOCK_EX)
        try:
            done = not (marker.exists() and marker.read_text() == wanted)
            if done:
                call_command("collectstatic", interactive=False, verbosity=0)
                marker.write_text(wanted)
        finally:
            locks.unlock(lock)
    storage = staticfiles_storage._wrapped if staticfiles_storage._wrapped is not empty else None
    if storage is not None:  # read the manifest as it is now
        storage.hashed_files, storage.manifest_hash = storage.load_manifest()
    _collected = True
    return done
