"""The interface language of each request."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class InterfaceLanguageMiddleware:
    """Vietnamese unless the user picked another language with the switch at the foot
    of every page (Django's ``set_language`` view, which keeps the choice in the
    language cookie).

    Unlike Django's LocaleMiddleware, the browser's Accept-Language header is not
    consulted: many officials run English-language browsers, and a province's
    system speaks Vietnamese to them unless they ask for something else.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
