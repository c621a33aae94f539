"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

from dutylists.serving import prepare_serving_process

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dutylists.settings")

application = get_wsgi_application()
prepare_serving_process()
