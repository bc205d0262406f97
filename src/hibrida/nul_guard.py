"""Pages refuse query and form values holding a NUL character with a 400 in the site layout.

PostgreSQL cannot store or even compare U+0000 in text, so such a value would otherwise end as
a database error. The API refuses the same input as a 422 on the field (see ``api.py``).
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from hibrida.bounds import nul_path


class NulGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            for data in (request.GET, request.POST):
                if nul_path(dict(data.lists())) is not None:
                    message = _("Isian berisi karakter NUL (\\x00) yang tidak dapat disimpan.")
                    return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
