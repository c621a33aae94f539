"""Model fields of the township app's own."""

from __future__ import annotations

from django.db import models

from township.pinyin import pinyin_key

# The collation every PostgreSQL server has, ICU or not: bytewise, so an ASCII key sorts the same everywhere.
BYTEWISE = "C"


class PinyinKeyField(models.TextField):
    """The pinyin sort key of the row's name (township.pinyin), set whenever the ORM writes the row.

    `pre_save` runs in save(), create(), get_or_create() and bulk_create() alike, as auto_now
    does, so no write path has to remember it. QuerySet.update(), save(update_fields=…) without
    the key, and raw SQL (the demo data's COPY) must set it themselves; none renames a row today.
    Ordering by it puts names in pinyin order.
    """

    def __init__(self, *args, source: str = "name", **kwargs):
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_collation", BYTEWISE)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        if kwargs.get("db_collation") == BYTEWISE:
            del kwargs["db_collation"]
        if self.source != "name":
            kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add: bool) -> str:
        key = pinyin_key(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, key)
        return key
