"""The township app: places, published lists and their duties."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class TownshipConfig(AppConfig):
    """Township duty lists."""

    name = "township"
    verbose_name = "乡镇履职事项"

    def ready(self) -> None:
        from township.services.page_cache import page_cache_invalidate_on_change
        from township.services.roles import roles_sync

        # After auth has created this app's permissions, so the groups can be given them.
        post_migrate.connect(roles_sync, sender=self, dispatch_uid="township.roles_sync")
        # What pages show besides the items (whose changes go through lists_changed): edited in the
        # admin one row at a time, so a signal sees each save; bulk writes call page_cache_invalidate.
        for name in ("Place", "Township", "DutyList", "TownshipProfile", "Department", "Category"):
            model = self.get_model(name)
            for signal in (post_save, post_delete):
                signal.connect(page_cache_invalidate_on_change, sender=model,
                               dispatch_uid=f"township.page_cache.{name}.{signal is post_save}")
