"""The importers app: turns published lists into records and loads them."""

from django.apps import AppConfig


class ImportersConfig(AppConfig):
    """Registers the import_list / export_list management commands."""

    name = "importers"
    verbose_name = "清单导入"
