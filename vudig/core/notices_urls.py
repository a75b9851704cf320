from django.urls import path

from . import notices_views as views

app_name = "notices"

urlpatterns = [
    path("", views.NoticeListView.as_view(), name="list"),
    path("<int:pk>/", views.NoticeOpenView.as_view(), name="open"),
    path("installningar/", views.NoticePreferencesView.as_view(), name="preferences"),
    path("avregistrera/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
