from django.urls import path

from . import views

app_name = "maturity"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("omgang/ny/", views.RoundCreateView.as_view(), name="round_create"),
    path("nivaer/", views.DescriptorListView.as_view(), name="descriptors"),
    path("inbjudan/<str:token>/", views.InvitationView.as_view(), name="invitation"),
    path("forbattring/<int:pk>/", views.ImprovementFollowUpView.as_view(), name="improvement"),
    path("nivaer/<slug:area>/<int:level>/", views.DescriptorEditView.as_view(), name="descriptor_edit"),
    path("<int:year>/", views.RoundOverviewView.as_view(), name="round"),
    path("<int:year>/status/", views.RoundStatusView.as_view(), name="round_status"),
    path("<int:year>/karta/", views.HeatmapView.as_view(), name="heatmap"),
    path("<int:year>/mal/", views.TargetsView.as_view(), name="targets"),
    path("<int:year>/karta/export.<str:fmt>", views.ExportView.as_view(table="heatmap"), name="heatmap_export"),
    path("<int:year>/jamforelse/", views.ComparisonView.as_view(), name="comparison"),
    path(
        "<int:year>/jamforelse/export.<str:fmt>", views.ExportView.as_view(table="comparison"), name="comparison_export"
    ),
    path("<int:year>/<slug:org>/", views.AssessmentDetailView.as_view(), name="assessment"),
    path("<int:year>/<slug:org>/skattning/", views.AssessmentEditView.as_view(), name="edit"),
    path("<int:year>/<slug:org>/granskning/", views.ReviewView.as_view(), name="review"),
    path("<int:year>/<slug:org>/koppla/<slug:area>/", views.GapLinkView.as_view(), name="gap_links"),
    path("<int:year>/<slug:org>/respondenter/", views.RespondentOverviewView.as_view(), name="respondents"),
    path("<int:year>/<slug:org>/respondenter/paminn/", views.RespondentRemindView.as_view(), name="respondents_remind"),
    path("<int:year>/<slug:org>/svar/", views.AnswerView.as_view(), name="answer"),
]
