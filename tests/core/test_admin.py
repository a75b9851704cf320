"""Django admin covers every governance model, with history, and each list and history page opens."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

OUR_APPS = ["core", "steeringgroups", "measures", "projects", "maturity", "forums", "reports"]
# Append-only audit rows shown inline on their parent, and the outgoing e-mail queue (no governance data).
SHOWN_ELSEWHERE = {"steeringgroups.ErrandTransition", "maturity.AreaAssessment"}
# Append-only records that are never edited, so they need no change history of their own.
APPEND_ONLY = {
    "projects.PhaseChange",
    "steeringgroups.Attachment",
    "measures.StatusDocument",
    "core.OutgoingMail",
    "core.OutboxTask",
    "core.SubmittedForm",
    "measures.PeriodReminder",
}
# Read by one person only (a respondent's own answer, rule respondent.view_answer): neither in the admin nor with a
# history table, so no administrator can read it.
# A person's own notices and choices of delivery (rules notices.*), and the used unsubscribe links' nonces, likewise.
# When someone last looked at the reports page (for kommunchef's "reports ready since"), likewise.
PRIVATE = {
    "maturity.RespondentAnswer",
    "core.Notice",
    "core.NoticePreference",
    "core.UsedUnsubscribeToken",
    "reports.ReportListVisit",
}


def governance_models():
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in OUR_APPS
        and not m.__name__.startswith("Historical")
        and m._meta.label not in SHOWN_ELSEWHERE
        and m._meta.label not in PRIVATE
    ]


def test_every_model_is_in_the_admin():
    missing = [m._meta.label for m in governance_models() if m not in admin.site._registry]
    assert not missing


def test_every_governance_model_keeps_history():
    without = {m._meta.label for m in governance_models() if not hasattr(m, "history")}
    assert without <= APPEND_ONLY


@pytest.mark.django_db
def test_admin_list_and_history_pages_open(client, people):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    client.force_login(get_user_model().objects.get(username="admin"))
    for model in governance_models():
        if model not in admin.site._registry:
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(url).status_code == 200, url
        obj = model.objects.first()
        if obj is not None and hasattr(model, "history"):
            history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
            assert client.get(history).status_code == 200, history


def test_private_models_stay_out_of_the_admin_and_keep_no_history():
    for label in PRIVATE:
        model = apps.get_model(label)
        assert model not in admin.site._registry and not hasattr(model, "history"), label
