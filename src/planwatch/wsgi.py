"""WSGI entry point for the app servers (`planwatch serve`, gunicorn, waitress).

The static files are collected (hashed, compressed: web/static_files.py) before whitenoise
indexes them, i.e. before the application is built."""

import os

import django
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
django.setup(set_prefix=False)

from planwatch.web.static_files import collect  # noqa: E402  (needs the apps loaded)

collect()
application = get_wsgi_application()
