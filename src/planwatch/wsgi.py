"""WSGI entry point for the app servers (`planwatch serve`, gunicorn, waitress)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")

application = get_wsgi_application()
