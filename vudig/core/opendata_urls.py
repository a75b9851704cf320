from django.urls import path

from . import opendata_views as views

app_name = "opendata"

urlpatterns = [
    path("", views.OpenDataIndexView.as_view(), name="index"),
    path("<slug:name>.json", views.opendata_json, name="json"),
    path("<slug:name>.csv", views.opendata_csv, name="csv"),
]
