from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import SteeringGroup


@admin.register(SteeringGroup)
class SteeringGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "focus", "motto", "order"]
