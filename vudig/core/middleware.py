from django.conf import settings


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
