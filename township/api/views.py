"""Read-only API endpoints: each asks a selector for its records; every list is paginated."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.views import APIView
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.utils.formatting import markup_description

from township.exports.registry import ExportFormat, UnknownExportFormat, export_format, list_formats
from township.selectors import api as selectors_api
from township.selectors import lists as selectors_lists
from township.selectors import search as selectors_search
from township.selectors.search import SearchResults
from township.api import serializers
from township.api.filters import ApiDutyFilter
from township.api.pagination import BoundedPageNumbers
from township.api.schema import search_filter_parameters
from township.views.downloads import duty_list_download

API_TITLE = "乡镇履职事项清单 API"
API_SUMMARY = ("只读接口。各列表分页返回（?page=、?page_size=）；check 为事项准入核查（POST JSON）；"
               "schema 为 OpenAPI 描述，docs 为接口文档。")
RECORD_NOT_FOUND = "没有编号为“{id}”的{title}。"
UNKNOWN_FORMAT = "不支持的格式 format={format}：可用 json（JSON 数据）或 api（可浏览的网页），也可不写。"
UNKNOWN_ADDRESS = "API 没有地址“{path}”。可用的接口列在 /api/，说明见 /api/docs/。"
BAD_VERSION = "version 应为清单版本的编号（见该乡镇的 versions 中的 id），收到“{value}”。"
NO_SUCH_VERSION = "该乡镇（街道）没有编号为“{value}”的清单版本：可用的版本见其 versions。"
MAX_ID = 2**31 - 1  # the largest id PostgreSQL's integer key holds


class ChineseFormatErrorMixin:
    """A `?format=` no renderer knows answers 404 saying which formats there are (DRF says only 未找到)."""

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            raise NotFound(UNKNOWN_FORMAT.format(format=request.query_params.get("format", "")[:20])) from None


class PortalViewSet(ChineseFormatErrorMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only list and detail endpoint, named in Chinese in the browsable API and the schema."""

    title = ""  # what one record is, e.g. 乡镇（街道）
    summary = ""  # what the endpoint returns, a sentence or two
    action_summaries: dict[str, str] = {}  # the same for extra actions, by action name
    # Any path segment reaches the view, so an id that is not a number gets the API's JSON 404
    # (as the schema states), not the portal's HTML page for an unknown address.
    lookup_value_regex = r"[^/]+"

    def get_object(self):
        """The record the URL names; a 404 that says so in Chinese (Django's own is English)."""
        try:
            return super().get_object()
        except Http404:
            raise NotFound(RECORD_NOT_FOUND.format(id=str(self.kwargs.get(self.lookup_field, ""))[:50],
                                                   title=self.title))

    def get_view_name(self) -> str:
        if self.name:  # an extra action, named by @action(name=...)
            return self.name
        return f"{self.title}详情" if self.detail else f"{self.title}列表"

    def get_view_description(self, html: bool = False) -> str:
        summary = self.action_summaries.get(self.action, self.summary)
        return markup_description(summary) if html else summary


def _export_content(export: ExportFormat) -> OpenApiTypes:
    """What the schema says a file of this format is: a JSON object, text, or bytes."""
    if export.content_type == "application/json":
        return OpenApiTypes.OBJECT
    return OpenApiTypes.BINARY if export.binary else OpenApiTypes.STR


def _export_parameters() -> list[OpenApiParameter]:
    """The export's format (a path segment, one of the registry's list formats) and version."""
    formats = "；".join(f"{export.name}：{export.label}" for export in list_formats())
    return [
        OpenApiParameter("file_format", OpenApiTypes.STR, OpenApiParameter.PATH,
                         enum=[export.name for export in list_formats()], description=f"文件格式（{formats}）。"),
        OpenApiParameter("version", {"type": "integer", "minimum": 1, "maximum": MAX_ID}, OpenApiParameter.QUERY,
                         description="清单版本编号（见 versions 中的 id）；不写为最新版本。"),
    ]


def _version_id(request: Request) -> int | None:
    """The `version` query parameter as an id; a 400 naming it when it is not one."""
    value = request.query_params.get("version")
    if value is None:
        return None
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_ID):
        raise ValidationError({"version": [BAD_VERSION.format(value=value[:20])]})
    return int(value)


class TownshipViewSet(PortalViewSet):
    """Townships with their places, latest profile and list versions, and each version as a file."""

    title = "乡镇（街道）"
    summary = ("各乡镇（街道）：所属县（市、区）、地区（州）和自治区（省），最新清单版本所载基本情况，"
               "以及已发布的各个清单版本（新的在前）及其事项数。")
    action_summaries = {"export": (
        "乡镇（街道）的清单文件，与网页和 export_list 命令导出的相同："
        + "；".join(f"{export.name} 为{export.label}" for export in list_formats())
        + "。默认最新版本，version 指定其他版本。")}
    serializer_class = serializers.TownshipSerializer

    def get_queryset(self) -> QuerySet:
        return selectors_api.township_records()

    @extend_schema(parameters=_export_parameters(),
                   responses={(200, export.content_type): _export_content(export) for export in list_formats()})
    @action(detail=True, url_path=r"export/(?P<file_format>[^/]+)", name="乡镇清单文件")
    def export(self, request: Request, pk: str | None = None, file_format: str = "") -> HttpResponseBase:
        """The township's latest list version, or the one `version` names, as a file of the format asked for."""
        try:
            export = export_format(file_format, among=list_formats())
        except UnknownExportFormat as error:
            raise NotFound(str(error)) from None
        version = _version_id(request)
        duty_list = selectors_lists.duty_list_for_export(township=self.get_object(), list_id=version)
        if duty_list is None:
            raise NotFound(NO_SUCH_VERSION.format(value=version))
        return duty_list_download(duty_list, export)


@extend_schema_view(list=extend_schema(filters=False, parameters=search_filter_parameters()))
class DutyViewSet(PortalViewSet):
    """Items, narrowed by the search page's own filters (the same query string gives the same items)."""

    title = "履职事项"
    summary = ("履职事项，筛选条件与检索页相同（q 关键词、place 地区、township 乡镇、kind 事项类型、"
               "category 类别、department 部门、all_versions 包括历史版本），默认只含各乡镇最新版本。"
               "每项带对应部门、职责分组及步骤或承接方式，以及待核对标记。")
    serializer_class = serializers.DutySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApiDutyFilter

    pagination_class = BoundedPageNumbers

    def get_queryset(self) -> QuerySet:
        return selectors_api.duty_records()

    def filter_queryset(self, queryset: QuerySet) -> QuerySet | SearchResults:
        """The list: the search page's first results (a 400 for invalid filters); an item: any version by id."""
        if self.action != "list":
            return queryset
        filterset = DjangoFilterBackend().get_filterset(self.request, queryset, self)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return selectors_search.duty_search_results(duty_search=filterset, rows=queryset)


class DepartmentViewSet(PortalViewSet):
    """Departments, each with its items at /api/departments/ID/duties/."""

    title = "上级部门"
    summary = ("各县（市）的上级部门及其其他写法；duties 链接（/api/departments/编号/duties/）"
               "分页列出最新清单版本中涉及该部门的履职事项。")
    action_summaries = {"duties": (
        "最新清单版本中涉及该部门的履职事项，分页；所列事项及其次序与 /api/duties/?department=编号 相同。"
        "每项带对应部门、职责分组及步骤或承接方式，以及待核对标记。")}
    serializer_class = serializers.DepartmentSerializer

    def get_queryset(self) -> QuerySet:
        return selectors_api.department_records()

    @extend_schema(responses=serializers.DutySerializer(many=True))
    @action(detail=True, name="上级部门涉及的履职事项", serializer_class=serializers.DutySerializer)
    def duties(self, request: Request, pk: str | None = None) -> Response:
        """The department's items in the latest list versions, a page at a time."""
        duties = selectors_api.department_duty_records(department=self.get_object())
        page = self.paginate_queryset(duties)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class CategoryViewSet(PortalViewSet):
    """Categories in display order with a link to their items."""

    title = "事项类别"
    summary = "事项类别（按显示顺序）；duties 链接列出最新清单版本中该类别的事项。"
    serializer_class = serializers.CategorySerializer

    def get_queryset(self) -> QuerySet:
        return selectors_api.category_records()


class ApiRootView(ChineseFormatErrorMixin, routers.APIRootView):
    """The API's entry point: a link to each endpoint, to the schema and to its documentation."""

    def get_view_name(self) -> str:
        return API_TITLE

    def get_view_description(self, html: bool = False) -> str:
        return markup_description(API_SUMMARY) if html else API_SUMMARY

    def get(self, request: Request, *args, **kwargs) -> Response:
        response = super().get(request, *args, **kwargs)
        for name in ("check", "schema", "docs"):
            response.data[name] = reverse(f"api:{name}", request=request)
        return response


class ApiSchemaView(SpectacularAPIView):
    """The OpenAPI description; reading about the API is not an API call, so it is not rate-limited."""

    throttle_classes: list = []


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the portal's own files, its start-up script a file too: the CSP forbids inline ones."""

    template_name = "api/swagger_ui.html"
    title = f"{API_TITLE} 文档"
    # Browsing the docs fetches this page, its files and the schema: none of it counts against the rate.
    throttle_classes: list = []


class UnknownAddressView(ChineseFormatErrorMixin, APIView):
    """Any other address under /api/: the API's Chinese JSON 404, not the portal's HTML page."""

    schema = None  # not an endpoint: left out of the OpenAPI description

    def get_view_name(self) -> str:
        return API_TITLE

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        # Every method, so that a POST to a wrong address is told the address is wrong, not the method.
        raise NotFound(UNKNOWN_ADDRESS.format(path=request.path[:100]))
