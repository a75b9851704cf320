from django import forms
from django.utils.translation import gettext_lazy as _

from steeringgroups.models import SteeringGroup

from .models import ForumMeeting


class ForumMeetingForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ForumMeeting
        fields = ["date", "title", "topics", "participants", "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "date": {"required": _("Ange mötets datum."), "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")},
            "participants": {"invalid": _("Ange antalet deltagare som ett heltal.")},
        }


class ForumFeedsForm(forms.Form):
    feeds = forms.ModelMultipleChoiceField(
        queryset=SteeringGroup.objects.order_by("order", "pk"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Styrgrupper som forumet för frågor vidare till"),
    )
