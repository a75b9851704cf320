from django.conf import settings
from django.utils.cache import add_never_cache_headers


class ContentSecurityPolicyMiddleware:
    """Sends the strict policy in settings.VUDIG_CSP; templates carry no inline script or style, so it holds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "VUDIG_CSP", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response


class SwedishErrorPageMiddleware:
    """Gives an empty 405 (a GET to a POST-only address) the portal's styled Swedish page, keeping the Allow header.

    Django's ``HttpResponseNotAllowed`` has no body, which browsers draw as their own English error; 400, 403, 404 and
    500 already render ``<status>.html`` through Django's handlers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not getattr(response, "streaming", False) and not response.content:
            from django.template.response import TemplateResponse

            page = TemplateResponse(request, "405.html", status=405)
            page.render()
            if "Allow" in response:
                page["Allow"] = response["Allow"]
            return page
        return response


class NoStoreForSignedInMiddleware:
    """Signed-in pages and every download are never stored by a browser or proxy (``Cache-Control: no-store``): a
    shared computer's back button or cache must not show governance data after sign-out. Public pages keep theirs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        download = response.get("Content-Disposition", "").startswith("attachment")
        if (user is not None and user.is_authenticated) or download:
            add_never_cache_headers(response)
        return response
