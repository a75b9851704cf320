"""The person's own notices (Notiser), their choices per category (Mina inställningar) and the unsubscribe link."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import ListView, TemplateView

from .models import Notice
from .notices import (
    Delivery,
    UnsubscribeError,
    categories,
    mark_read,
    preferences_for,
    set_preferences,
    unsubscribe_apply,
    unsubscribe_read,
    visible,
)
from .pagination import PageMixin
from .rules import require
from .views_mixins import PermissionRequiredMixin

NOTICES_PER_PAGE = 25


class NoticeListView(PermissionRequiredMixin, PageMixin, ListView):
    """The person's notices, newest first, unread marked; those about what they may no longer see are left out."""

    permission_action = "notices.view"
    template_name = "core/notices/list.html"
    paginate_by = NOTICES_PER_PAGE

    def get_queryset(self):
        return Notice.objects.for_user(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notices"] = visible(self.request.user, context["object_list"])
        return context


class NoticeOpenView(PermissionRequiredMixin, View):
    """Opening a notice marks it read and leads to its link. Another person's notice, or one about something the
    person may no longer see, is not found (404)."""

    permission_action = "notices.view"

    def get(self, request, pk):
        notice = get_object_or_404(Notice.objects.for_user(request.user), pk=pk)
        require(request.user, "notices.open", notice)
        if not visible(request.user, [notice]):
            raise Http404
        mark_read(notice)
        url = notice.url
        if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
            url = reverse("notices:list")
        return HttpResponseRedirect(url)

    post = get


class PreferencesForm(forms.Form):
    """One choice of delivery per registered category."""

    def __init__(self, *args, initial_choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for item in categories():
            self.fields[item.key] = forms.ChoiceField(
                label=item.label,
                choices=[(value, Delivery(value).label) for value in item.choices],
                initial=initial_choices.get(item.key, item.default),
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Välj hur du vill få dessa notiser."),
                    "invalid_choice": _("Välj ett av alternativen."),
                },
            )


class NoticePreferencesView(PermissionRequiredMixin, TemplateView):
    """Mina inställningar: per category, e-mail at once, in the weekly digest only, or in the portal only."""

    permission_action = "notices.preferences"
    template_name = "core/notices/preferences.html"

    def get(self, request, *args, **kwargs):
        form = PreferencesForm(initial_choices=preferences_for(request.user))
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = PreferencesForm(request.POST, initial_choices=preferences_for(request.user))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        set_preferences(request.user, form.cleaned_data)
        messages.success(request, _("Dina inställningar är sparade."))
        return HttpResponseRedirect(reverse("notices:preferences"))


UNSUBSCRIBE_PROBLEMS = {
    "invalid": gettext_lazy(
        "Länken går inte att använda: den är inte hel eller inte utfärdad av VUDIG. Inget har ändrats. "
        "Du kan välja vilken e-post du får under Mina inställningar när du har loggat in."
    ),
    "expired": gettext_lazy(
        "Länken är för gammal (den gäller i 60 dagar). Inget har ändrats. "
        "Använd länken i ett nyare e-postmeddelande, eller välj under Mina inställningar när du har loggat in."
    ),
    "used": gettext_lazy(
        "Länken har redan använts. Inget mer har ändrats. Du kan se och ändra dina val under Mina inställningar."
    ),
}


@method_decorator(csrf_exempt, name="dispatch")  # mail clients' one-click POST (RFC 8058) carries no CSRF token
class UnsubscribeView(View):
    """No login: GET shows what the link does and a button; POST (the button, or a mail client) does it."""

    template_name = "core/notices/unsubscribe.html"

    def _problem(self, request, error: UnsubscribeError):
        context = {"problem": UNSUBSCRIBE_PROBLEMS[error.reason], "reason": error.reason}
        return render(request, self.template_name, context, status=400 if error.reason == "invalid" else 410)

    def get(self, request, token):
        try:
            wanted = unsubscribe_read(token)
        except UnsubscribeError as error:
            return self._problem(request, error)
        return render(request, self.template_name, {"category": wanted.category, "token": token})

    def post(self, request, token):
        try:
            done = unsubscribe_apply(token)
        except UnsubscribeError as error:
            return self._problem(request, error)
        return render(request, self.template_name, {"category": done.category, "done": True})
