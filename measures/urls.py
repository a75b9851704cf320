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
