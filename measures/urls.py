from django.urls import path

from . import views

app_name = "measures"

urlpatterns = [
    path("", views.MeasureListView.as_view(), name="list"),
    path("export.<str:fmt>", views.MeasureExportView.as_view(), name="export"),
    path("ny/", views.MeasureCreateView.as_view(), name="create"),
    path("andringar/", views.ChangesView.as_view(), name="changes"),
    path("arkiv/", views.ArchiveView.as_view(), name="archive"),
    path("planer/", views.PlanListView.as_view(), name="plans"),
    path("planer/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("planer/<int:pk>/andra/", views.PlanUpdateView.as_view(), name="plan_edit"),
    path("planer/<int:pk>/ny-version/", views.PlanNewVersionView.as_view(), name="plan_new_version"),
    path("planer/<int:pk>/lage/<str:state>/", views.PlanStateView.as_view(), name="plan_state"),
    path("<int:pk>/", views.MeasureDetailView.as_view(), name="detail"),
    path("<int:pk>/kommentarer/", views.CommentCreateView.as_view(), name="comment"),
    path("<int:pk>/underlag/<int:document_pk>/", views.StatusDocumentView.as_view(), name="document"),
    path("<int:pk>/andra/", views.MeasureUpdateView.as_view(), name="edit"),
    path("<int:pk>/flytta/", views.MeasureMoveView.as_view(), name="move"),
    path("<int:pk>/status/", views.MeasureStatusView.as_view(), name="measure_status"),
    path("<int:pk>/arkivera/", views.MeasureArchiveView.as_view(), name="archive_measure"),
    path("<int:pk>/resultat/nytt/", views.ResultCreateView.as_view(), name="result_create"),
    path("<int:pk>/resultat/<int:result_pk>/andra/", views.ResultUpdateView.as_view(), name="result_edit"),
    path("<int:pk>/resultat/<int:result_pk>/status/", views.ResultStatusView.as_view(), name="result_status"),
    path("<int:pk>/resultat/<int:result_pk>/flytta/", views.ResultMoveView.as_view(), name="result_move"),
    path("<int:pk>/resultat/<int:result_pk>/arkivera/", views.ResultArchiveView.as_view(), name="result_archive"),
]

# Indicators (nyckeltal) of a measure, and their outcomes per follow-up period.
from . import indicator_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/nyckeltal/nytt/", indicator_views.IndicatorCreateView.as_view(), name="indicator_create"),
    path(
        "<int:pk>/nyckeltal/<int:indicator_pk>/andra/",
        indicator_views.IndicatorUpdateView.as_view(),
        name="indicator_edit",
    ),
    path(
        "<int:pk>/nyckeltal/<int:indicator_pk>/arkivera/",
        indicator_views.IndicatorArchiveView.as_view(),
        name="indicator_archive",
    ),
    path(
        "<int:pk>/nyckeltal/<int:indicator_pk>/flytta/",
        indicator_views.IndicatorMoveView.as_view(),
        name="indicator_move",
    ),
    path(
        "<int:pk>/nyckeltal/<int:indicator_pk>/utfall/",
        indicator_views.IndicatorValueView.as_view(),
        name="indicator_value",
    ),
]

# Organisation parts and follow-up periods (issue 11): their views live in views_periods.py.
from . import views_periods  # noqa: E402

urlpatterns += [
    path("perioder/", views_periods.PeriodListView.as_view(), name="periods"),
    path("perioder/ny/", views_periods.PeriodOpenView.as_view(), name="period_open"),
    path("perioder/<int:pk>/", views_periods.PeriodDetailView.as_view(), name="period_detail"),
    path("perioder/<int:pk>/export.<str:fmt>", views_periods.PeriodExportView.as_view(), name="period_export"),
    path("perioder/<int:pk>/stang/", views_periods.PeriodCloseView.as_view(), name="period_close"),
    path("perioder/<int:pk>/min-lista/", views_periods.PeriodMineView.as_view(), name="period_mine"),
    path(
        "perioder/<int:pk>/rapport/<int:report_pk>/",
        views_periods.PeriodReportView.as_view(),
        name="period_report",
    ),
    path("<int:pk>/delar/", views_periods.PartAssignView.as_view(), name="part_assign"),
    path("<int:pk>/delar/<int:part_pk>/", views_periods.PartReportView.as_view(), name="part_report"),
    path("<int:pk>/delar/<int:part_pk>/rapportor/", views_periods.PartReporterView.as_view(), name="part_reporter"),
]
