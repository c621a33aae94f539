"""Library warnings kept from the person importing, and written to the log instead.

openpyxl warns in English about what it drops while reading ("Workbook contains no default
style", "Data Validation extension is not supported"); none of it says anything about the list,
and a county editor cannot act on it. Whoever debugs finds it in the log at INFO.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def warnings_to_log(logger: logging.Logger, *, source: str) -> Iterator[None]:
    """Record every warning raised inside the block and log it, rather than print it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for warning in caught:
                logger.info("reading %s: %s", source, warning.message)
