"""The writer's limits come from the models: what a field, a validator or a check constraint allows."""

from __future__ import annotations

import pytest

from township.models import Duty, DutyList, Step
from township.services.imports.limits import integer_range


@pytest.mark.parametrize("model, name, expected", [
    (Duty, "seq", (1, 2_147_483_647)),  # a PositiveIntegerField narrowed by duty_seq_positive
    (DutyList, "stated_total", (0, 2_147_483_647)),
    (Step, "position", (0, 32_767)),  # a PositiveSmallIntegerField
])
def test_an_integer_fields_range_is_read_from_the_model(model, name, expected):
    assert integer_range(model, name) == expected
