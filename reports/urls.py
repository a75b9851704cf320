from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("<int:pk>/status/", views.ReportStatusView.as_view(), name="status"),
    path("<int:pk>/ladda-ner/", views.ReportDownloadView.as_view(), name="download"),
    path("<int:pk>/ladda-ner/json/", views.ReportJsonDownloadView.as_view(), name="download_json"),
    path("<int:pk>/ladda-ner/bilagor/", views.ReportXlsxDownloadView.as_view(), name="download_xlsx"),
    path("<int:pk>/ladda-ner/word/", views.ReportDocxDownloadView.as_view(), name="download_docx"),
    path("arshjul/", views.AnnualCycleView.as_view(), name="annual_cycle"),
    path("arshjul/ny/", views.AnnualEventFormView.as_view(), name="event_create"),
    path("arshjul/<int:pk>/andra/", views.AnnualEventFormView.as_view(), name="event_update"),
    path("arshjul/<int:pk>/ta-bort/", views.AnnualEventDeleteView.as_view(), name="event_delete"),
]
