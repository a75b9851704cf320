from django.http import HttpResponse


def floor(request):
    """The floor: Django's request/response cycle and middleware, with no database and no template."""
    return HttpResponse("ok", content_type="text/plain")
