from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FrameProject


@admin.register(FrameProject)
class FrameProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "steering_group", "measure", "order"]
    list_select_related = ["steering_group", "measure"]
