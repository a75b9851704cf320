from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CapabilityArea


@admin.register(CapabilityArea)
class CapabilityAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "capability", "order"]
