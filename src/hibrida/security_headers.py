"""The Permissions-Policy header on every response (django-csp sets the CSP itself).

Browsers otherwise let any embedded or injected origin ask for the position, camera or
microphone; only our own pages may ask for the position (check-in, field report).
"""

from django.conf import settings


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
