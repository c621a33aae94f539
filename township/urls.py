"""URL routes of the portal's pages."""

from django.urls import path

from township.views import compare, pages, search

app_name = "township"

urlpatterns = [
    path("", pages.home, name="home"),
    path("townships/<int:township_id>/", pages.township_detail, name="township"),
    path("townships/<int:township_id>/versions/<int:list_id>/", pages.township_detail, name="version"),
    path("duties/<int:duty_id>/", pages.duty_detail, name="duty"),
    path("departments/<int:department_id>/", pages.department_detail, name="department"),
    path("search/", search.search, name="search"),
    path("compare/", compare.compare, name="compare"),
    path("compare/export/", compare.compare_export, name="compare_export"),
]
