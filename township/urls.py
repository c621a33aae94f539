"""URL routes of the portal's pages."""

from django.urls import path

from township.views import pages, search, statistics, versions

app_name = "township"

urlpatterns = [
    path("", pages.home, name="home"),
    path("townships/<int:township_id>/", pages.township_detail, name="township"),
    path("townships/<int:township_id>/versions/<int:list_id>/", pages.township_detail, name="version"),
    path("duties/<int:duty_id>/", pages.duty_detail, name="duty"),
    path("departments/<int:department_id>/", pages.department_detail, name="department"),
    path("search/", search.search, name="search"),
    path("townships/<int:township_id>/diff/", versions.version_diff, name="diff"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("statistics/counties/<int:county_id>/", statistics.statistics, name="county_statistics"),
]
