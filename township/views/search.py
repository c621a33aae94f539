"""The search and filter page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def search(request: HttpRequest) -> HttpResponse:
    """Placeholder until the search page lands."""
    return render(request, "township/home.html", {"tree": []})
