"""Pages of the portal; each view asks a selector for its data and renders one template."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from township import selectors
from township.models import Department, Duty, DutyList, Township


def home(request: HttpRequest) -> HttpResponse:
    """Render the places as a tree with each township's item counts."""
    return render(request, "township/home.html", {"tree": selectors.place_tree()})


def township_detail(request: HttpRequest, township_id: int, list_id: int | None = None) -> HttpResponse:
    """Render a township's latest list (or the version asked for), grouped by part."""
    township = get_object_or_404(Township.objects.select_related("county"), pk=township_id)
    versions = list(selectors.duty_list_versions(township=township))
    if not versions:
        raise Http404("该乡镇尚无已导入的清单")
    current = versions[0] if list_id is None else next((v for v in versions if v.pk == list_id), None)
    if current is None:
        raise Http404("没有这个清单版本")
    duties = list(selectors.duty_list_duties(duty_list=current))
    parts = [
        {"kind": kind, "label": label, "duties": [d for d in duties if d.kind == kind],
         "stated": current.stated_count(kind)}
        for kind, label in Duty.Kind.choices
    ]
    context = {"township": township, "current": current, "versions": versions, "parts": parts}
    return render(request, "township/township.html", context)


def duty_detail(request: HttpRequest, duty_id: int) -> HttpResponse:
    """Render one item with its departments, responsibility steps or handling methods."""
    try:
        duty = selectors.duty_detail(duty_id=duty_id)
    except Duty.DoesNotExist:
        raise Http404("没有这个事项")
    blocks = list(duty.blocks.all())
    context = {
        "duty": duty,
        "department_blocks": [b for b in blocks if b.side == "department"],
        "township_blocks": [b for b in blocks if b.side == "township"],
    }
    return render(request, "township/duty.html", context)


def department_detail(request: HttpRequest, department_id: int) -> HttpResponse:
    """Render a county department with the items that name it."""
    department = get_object_or_404(Department.objects.select_related("place"), pk=department_id)
    duties = (
        Duty.objects.filter(duty_departments__department=department)
        .select_related("category", "duty_list__township")
        .order_by("duty_list__township__name", "kind", "seq")
        .distinct()
    )
    return render(request, "township/department.html", {"department": department, "duties": duties})
