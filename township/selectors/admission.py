"""Reads of the admission check (职责准入): tasks matched against the latest lists of chosen townships.

Candidates come from the search index: one query asks the name index (duty_name_document_idx)
for the items of those lists whose name shares a token with any task, the tokens being the
search's own bigrams (township/search.py). The matching itself is township/matching/admission.py.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from django.db.models import Value

from township.matching.admission import ItemPool, ListedItem, Verdict
from township.matching.notices import canonical, synonym_variants, task_core
from township.models import (
    Duty, DutyDepartment, Place, ReclaimedMethod, ResponsibilityBlock, Step, Township,
)
from township.search import TsQuery, keyword_query, keyword_tokens
from township.selectors.common import latest_lists

MAX_TASKS = 200
MAX_TOWNSHIPS = 40
MAX_TASK_LENGTH = 300  # characters; a task is one sentence of a notice, not the notice
MAX_PAIRS = 4000  # tasks × townships: 200 tasks against a county of 20
INDEX_TOKENS = 100  # tokens of a few tasks; see _candidates
NO_TASKS = "请至少填写一项任务（每行一项），或上传部门通知文件。"
TOO_MANY_TASKS = "一次最多核查 {limit} 项任务，收到 {count} 项。请分批核查。"
TASK_TOO_LONG = "第 {number} 项任务有 {length} 个字，超过 {limit} 个字的上限：请每行只写一项任务。"
TASK_CONTROL = "第 {number} 项任务含有控制字符（如 \\x00），请只保留文字。"
NO_TOWNSHIPS = "请选择要核查的乡镇：一个乡镇、一个县（其全部乡镇）或几个乡镇。"
TOO_MANY_TOWNSHIPS = "一次最多核查 {limit} 个乡镇，所选范围有 {count} 个。请缩小范围。"
TOO_MANY_PAIRS = "任务数 × 乡镇数最多 {limit}，现为 {tasks} × {townships} = {count}。请减少任务或乡镇。"
NO_LIST = "{township}尚未导入履职事项清单，无法核查；请换一个乡镇。"
COUNTY_WITHOUT_LISTS = "{county}尚无任何乡镇导入清单，无法核查。"

VERDICT_LABELS = {
    Duty.Kind.BASIC: "基本履职事项（乡镇负责）",
    Duty.Kind.COORDINATING: "配合履职事项（乡镇配合，部门负责）",
    Duty.Kind.RECLAIMED: "上级部门收回事项（乡镇不承接）",
    "none": "清单外事项（需按程序准入）",
}
CONFIDENCE_HIGH, CONFIDENCE_MEDIUM, CONFIDENCE_LOW = "高", "中（请人工确认）", "低"


class CheckRefused(ValueError):
    """A check that cannot be run as asked; the message says what to change, in Chinese."""


def check_tasks_bounded(tasks: list[str]) -> list[str]:
    """The tasks, stripped and without blank lines, or CheckRefused when there are none or too many."""
    tasks = [task.strip() for task in tasks if task and task.strip()]
    if not tasks:
        raise CheckRefused(NO_TASKS)
    if len(tasks) > MAX_TASKS:
        raise CheckRefused(TOO_MANY_TASKS.format(limit=MAX_TASKS, count=len(tasks)))
    for number, task in enumerate(tasks, start=1):
        if len(task) > MAX_TASK_LENGTH:
            raise CheckRefused(TASK_TOO_LONG.format(number=number, length=len(task), limit=MAX_TASK_LENGTH))
        if any(ord(char) < 32 and char != "\t" for char in task):
            raise CheckRefused(TASK_CONTROL.format(number=number))
    return tasks


def county_townships(county: Place) -> list[Township]:
    """The townships of a county that have a list, by name; CheckRefused when none has."""
    townships = list(Township.objects.filter(county=county, lists__in=latest_lists())
                     .select_related("county").order_by("name"))
    if not townships:
        raise CheckRefused(COUNTY_WITHOUT_LISTS.format(county=county.name))
    return townships


def check_townships_bounded(townships: list[Township], tasks: int) -> list[Township]:
    """The townships, each once, or CheckRefused when there are none or too many for the tasks."""
    townships = list({township.pk: township for township in townships}.values())
    if not townships:
        raise CheckRefused(NO_TOWNSHIPS)
    if len(townships) > MAX_TOWNSHIPS:
        raise CheckRefused(TOO_MANY_TOWNSHIPS.format(limit=MAX_TOWNSHIPS, count=len(townships)))
    if tasks * len(townships) > MAX_PAIRS:
        raise CheckRefused(TOO_MANY_PAIRS.format(limit=MAX_PAIRS, tasks=tasks, townships=len(townships),
                                                 count=tasks * len(townships)))
    return townships


def check_townships_listed(townships: list[Township]) -> dict[int, int]:
    """{township id: its latest list's id}, or CheckRefused naming the first township without a list."""
    lists = {duty_list.township_id: duty_list.pk
             for duty_list in latest_lists().filter(township__in=townships).only("pk", "township_id")}
    for township in townships:
        if township.pk not in lists:
            raise CheckRefused(NO_LIST.format(township=township))
    return lists


@dataclass(frozen=True)
class Responsibilities:
    """Who does what under the best matched item: the two sides' steps, or who took it back and how."""

    township_steps: tuple[str, ...] = ()
    department_steps: tuple[str, ...] = ()
    receivers: tuple[str, ...] = ()  # the departments that took a taken-back item
    methods: tuple[str, ...] = ()  # how they handle it now, as the list says


@dataclass(frozen=True)
class CheckRow:
    """One task against one township: the verdict and the matched items with their responsibilities."""

    number: int  # the task's place in the notice, from 1
    township: Township
    verdict: Verdict
    duties: tuple[Duty, ...]  # the matched items, best first (id, part, 序号 and name only)
    responsibilities: Responsibilities = Responsibilities()

    @property
    def part(self) -> str:
        """basic, coordinating, reclaimed or none."""
        return self.verdict.part

    @property
    def label(self) -> str:
        """The verdict in Chinese."""
        return VERDICT_LABELS[self.part]

    @property
    def duty(self) -> Duty | None:
        """The best matched item."""
        return self.duties[0] if self.duties else None

    @property
    def confidence(self) -> str:
        """高, 中 or 低, from the best score (see township/matching/admission.py)."""
        if self.verdict.confident:
            return CONFIDENCE_HIGH
        return CONFIDENCE_MEDIUM if self.verdict.matches else CONFIDENCE_LOW

    @property
    def reason(self) -> str:
        """Which words matched: "相同词语：…", or what the nearest item shared."""
        match = self.verdict.best or self.verdict.nearest
        if match is None or not match.words:
            return "清单中没有含任务关键词的事项"
        words = "、".join(match.words)
        return f"相同词语：{words}" if self.verdict.best else f"最接近的事项仅有相同词语：{words}"

    @property
    def township_steps(self) -> list[str]:
        """The township's steps of the best coordinating item."""
        return list(self.responsibilities.township_steps)

    @property
    def department_steps(self) -> list[str]:
        """The departments' steps of the best coordinating item, each after its department."""
        return list(self.responsibilities.department_steps)

    @property
    def receivers(self) -> str:
        """Who does a taken-back item now ("某县民政局"), for "由 … 承担"."""
        if self.part != Duty.Kind.RECLAIMED:
            return ""
        return "、".join(self.responsibilities.receivers) or "上级部门"

    @property
    def methods(self) -> list[str]:
        """How the receiving departments handle a taken-back item, as the list says."""
        return list(self.responsibilities.methods) if self.part == Duty.Kind.RECLAIMED else []

    @property
    def summary(self) -> str:
        """The verdict as one sentence, as the export writes it."""
        if self.part == Duty.Kind.COORDINATING:
            return (f"配合履职事项（乡镇配合：{'；'.join(self.township_steps) or '见清单'}；"
                    f"部门职责：{'；'.join(self.department_steps) or '见清单'}）")
        if self.part == Duty.Kind.RECLAIMED:
            return f"上级部门收回事项（由 {self.receivers} 承担，乡镇不承接）"
        return self.label


@dataclass(frozen=True)
class CheckResult:
    """Every task against every township, task by task."""

    tasks: list[str]
    townships: list[Township]
    rows: list[CheckRow]

    def counts(self) -> dict[str, int]:
        """Rows per verdict part, for the page's summary."""
        counts = {part: 0 for part in VERDICT_LABELS}
        for row in self.rows:
            counts[row.part] += 1
        return counts


def _task_tokens(tasks: list[str]) -> set[str]:
    """The search tokens of every task's duty, abbreviations spelt both ways."""
    tokens: set[str] = set()
    for task in tasks:
        core = task_core(task)
        for text in (core, canonical(core), *synonym_variants(canonical(core))):
            tokens.update(token for token, _ in keyword_tokens(text))
    return tokens


def _pool(list_ids: list[int], tasks: list[str]) -> ItemPool:
    """The items of these lists whose name shares a search token with a task, through the name index.

    Past INDEX_TOKENS tokens (a long notice) nearly every item shares one, and reading the lists'
    items whole is faster than the index: 200 tasks (1,500 tokens) against 20 lists of 5,400 items
    found 5,319 through the index in 0.6 s, and read all 5,400 in 0.03 s.
    """
    tokens = _task_tokens(tasks)
    if not tokens:  # nothing but framing and punctuation: no item can match
        return ItemPool([])
    rows, total = Duty.objects.filter(duty_list_id__in=list_ids), None
    if len(tokens) <= INDEX_TOKENS:
        total = rows.count()  # the IDF counts every item of the lists, not only those found
        query = " | ".join(keyword_query(token) for token in sorted(tokens))
        rows = rows.filter(name_document=TsQuery(Value(query)))
    items = [ListedItem(*row) for row in rows.values_list("pk", "duty_list__township_id", "kind", "seq", "name")]
    return ItemPool(items, total=total)


def _steps(duty_ids: set[int]) -> dict[int, Responsibilities]:
    """Both sides' steps of coordinating items, each department's steps after its name, in one query."""
    sides: dict[int, dict[str, list[str]]] = {}
    rows = (Step.objects.filter(block__duty_id__in=duty_ids)
            .order_by("block__duty_id", "block__side", "block__position", "position")
            .values_list("block__duty_id", "block__side", "block__department_name", "text"))
    for duty_id, side, department, text in rows:
        sides.setdefault(duty_id, {}).setdefault(side, []).append(f"{department}：{text}" if department else text)
    return {duty_id: Responsibilities(township_steps=tuple(steps.get(ResponsibilityBlock.Side.TOWNSHIP, ())),
                                      department_steps=tuple(steps.get(ResponsibilityBlock.Side.DEPARTMENT, ())))
            for duty_id, steps in sides.items()}


def _receivers(duty_ids: set[int]) -> dict[int, Responsibilities]:
    """Who took back each item (its handling methods' departments, else those it names) and how."""
    receivers: dict[int, list[str]] = defaultdict(list)
    methods: dict[int, list[str]] = defaultdict(list)
    for duty_id, department, text in (ReclaimedMethod.objects.filter(duty_id__in=duty_ids)
                                      .order_by("duty_id", "position").values_list("duty_id", "department_name", "text")):
        if department and department not in receivers[duty_id]:
            receivers[duty_id].append(department)
        methods[duty_id].append(text)
    for duty_id, name in (DutyDepartment.objects.filter(duty_id__in=duty_ids)
                          .order_by("duty_id", "position").values_list("duty_id", "name_as_published")):
        if name not in receivers[duty_id]:
            receivers[duty_id].append(name)
    return {duty_id: Responsibilities(receivers=tuple(receivers[duty_id]), methods=tuple(methods[duty_id]))
            for duty_id in duty_ids}


def _responsibilities(verdicts: list[Verdict]) -> dict[int, Responsibilities]:
    """What the verdicts show of their best items: steps of coordinating ones, receivers of taken-back ones."""
    best = [verdict.best.item for verdict in verdicts if verdict.best]
    coordinating = {item.key for item in best if item.kind == Duty.Kind.COORDINATING}
    reclaimed = {item.key for item in best if item.kind == Duty.Kind.RECLAIMED}
    return {**_steps(coordinating), **_receivers(reclaimed)}


def _duty(item: ListedItem) -> Duty:
    """An item as the page links and labels it, from what the matching read (no further query)."""
    return Duty(pk=item.key, kind=item.kind, seq=item.seq, name=item.name)


def _rows(verdicts: list[list[Verdict]], townships: list[Township]) -> list[CheckRow]:
    """A row per task and township, each with its items and what they ask of whom."""
    details = _responsibilities([verdict for per_task in verdicts for verdict in per_task])
    by_id = {township.pk: township for township in townships}
    duties: dict[int, Duty] = {}  # one instance per item: a model instance costs more than the matching

    def duty(item: ListedItem) -> Duty:
        return duties[item.key] if item.key in duties else duties.setdefault(item.key, _duty(item))

    return [CheckRow(number, by_id[verdict.township], verdict, tuple(duty(match.item) for match in verdict.matches),
                     details.get(verdict.best.item.key, Responsibilities()) if verdict.best else Responsibilities())
            for number, per_task in enumerate(verdicts, start=1) for verdict in per_task]


def admission_check(*, tasks: list[str], townships: list[Township]) -> CheckResult:
    """Match every task against the latest list of every township; CheckRefused past the bounds."""
    tasks = check_tasks_bounded(tasks)
    townships = check_townships_bounded(townships, len(tasks))
    lists = check_townships_listed(townships)
    pool = _pool(list(lists.values()), tasks)
    verdicts = [pool.check(task, [township.pk for township in townships]) for task in tasks]
    return CheckResult(tasks=tasks, townships=townships, rows=_rows(verdicts, townships))
