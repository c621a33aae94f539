"""The township app: places, published lists and their duties."""

from django.apps import AppConfig


class TownshipConfig(AppConfig):
    """Township duty lists."""

    name = "township"
    verbose_name = "乡镇履职事项"
