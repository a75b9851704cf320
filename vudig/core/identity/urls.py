from django.urls import path

from . import views

app_name = "oidc"

urlpatterns = [
    path("logga-in/", views.SignInStartView.as_view(), name="authenticate"),
    path("callback/", views.SignInCallbackView.as_view(), name="callback"),
]
