"""Measuring the admission check: 200 notice-style tasks against a county-sized set of 20 townships.

The tasks are made from the items of the lists checked (a clause of an item's name inside a
notice's framing) and from duties on no list, so that the candidate lookup and the scoring do
the work a real notice gives them. Without 20 townships in the database, demo townships are
written first (township/services/demo.py) and rolled back afterwards.
"""

from __future__ import annotations

import random
import re
import statistics
import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from township.models import Duty, Township
from township.selectors.admission import admission_check
from township.selectors.common import latest_lists
from township.services.demo import demo_data_build, demo_township_count

FRAMES = ("请各乡镇于月底前{}", "由镇政府负责{}", "请各乡镇配合做好{}工作", "各乡镇要协助开展{}", "请你镇切实做好辖区{}")
OFF_LIST = ("桥梁结构安全检测", "城市地铁线路规划", "外汇储备管理", "航空器适航审定", "证券期货市场监管")
DEMO_TOWNSHIPS = 40  # enough for 20 whichever county is largest
_CLAUSE = re.compile(r"[，,；;。]")


@dataclass(frozen=True)
class CheckFigures:
    """Seconds per check (each run), the rows it answered, and how many townships and tasks."""

    seconds: list[float]
    tasks: int
    townships: int
    county: str
    rows: int
    demo: bool

    def as_dict(self) -> dict:
        """The figures as JSON writes them."""
        return {"tasks": self.tasks, "townships": self.townships, "county": self.county, "rows": self.rows,
                "demo_townships": self.demo, "p50_s": statistics.median(self.seconds), "max_s": max(self.seconds),
                "runs": self.seconds}


def bench_townships(count: int) -> tuple[list[Township], str]:
    """The townships of the county with the most lists, topped up from other counties to `count`."""
    listed = Township.objects.filter(lists__in=latest_lists()).select_related("county")
    largest = (listed.values("county").annotate(size=Count("pk")).order_by("-size", "county").first())
    if largest is None:
        return [], ""
    own = list(listed.filter(county=largest["county"]).order_by("name")[:count])
    others = list(listed.exclude(county=largest["county"]).order_by("county__name", "name")[:count - len(own)])
    return own + others, own[0].county.name


def bench_tasks(townships: list[Township], count: int, *, seed: int = 7) -> list[str]:
    """`count` tasks: clauses of the townships' items in notice framing, one in ten on no list."""
    rng = random.Random(seed)
    names = list(Duty.objects.filter(duty_list__in=latest_lists(), duty_list__township__in=townships)
                 .order_by("pk").values_list("name", flat=True)[:5000])
    tasks = []
    for number in range(count):
        if number % 10 == 9 or not names:
            duty = OFF_LIST[number % len(OFF_LIST)]
        else:
            duty = rng.choice([clause for clause in _CLAUSE.split(rng.choice(names)) if clause] or ["工作"])
        tasks.append(rng.choice(FRAMES).format(duty[:60]))
    return tasks


def _measure(tasks: list[str], townships: list[Township], repeat: int) -> tuple[list[float], int]:
    seconds, rows = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = len(admission_check(tasks=tasks, townships=townships).rows)
        seconds.append(time.perf_counter() - started)
    return seconds, rows


def bench_check(*, tasks: int = 200, townships: int = 20, repeat: int = 5) -> CheckFigures:
    """Time `repeat` checks of `tasks` tasks against `townships` townships; the database is left as it was."""
    with transaction.atomic():
        demo = Township.objects.filter(lists__in=latest_lists()).count() < townships and not demo_township_count()
        if demo:
            demo_data_build(townships=DEMO_TOWNSHIPS, seed=11)
        chosen, county = bench_townships(townships)
        if not chosen:
            return CheckFigures([0.0], 0, 0, "", 0, demo)
        questions = bench_tasks(chosen, tasks)
        admission_check(tasks=questions[:5], townships=chosen)  # warm-up: connection, caches, imports
        seconds, rows = _measure(questions, chosen, repeat)
        transaction.set_rollback(True)
    return CheckFigures(seconds, len(questions), len(chosen), county, rows, demo)
