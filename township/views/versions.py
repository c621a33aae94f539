"""The page that compares two versions of a township's list."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from township.selectors import lists as selectors_lists, places as selectors_places
from township.selectors import versions as selectors_versions
from township.models import DutyList, Township
from township.views.pages import TOWNSHIP_NOT_FOUND, VERSION_NOT_FOUND

ONE_VERSION_ONLY = "该乡镇只有一个清单版本，没有可比较的版本"


def _version(versions: list[DutyList], asked: str | None, default: DutyList) -> DutyList:
    """The version a query parameter names (its list id), the default when it names none."""
    if not asked:
        return default
    found = next((version for version in versions if str(version.pk) == asked), None)
    if found is None:
        raise Http404(VERSION_NOT_FOUND)
    return found


def version_diff(request: HttpRequest, township_id: int) -> HttpResponse:
    """Render what changed between two versions (?from=&to=, list ids; default: the latest two)."""
    try:
        township = selectors_places.township_detail(township_id=township_id)
    except Township.DoesNotExist:
        raise Http404(TOWNSHIP_NOT_FOUND)
    versions = selectors_lists.township_versions(township=township)
    if len(versions) < 2:
        raise Http404(ONE_VERSION_ONLY)
    old = _version(versions, request.GET.get("from"), versions[1])
    new = _version(versions, request.GET.get("to"), versions[0])
    parts = selectors_versions.duty_list_diff(old=old, new=new)
    context = {
        "township": township,
        "versions": versions,
        "old": old,
        "new": new,
        "parts": parts,
        "added": sum(len(part.added) for part in parts),
        "removed": sum(len(part.removed) for part in parts),
        "changed": sum(len(part.changed) for part in parts),
        "renumbered": sum(len(part.renumbered) for part in parts),
    }
    return render(request, "township/diff.html", context)
