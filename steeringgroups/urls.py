from django.urls import path

from . import views

app_name = "steeringgroups"

urlpatterns = [
    path("", views.GroupListView.as_view(), name="list"),
    path("arenden/", views.ErrandListView.as_view(), name="errands"),
    path("arenden/nytt/", views.ErrandCreateView.as_view(), name="errand_create"),
    path("arenden/<int:pk>/", views.ErrandDetailView.as_view(), name="errand_detail"),
    path("arenden/<int:pk>/atgard/", views.ErrandTransitionView.as_view(), name="errand_transition"),
    path("arenden/<int:pk>/forslag/", views.ErrandProposalView.as_view(), name="errand_proposal"),
    path("arenden/<int:pk>/komplettera/", views.ErrandAnswerView.as_view(), name="errand_answer"),
    path("bilagor/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
    path("beredning/", views.BeredningQueueView.as_view(), name="queue"),
    path("beslut/", views.DecisionRegisterView.as_view(), name="decisions"),
    path("beslut/export.<str:fmt>", views.DecisionExportView.as_view(), name="decisions_export"),
    path("beslut/<int:pk>/", views.DecisionDetailView.as_view(), name="decision"),
    path("beslut/planen/ny/", views.PlanDecisionCreateView.as_view(), name="plan_decision_create"),
    path("beslut/<int:pk>/uppdrag/", views.FollowUpCreateView.as_view(), name="follow_up_create"),
    path("beslut/<int:pk>/uppdrag/<int:follow_up>/", views.FollowUpStatusView.as_view(), name="follow_up_status"),
    path("moten/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting"),
    path("moten/<int:pk>/dagordning/", views.MeetingAgendaAddView.as_view(), name="meeting_agenda"),
    path("moten/<int:pk>/beslut/", views.MeetingDecideView.as_view(), name="meeting_decide"),
    path("moten/<int:pk>/protokoll.pdf", views.MeetingProtocolView.as_view(), name="meeting_protocol"),
    path("moten/<int:pk>/dagordning.pdf", views.MeetingAgendaPdfView.as_view(), name="meeting_agenda_pdf"),
    path("moten/<int:pk>/<slug:action>/", views.MeetingActionView.as_view(), name="meeting_action"),
    path("<slug:slug>/", views.GroupDetailView.as_view(), name="detail"),
    path("<slug:slug>/ko/", views.GroupQueueView.as_view(), name="group_queue"),
    path("<slug:slug>/moten/planera/", views.MeetingPlanView.as_view(), name="meeting_plan"),
    path("<slug:slug>/beslut/", views.DecisionRegisterView.as_view(), name="group_decisions"),
]
