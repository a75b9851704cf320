from django import forms
from django.utils.translation import gettext_lazy as _

from steeringgroups.models import SteeringGroup
from vudig.core.forms import QueryForm, month_field, year_field

from .models import Forum, ForumMeeting


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


UNKNOWN_FORUM = _("Forumet finns inte. Kalendern visar alla forum.")


class CalendarQueryForm(QueryForm):
    """The calendar's ?ar=, ?manad= and ?forum=: junk shows the default with a message; a number out of range the
    nearest allowed one."""

    ar = year_field()
    manad = month_field()
    forum = forms.CharField(
        label=_("Forum"),
        required=False,
        max_length=100,
        error_messages={"null_characters_not_allowed": UNKNOWN_FORUM, "max_length": UNKNOWN_FORUM},
    )

    def clean_forum(self):
        slug = self.cleaned_data["forum"]
        if not slug:
            return None
        forum = Forum.objects.filter(slug=slug).first()
        if forum is None:
            raise forms.ValidationError(UNKNOWN_FORUM, code="unknown")
        return forum

    def year(self, default: int) -> int:
        return self.value("ar", default, clamp=True)

    def month(self, default: int) -> int:
        return self.value("manad", default, clamp=True)

    def selected_forum(self):
        return self.value("forum", None)
