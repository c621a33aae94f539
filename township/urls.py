"""URL routes of the portal's pages."""

from django.urls import path

from township.exports.registry import list_formats, search_formats
from township.views import catalogue, check, compare, exports, pages, search, statistics, suggest, versions

app_name = "township"


def export_routes() -> list:
    """Each registered format's downloads: township_<name>, version_<name>, search_<name> (export.<suffix>)."""
    routes = []
    for export in list_formats():
        kwargs = {"format_name": export.name}
        routes += [path(f"townships/<int:township_id>/export{export.suffix}", exports.township_export,
                        kwargs, name=f"township_{export.name}"),
                   path(f"townships/<int:township_id>/versions/<int:list_id>/export{export.suffix}",
                        exports.township_export, kwargs, name=f"version_{export.name}")]
    for export in search_formats():
        routes.append(path(f"search/export{export.suffix}", exports.search_export,
                           {"format_name": export.name}, name=f"search_{export.name}"))
    return routes


urlpatterns = [
    path("", pages.home, name="home"),
    path("places/<int:place_id>/", pages.place_detail, name="place"),
    path("suggest/", suggest.suggest, name="suggest"),
    path("townships/<int:township_id>/", pages.township_detail, name="township"),
    path("townships/<int:township_id>/versions/<int:list_id>/", pages.township_detail, name="version"),
    path("duties/<int:duty_id>/", pages.duty_detail, name="duty"),
    path("departments/", pages.department_index, name="departments"),
    path("departments/<int:department_id>/", pages.department_detail, name="department"),
    path("search/", search.search, name="search"),
    path("townships/<int:township_id>/diff/", versions.version_diff, name="diff"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("statistics/counties/<int:county_id>/", statistics.statistics, name="county_statistics"),
    path("statistics/places/<int:place_id>/", statistics.place_statistics, name="place_statistics"),
    *export_routes(),
    path("compare/", compare.compare, name="compare"),
    path("compare/export/", compare.compare_export, name="compare_export"),
    path("check/", check.check, name="check"),
    path("check/<str:token>/", check.check_result, name="check_result"),
    path("check/<str:token>/export.xlsx", check.check_export, name="check_export"),
    path("catalogue/<int:entry_id>/", catalogue.catalogue_entry, name="catalogue_entry"),
]
