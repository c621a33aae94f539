#!/usr/bin/env python
"""Django's command-line utility, starting the embedded PostgreSQL when no DATABASE_URL is set."""

import os
import sys


def main() -> None:
    """Run a management command against the configured database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dutylists.settings")
    if not os.environ.get("DATABASE_URL"):
        from dutylists import embedded_db

        embedded_db.start_for_this_process()
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:  # a missing or wrong setting: its message, no traceback
        sys.exit(f"配置有误：{error}")


if __name__ == "__main__":
    main()
