from django.urls import path

from . import views

app_name = "forums"

urlpatterns = [
    path("", views.ForumListView.as_view(), name="list"),
    path("kalender/", views.ForumCalendarView.as_view(), name="calendar"),
    path("kalender.ics", views.ForumCalendarIcsView.as_view(), name="calendar_ics"),
    path("moten/<int:pk>/", views.ForumMeetingDetailView.as_view(), name="meeting"),
    path("moten/<int:pk>/andra/", views.ForumMeetingFormView.as_view(), name="meeting_edit"),
    path("<slug:slug>/", views.ForumDetailView.as_view(), name="detail"),
    path("<slug:slug>/nytt-mote/", views.ForumMeetingFormView.as_view(), name="meeting_create"),
    path("<slug:slug>/styrgrupper/", views.ForumFeedsUpdateView.as_view(), name="feeds"),
]
