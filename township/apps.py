"""The township app: places, published lists and their duties."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TownshipConfig(AppConfig):
    """Township duty lists."""

    name = "township"
    verbose_name = "乡镇履职事项"

    def ready(self) -> None:
        from township.services.roles import roles_sync

        # After auth has created this app's permissions, so the groups can be given them.
        post_migrate.connect(roles_sync, sender=self, dispatch_uid="township.roles_sync")
