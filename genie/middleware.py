from django.utils.cache import add_never_cache_headers, patch_vary_headers


class PrivateResponseMiddleware:
    """Keeps signed-in pages out of shared and browser caches.

    Pages behind login may hold personal data, so they are never stored
    (Cache-Control: no-store). Responses vary on HX-Request because one URL
    serves both the full page and its htmx fragment.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path.startswith("/static/"):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, " + response["Cache-Control"]
        patch_vary_headers(response, ("HX-Request",))
        return response
