"""URL routes of the portal's pages."""

from django.urls import path

from township import views

app_name = "township"

urlpatterns = [
    path("", views.home, name="home"),
    path("townships/<int:township_id>/", views.township_detail, name="township"),
    path("townships/<int:township_id>/versions/<int:list_id>/", views.township_detail, name="version"),
    path("duties/<int:duty_id>/", views.duty_detail, name="duty"),
    path("departments/<int:department_id>/", views.department_detail, name="department"),
]
