from django.urls import path  # noqa: F401  (pages land with their issue)

app_name = "projects"

urlpatterns: list = []
