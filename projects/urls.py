from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("<slug:slug>/", views.ProjectDetailView.as_view(), name="detail"),
    path("<slug:slug>/andra/", views.ProjectEditView.as_view(), name="edit"),
    path("<slug:slug>/ansvarig/", views.AppointOwnerView.as_view(), name="appoint"),
    path("<slug:slug>/fas/", views.PhaseView.as_view(), name="phase"),
    path("<slug:slug>/mal/ny/", views.GoalFormView.as_view(), name="goal_create"),
    path("<slug:slug>/mal/<int:pk>/andra/", views.GoalFormView.as_view(), name="goal_edit"),
    path("<slug:slug>/mal/<int:pk>/arkivera/", views.GoalArchiveView.as_view(), name="goal_archive"),
    path("<slug:slug>/utvecklingsprojekt/ny/", views.DevelopmentProjectFormView.as_view(), name="development_create"),
    path(
        "<slug:slug>/utvecklingsprojekt/<int:pk>/andra/",
        views.DevelopmentProjectFormView.as_view(),
        name="development_edit",
    ),
    path(
        "<slug:slug>/utvecklingsprojekt/<int:pk>/arkivera/",
        views.DevelopmentProjectArchiveView.as_view(),
        name="development_archive",
    ),
    path("<slug:slug>/lagesrapporter/ny/", views.ReportFormView.as_view(), name="report_create"),
    path("<slug:slug>/lagesrapporter/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("<slug:slug>/lagesrapporter/<int:pk>/andra/", views.ReportFormView.as_view(), name="report_edit"),
    path("<slug:slug>/lagesrapporter/<int:pk>/publicera/", views.ReportPublishView.as_view(), name="report_publish"),
    path("<slug:slug>/lagesrapporter/<int:pk>/rattelse/", views.ReportCorrectView.as_view(), name="report_correct"),
]
