"""Top-level URL routes: the portal, its read-only API and the admin."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "乡镇履职事项清单 管理后台"
admin.site.site_title = "履职事项清单管理"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("township.api.urls")),
    path("", include("township.urls")),
]
