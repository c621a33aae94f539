"""URL routes of the API, mounted at /api/ (namespace `api`)."""

from django.urls import path, re_path
from rest_framework import routers

from township.api import views
from township.api.check import CheckView

app_name = "api"


class Router(routers.DefaultRouter):
    """DRF's router with an entry page that also links to the schema and the docs."""

    APIRootView = views.ApiRootView
    # No `.json` suffix routes: the schema states none (`?format=json` still works), and the id
    # segment takes any text, so that `/api/townships/0.5/` is the API's 404, not the portal's.
    include_format_suffixes = False


router = Router()
router.register("townships", views.TownshipViewSet, basename="township")
router.register("duties", views.DutyViewSet, basename="duty")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("categories", views.CategoryViewSet, basename="category")

urlpatterns = [
    path("schema/", views.ApiSchemaView.as_view(), name="schema"),
    path("docs/", views.ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    path("check/", CheckView.as_view(), name="check"),
    *router.urls,
    # Last: addresses ending in a slash that nothing above matched. Without the slash Django first
    # redirects to the address with one (APPEND_SLASH), so /api/duties still reaches /api/duties/.
    re_path(r"^(?:.*/)?$", views.UnknownAddressView.as_view(), name="unknown"),
]
