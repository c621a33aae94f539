"""Pages of the portal; each view asks a selector for its data and renders one template."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from township.selectors import (
    catalogue as selectors_catalogue, departments as selectors_departments, duties as selectors_duties,
    lists as selectors_lists, places as selectors_places, review as selectors_review,
)
from township.models import Department, Duty, Place, Township
from township.views.caching import cached_page

TOWNSHIP_NOT_FOUND = "没有这个乡镇"
NO_LIST_YET = "该乡镇尚无已导入的清单"
VERSION_NOT_FOUND = "没有这个清单版本"
DUTY_NOT_FOUND = "没有这个事项"
DEPARTMENT_NOT_FOUND = "没有这个部门"
PLACE_NOT_FOUND = "没有这个地区"
# A level with more children than a person reads at once is shown a page at a time.
CHILDREN_PER_PAGE = 200
# A department's page shows every step of its items: a few townships' worth keeps it near 300 KB.
TOWNSHIPS_PER_DEPARTMENT_PAGE = 4


@cached_page(scope="global")
def home(request: HttpRequest) -> HttpResponse:
    """Render the top-level places with how many counties and townships each holds, and a search box."""
    return render(request, "township/home.html", _children_context(request, place=None))


@cached_page(scope="global")
def place_detail(request: HttpRequest, place_id: int) -> HttpResponse:
    """Render a place's children with their counts, or, for a county, its townships' latest lists."""
    try:
        place = selectors_places.place_detail(place_id=place_id)
    except Place.DoesNotExist:
        raise Http404(PLACE_NOT_FOUND)
    if place.level == Place.Level.COUNTY:
        townships = selectors_places.county_townships(county=place)
        context = _page_context(request, townships)
        context["townships"] = context["page"].object_list
    else:
        context = _children_context(request, place=place)
    context["place"] = place
    return render(request, "township/place.html", context)


def _children_context(request: HttpRequest, *, place: Place | None) -> dict:
    """One page of a place's children (the top-level places for None), each with its counts."""
    context = _page_context(request, selectors_places.place_children(place=place))
    context["children"] = selectors_places.place_counts(place=place, children=list(context["page"].object_list))
    return context


def _page_context(request: HttpRequest, rows, *, per_page: int = CHILDREN_PER_PAGE) -> dict:
    """The page asked for (`?page=`) of rows, with the page links the search page uses too."""
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    return {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "ellipsis": Paginator.ELLIPSIS,
    }


@cached_page(township_kwarg="township_id")
def township_detail(request: HttpRequest, township_id: int, list_id: int | None = None) -> HttpResponse:
    """Render a township's latest list (or the version asked for): profile, then the three parts."""
    try:
        township = selectors_places.township_detail(township_id=township_id)
    except Township.DoesNotExist:
        raise Http404(TOWNSHIP_NOT_FOUND)
    versions = selectors_lists.township_versions(township=township)
    if not versions:
        raise Http404(NO_LIST_YET)
    current = versions[0] if list_id is None else next((v for v in versions if v.pk == list_id), None)
    if current is None:
        raise Http404(VERSION_NOT_FOUND)
    parts = selectors_lists.duty_list_parts(duty_list=current)
    context = {
        "catalogue": selectors_catalogue.township_catalogue(township=township, duty_list=current),
        "township": township,
        "current": current,
        "latest": versions[0],
        "versions": versions,
        "profile": getattr(current, "profile", None),
        "parts": parts,
        "total": sum(part.count for part in parts),
        "review": selectors_review.duty_list_review(duty_list=current),
        "review_units": selectors_review.REVIEW_UNITS,
    }
    return render(request, "township/township.html", context)


# Global only: the township is not known before a query, and every list change bumps the global
# generation anyway (the catalogue marks on a page depend on other townships' lists).
@cached_page(scope="global")
def duty_detail(request: HttpRequest, duty_id: int) -> HttpResponse:
    """Render one item: its departments and both columns of steps, or how it is handled now."""
    try:
        duty = selectors_duties.duty_detail(duty_id=duty_id)
    except Duty.DoesNotExist:
        raise Http404(DUTY_NOT_FOUND)
    previous, following = selectors_duties.duty_neighbours(duty=duty)
    context = {
        "duty": duty,
        "township": duty.duty_list.township,
        "crumb": f"{duty.get_kind_display()}第 {duty.seq} 项",
        "is_latest": duty.duty_list_id == duty.latest_list_id,
        "department_columns": selectors_duties.department_columns(duty=duty),
        "township_blocks": selectors_duties.township_blocks(duty=duty),
        "methods": selectors_duties.reclaimed_methods(duty=duty),
        "work_stopped": selectors_duties.reclaimed_work_stopped(duty=duty),
        "previous": previous,
        "following": following,
    }
    return render(request, "township/duty.html", context)


@cached_page(scope="global")
def department_detail(request: HttpRequest, department_id: int) -> HttpResponse:
    """Render a county department with every latest-version item that names it, by township."""
    try:
        department = selectors_departments.department_detail(department_id=department_id)
    except Department.DoesNotExist:
        raise Http404(DEPARTMENT_NOT_FOUND)
    # A page of townships at a time: with every step shown, a county's thirty townships would not fit one page.
    context = _page_context(request, selectors_departments.department_townships(department=department),
                            per_page=TOWNSHIPS_PER_DEPARTMENT_PAGE)
    totals = selectors_departments.department_totals(department=department)
    context.update({
        "department": department,
        "townships": selectors_departments.department_duties(department=department,
                                                              townships=list(context["page"].object_list)),
        "coordinating": totals[Duty.Kind.COORDINATING],
        "reclaimed": totals[Duty.Kind.RECLAIMED],
    })
    return render(request, "township/department.html", context)


@cached_page(scope="global")
def department_index(request: HttpRequest) -> HttpResponse:
    """Render the places down to a county (`?place=`), then that county's departments with their counts.

    Only one level is read at a time, a page of it, and the counts come from the summary tables,
    so the page stays small however many departments the country has.
    """
    place = _index_place(request.GET.get("place") or request.GET.get("county"))
    if place is not None and place.level == Place.Level.COUNTY:
        context = _page_context(request, selectors_departments.county_departments(county=place))
        context["departments"] = selectors_departments.department_counts(
            departments=list(context["page"].object_list))
    else:
        context = _children_context(request, place=place)
        context["departments"] = None
    context["place"] = place
    return render(request, "township/departments.html", context)


def _index_place(place_id: str | None) -> Place | None:
    """The place the index is opened at (None for the top level); an unknown or malformed one is a 404."""
    if not place_id:
        return None
    try:
        return selectors_places.place_detail(place_id=int(place_id))
    except (ValueError, Place.DoesNotExist):
        raise Http404(PLACE_NOT_FOUND)
