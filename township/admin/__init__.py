"""The admin for editors, split along the models: places, lists, vocabulary, items, review, users."""

from township.admin import access, duties, lists, places, review, vocabulary  # noqa: F401 (registers)
