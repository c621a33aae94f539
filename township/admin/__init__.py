"""The admin for editors, split along the models: places, lists, vocabulary, items, review, users, adjustments."""

from township.admin import (  # noqa: F401 (each module registers its models)
    access, adjustments, catalogue, duties, history, lists, places, review, vocabulary,
)
