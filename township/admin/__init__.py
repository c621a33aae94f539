"""The admin for editors, split along the models: places, lists, vocabulary, items, review, users."""

from township.admin import (  # noqa: F401 (each module registers its models)
    access, catalogue, duties, history, lists, places, review, vocabulary,
)
