from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from vudig.core.admin_mixins import GovernedAdmin

from .models import Forum, ForumMeeting


@admin.register(Forum)
class ForumAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "responsible", "order"]


@admin.register(ForumMeeting)
class ForumMeetingAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["forum", "date", "title", "participants"]
    list_filter = ["forum"]
    list_select_related = ["forum"]
    date_hierarchy = "date"
