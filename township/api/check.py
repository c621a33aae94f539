"""POST /api/check/: the admission check for a batch of tasks, JSON in and out, rate-limited as the rest."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from township.api.views import ChineseFormatErrorMixin
from township.models import Place, Township
from township.selectors.admission import (
    MAX_TASK_LENGTH, MAX_TASKS, MAX_TOWNSHIPS, CheckRefused, CheckRow, admission_check, check_townships_bounded,
    check_townships_listed, county_townships,
)

PARTS = ("basic", "coordinating", "reclaimed", "none")
UNKNOWN_TOWNSHIPS = "没有编号为 {ids} 的乡镇（街道），编号见 /api/townships/。"
UNKNOWN_COUNTY = "没有编号为 {id} 的县（市、区），编号见 /api/townships/ 所列的 county。"
CHECK_SUMMARY = (f"事项准入核查：对每项任务（至多 {MAX_TASKS} 项，每项 {MAX_TASK_LENGTH} 字以内）和每个乡镇"
                 f"（townships 所列乡镇，和/或 county 县的全部乡镇，合计至多 {MAX_TOWNSHIPS} 个），"
                 "按其最新清单给出结论：part 为 basic（基本履职事项，乡镇负责）、coordinating（配合履职事项）、"
                 "reclaimed（上级部门收回事项，乡镇不承接）或 none（清单外事项，需按程序准入），"
                 "附匹配事项、相同词语和 0–100 的匹配分。与 /check/ 页面结果相同。")
NOT_JSON = "请求体不是有效的 JSON（{reason}）：应为 JSON 对象，UTF-8 编码。"
NOT_AN_OBJECT = '请求体应为 JSON 对象，如 {"tasks": ["请各乡镇做好双拥工作"], "townships": [1]}。'


class ChineseJSONParser(JSONParser):
    """JSON bodies; a body that is not JSON is refused in Chinese (DRF's message is English)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError as error:
            reason = str(error.detail).removeprefix("JSON parse error - ")[:100]
            # Shaped as the schema states a 400 of this endpoint: messages by field.
            raise ParseError({"non_field_errors": [NOT_JSON.format(reason=reason)]}) from None


class CheckRequestSerializer(serializers.Serializer):
    """What a check asks: tasks, and townships by id and/or a county by id."""

    tasks = serializers.ListField(
        label="任务", child=serializers.CharField(max_length=MAX_TASK_LENGTH, label="任务"),
        min_length=1, max_length=MAX_TASKS,
        error_messages={"min_length": "tasks 至少要有一项任务。", "max_length": f"tasks 一次最多 {MAX_TASKS} 项任务，请分批核查。",
                        "empty": "tasks 至少要有一项任务。"},
        help_text="每项一句任务原文，如“请各乡镇于月底前完成辖区养老机构消防安全检查”。")
    townships = serializers.ListField(label="乡镇编号", child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
                                      required=False, max_length=MAX_TOWNSHIPS, help_text="见 /api/townships/。")
    county = serializers.IntegerField(label="县（市、区）编号", required=False, min_value=1, max_value=2**31 - 1,
                                      help_text="核查该县全部已导入清单的乡镇。")

    def validate(self, data: dict) -> dict:
        """Resolve the ids to townships (the county's first); CheckRefused's message as the error."""
        try:
            townships = self._county(data.get("county")) + self._townships(data.get("townships") or [])
            data["township_list"] = check_townships_bounded(townships, len(data["tasks"]))
            check_townships_listed(data["township_list"])
        except CheckRefused as refusal:
            raise ValidationError({"townships": [str(refusal)]}) from None
        return data

    @staticmethod
    def _county(county_id: int | None) -> list[Township]:
        if county_id is None:
            return []
        county = Place.objects.filter(pk=county_id, level=Place.Level.COUNTY).first()
        if county is None:
            raise ValidationError({"county": [UNKNOWN_COUNTY.format(id=county_id)]})
        return county_townships(county)

    @staticmethod
    def _townships(ids: list[int]) -> list[Township]:
        found = Township.objects.select_related("county").in_bulk(ids)
        missing = [str(pk) for pk in dict.fromkeys(ids) if pk not in found]
        if missing:
            raise ValidationError({"townships": [UNKNOWN_TOWNSHIPS.format(ids="、".join(missing[:10]))]})
        return [found[pk] for pk in dict.fromkeys(ids)]


class CheckMatchSerializer(serializers.Serializer):
    """One matched item."""

    id = serializers.IntegerField(label="事项编号")
    # Plain text: a second enum of these values would collide in the schema with the rows' `part`.
    part = serializers.CharField(label="清单部分", help_text="basic、coordinating 或 reclaimed。")
    seq = serializers.IntegerField(label="序号")
    name = serializers.CharField(label="事项名称")
    url = serializers.URLField(label="门户页面")
    score = serializers.IntegerField(label="匹配分")
    words = serializers.ListField(label="相同词语", child=serializers.CharField())


class CheckRowSerializer(serializers.Serializer):
    """One task against one township."""

    task = serializers.CharField(label="任务")
    task_number = serializers.IntegerField(label="任务序号")
    township = serializers.IntegerField(label="乡镇编号")
    township_name = serializers.CharField(label="乡镇")
    part = serializers.ChoiceField(label="结论", choices=[(part, part) for part in PARTS])
    verdict = serializers.CharField(label="结论（中文）")
    seq = serializers.IntegerField(label="事项序号", allow_null=True)
    name = serializers.CharField(label="事项名称", allow_null=True)
    score = serializers.IntegerField(label="匹配分（0–100）")
    confidence = serializers.CharField(label="可信度")
    reason = serializers.CharField(label="匹配依据")
    matches = CheckMatchSerializer(label="匹配事项", many=True)
    township_steps = serializers.ListField(label="乡镇配合职责", child=serializers.CharField())
    department_steps = serializers.ListField(label="部门职责", child=serializers.CharField())
    receivers = serializers.CharField(label="承接部门", allow_blank=True, help_text="收回事项由哪些部门承担。")
    methods = serializers.ListField(label="承接方式", child=serializers.CharField(), help_text="收回事项现由部门如何办理。")


class CheckResponseSerializer(serializers.Serializer):
    """Every task against every township, task by task."""

    results = CheckRowSerializer(label="核查结果", many=True)


def flat_errors(errors: dict) -> dict[str, list[str]]:
    """Errors as the schema states them, a list of messages per field: a list item's says which item it is."""
    flat: dict[str, list[str]] = {}
    for field, found in errors.items():
        if isinstance(found, dict):  # {"0": ["该字段不能为空。"]}: the first task
            flat[field] = [f"第 {int(index) + 1} 项：{message}" for index, messages in found.items()
                           for message in messages]
        else:
            flat[field] = [str(message) for message in found]
    return flat


def check_row_data(row: CheckRow, request: Request) -> dict:
    """A row as the API writes it."""
    duty = row.duty
    matches = [{"id": item.pk, "part": item.kind, "seq": item.seq, "name": item.name, "score": match.score,
                "url": request.build_absolute_uri(item.get_absolute_url()), "words": list(match.words)}
               for match, item in zip(row.verdict.matches, row.duties)]
    return {"task": row.verdict.task, "task_number": row.number, "township": row.township.pk,
            "township_name": str(row.township), "part": row.part, "verdict": row.summary,
            "seq": duty.seq if duty else None, "name": duty.name if duty else None, "score": row.verdict.score,
            "confidence": row.confidence, "reason": row.reason, "matches": matches,
            "township_steps": row.township_steps, "department_steps": row.department_steps,
            "receivers": row.receivers, "methods": row.methods}


class CheckView(ChineseFormatErrorMixin, APIView):
    """Check a batch of tasks against townships' latest lists."""

    title = "事项准入核查"
    parser_classes = [ChineseJSONParser]
    renderer_classes = [JSONRenderer]

    def get_view_name(self) -> str:
        return self.title

    def get_view_description(self, html: bool = False) -> str:
        return CHECK_SUMMARY

    @extend_schema(request=CheckRequestSerializer, responses={200: CheckResponseSerializer})  # 400: schema.py
    def post(self, request: Request) -> Response:
        """The verdicts, a row per task and township."""
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": [NOT_AN_OBJECT]})
        question = CheckRequestSerializer(data=request.data)
        if not question.is_valid():
            raise ValidationError(flat_errors(question.errors))
        try:
            result = admission_check(tasks=question.validated_data["tasks"],
                                     townships=question.validated_data["township_list"])
        except CheckRefused as refusal:
            raise ValidationError({"tasks": [str(refusal)]}) from None
        return Response({"results": [check_row_data(row, request) for row in result.rows]})
