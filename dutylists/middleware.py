"""Security headers the portal adds to every response."""

from __future__ import annotations

from typing import Callable

from django.http import HttpRequest, HttpResponse

# Everything comes from the portal itself; no inline scripts or styles on our own pages.
PORTAL_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# Django's admin templates still carry a few style="" attributes.
ADMIN_POLICY = PORTAL_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class ContentSecurityPolicyMiddleware:
    """Set a Content-Security-Policy header unless a view already set one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = ADMIN_POLICY if request.path.startswith("/admin/") else PORTAL_POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        return response
