"""Bahasa Indonesia unless the user chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language, so a civil servant whose phone
is set to English would get an English UI they never asked for. The city's default is
Indonesian; English is shown only after choosing it in the language menu (cookie).
"""


class IgnoreBrowserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
