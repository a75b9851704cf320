from django.urls import path

from . import opendata_views as views

app_name = "opendata"

urlpatterns = [
    path("", views.OpenDataIndexView.as_view(), name="index"),
    path("catalog.ttl", views.catalog_ttl, name="catalog-ttl"),
    path("catalog.jsonld", views.catalog_jsonld, name="catalog-jsonld"),
    # The versioned API; the catalogue points here. The unversioned URLs below are kept as aliases of v1.
    path("v1/<slug:name>.json", views.opendata_json, name="v1-json"),
    path("v1/<slug:name>.csv", views.opendata_csv, name="v1-csv"),
    path("v1/<slug:name>.xlsx", views.opendata_xlsx, name="v1-xlsx"),
    path("v1/<slug:name>.schema.json", views.opendata_schema, name="v1-schema"),
    path("<slug:name>.json", views.opendata_json, name="json"),
    path("<slug:name>.csv", views.opendata_csv, name="csv"),
    path("<slug:name>.xlsx", views.opendata_xlsx, name="xlsx"),
]
