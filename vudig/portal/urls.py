from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("planen/", views.PlanOverviewView.as_view(), name="plan"),
    path("planen/ramprojekt/<slug:slug>/", views.PublicProjectView.as_view(), name="plan_project"),
    path("tillganglighet/", views.AccessibilityStatementView.as_view(), name="accessibility"),
]
