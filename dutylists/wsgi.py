"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

from dutylists.memory import freeze_startup_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dutylists.settings")

application = get_wsgi_application()
freeze_startup_objects()
