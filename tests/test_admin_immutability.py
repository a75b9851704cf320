"""Immutable means immutable in the Django admin too: a walk over every admin model of the apps.

For each frozen record (justerat protocol and its agenda and decisions, a decided plan's measures and results, a
published lägesrapport, a fastställd assessment, a closed ärende, reports, attachments, documents, comments, mail, gate
records) the change page only shows it, and a POST to it, its delete page, a bulk delete and a revert from its
history are refused, for a superuser. No governed record can be deleted at all, except the two the portal itself
removes. Every admin model must be classified here, so a new one cannot slip through.
"""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse

from maturity.constants import AssessmentStatus
from maturity.models import Assessment, CapabilityArea, LevelDescriptor, PlannedImprovement, Respondent, TargetLevel
from measures.constants import PlanState
from measures.models import (
    Comment,
    FollowUpPeriod,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureResult,
    OrganisationPart,
    PeriodReminder,
    PeriodReport,
    Plan,
    StatusDocument,
)
from projects.constants import ReportState as StatusReportState
from projects.models import PhaseChange, StatusReport
from reports.models import Report
from steeringgroups.constants import ErrandState, MeetingState
from steeringgroups.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Decision,
    Errand,
    FollowUp,
    Meeting,
    ProtocolSigner,
    SteeringGroup,
)
from vudig.core.identity.models import DirectoryIdentity, DirectoryRoleGrant
from vudig.core.models import Organisation, OutboxTask, OutgoingMail, SubmittedForm

OUR_APPS = {"core", "steeringgroups", "measures", "projects", "maturity", "forums", "reports"}
# Reference data and work in progress, editable in the admin; none of them deletable but these two, which the portal
# itself removes (the history keeps them).
EDITABLE = {
    "core.Organisation",
    "core.Goal",
    "core.Obstacle",
    "core.RegulatoryArea",
    "core.RoleAssignment",
    "steeringgroups.SteeringGroup",
    "projects.FrameProject",
    "projects.ProjectGoal",
    "projects.DevelopmentProject",
    "maturity.CapabilityArea",
    "maturity.LevelDescriptor",
    "maturity.AssessmentRound",
    "forums.Forum",
    "forums.ForumMeeting",
    "reports.AnnualEvent",
    "core.GroupRoleMapping",
}
DELETABLE = {"core.RoleAssignment", "reports.AnnualEvent", "core.GroupRoleMapping"}


def _justerat(people):
    group = SteeringGroup.objects.get(slug="extern-digitalisering")
    errand = Errand.objects.create(
        title="Beslutat ärende",
        description="Fråga.",
        organisation=Organisation.objects.get(slug="socialtjanst"),
        topic="nis",
        submitted_by=people["manager"],
        state=ErrandState.BESLUTAD,
        steering_group=group,
    )
    meeting = Meeting.objects.create(
        steering_group=group, date=dt.date(2026, 3, 1), state=MeetingState.JUSTERAT, frozen_by=people["chair"]
    )
    item = AgendaItem.objects.create(meeting=meeting, order=1, title=errand.title, errand=errand)
    decision = Decision.objects.create(
        agenda_item=item,
        errand=errand,
        meeting=meeting,
        steering_group=group,
        text="Styrgruppen godkänner.",
        follow_up_owner="Processledaren",
        follow_up_date=dt.date(2026, 6, 1),
        decided_on=dt.date(2026, 3, 1),
        decided_by=people["chair"],
    )
    return {"errand": errand, "meeting": meeting, "item": item, "decision": decision}


def _decided_result():
    return MeasureResult.objects.filter(measure__plan__state=PlanState.BESLUTAD).select_related("measure__plan").first()


FROZEN = {
    "measures.Plan": lambda p, j: Plan.objects.filter(state=PlanState.BESLUTAD).first(),
    "measures.Measure": lambda p, j: Measure.objects.filter(plan__state=PlanState.BESLUTAD).first(),
    "measures.MeasureResult": lambda p, j: _decided_result(),
    "measures.Comment": lambda p, j: Comment.objects.create(
        measure=_decided_result().measure, text="=kommentar", author=p["process_leader"]
    ),
    "measures.StatusDocument": lambda p, j: StatusDocument.objects.create(
        result=_decided_result(),
        file="status-documents/2026/01/x.pdf",
        original_name="beslut.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=p["process_leader"],
    ),
    "projects.PhaseChange": lambda p, j: PhaseChange.objects.first(),
    "projects.StatusReport": lambda p, j: StatusReport.objects.filter(state=StatusReportState.PUBLICERAD).first(),
    "steeringgroups.Errand": lambda p, j: j["errand"],
    "steeringgroups.Meeting": lambda p, j: j["meeting"],
    "steeringgroups.AgendaItem": lambda p, j: j["item"],
    "steeringgroups.Decision": lambda p, j: j["decision"],
    "steeringgroups.Attachment": lambda p, j: Attachment.objects.create(
        errand=j["errand"],
        file="errands/2026/01/y.pdf",
        original_name="underlag.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=p["manager"],
    ),
    "maturity.Assessment": lambda p, j: Assessment.objects.filter(status=AssessmentStatus.FASTSTALLD).first(),
    "maturity.PlannedImprovement": lambda p, j: PlannedImprovement.objects.first(),
    "reports.Report": lambda p, j: Report.objects.create(
        kind="handlingsplan",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 4, 30),
        state="misslyckad",
        failure_reason="Avbruten",
    ),
    "core.OutgoingMail": lambda p, j: OutgoingMail.objects.create(
        key="admin-walk", to=["a@b.se"], subject="S", body="B"
    ),
    "core.OutboxTask": lambda p, j: OutboxTask.objects.create(task_name="x", args=[1], time_limit=60),
    "core.SubmittedForm": lambda p, j: SubmittedForm.objects.create(key="k" * 64, location="/"),
    # Written only by the portal's services (or the sign-in), read-only here; load_demo gives each one a row.
    "measures.FollowUpPeriod": lambda p, j: FollowUpPeriod.objects.first(),
    "measures.OrganisationPart": lambda p, j: OrganisationPart.objects.first(),
    "measures.PeriodReport": lambda p, j: PeriodReport.objects.first(),
    "measures.PeriodReminder": lambda p, j: PeriodReminder.objects.create(
        period=FollowUpPeriod.objects.first(), user=p["manager"], days_before=7
    ),
    "measures.Indicator": lambda p, j: Indicator.objects.first(),
    "measures.IndicatorValue": lambda p, j: IndicatorValue.objects.first(),
    "maturity.TargetLevel": lambda p, j: TargetLevel.objects.first(),
    "maturity.Respondent": lambda p, j: Respondent.objects.first(),
    "steeringgroups.Attendance": lambda p, j: Attendance.objects.first(),
    "steeringgroups.ProtocolSigner": lambda p, j: ProtocolSigner.objects.first(),
    "steeringgroups.FollowUp": lambda p, j: FollowUp.objects.first(),
    "core.DirectoryIdentity": lambda p, j: DirectoryIdentity.objects.create(
        user=p["reader"], issuer="https://login.example.se", subject="admin-walk"
    ),
    "core.DirectoryRoleGrant": lambda p, j: DirectoryRoleGrant.objects.create(
        assignment=p["reader"].role_assignments.first()
    ),
}


def _admin_models():
    return sorted((m for m in admin.site._registry if m._meta.app_label in OUR_APPS), key=lambda m: m._meta.label)


def test_every_admin_model_is_classified():
    labels = {m._meta.label for m in _admin_models()}
    assert labels == set(FROZEN) | EDITABLE
    assert not set(FROZEN) & EDITABLE


def _url(obj, view, *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk, *args])


def _snapshot(obj):
    return model_to_dict(type(obj).objects.get(pk=obj.pk))


@pytest.mark.django_db
def test_frozen_records_cannot_be_changed_or_deleted_in_the_admin(client, people):
    call_command("load_demo", verbosity=0)
    client.force_login(get_user_model().objects.get(username="admin"))  # as load_demo left it
    justerat = _justerat(people)
    walked = []
    for label, make in FROZEN.items():
        obj = make(people, justerat)
        assert obj is not None, f"no frozen {label} to walk"
        before = _snapshot(obj)
        page = client.get(_url(obj, "change"))
        assert page.status_code == 200, label
        assert page.context["has_change_permission"] is False, label  # shown read-only
        assert 'name="_save"' not in page.content.decode(), label
        assert client.post(_url(obj, "change"), {}).status_code == 403, label
        assert client.get(_url(obj, "delete")).status_code == 403, label
        assert client.post(_url(obj, "delete"), {"post": "yes"}).status_code == 403, label
        changelist = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist")
        client.post(changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
        if hasattr(type(obj), "history"):
            version = obj.history.first() if hasattr(obj, "history") else None
            if version is not None:
                assert client.post(_url(obj, "simple_history", version.history_id), {}).status_code == 403, label
        assert _snapshot(obj) == before, label  # nothing changed, still there
        walked.append(label)
    assert sorted(walked) == sorted(FROZEN)


@pytest.mark.django_db
def test_no_governed_record_can_be_deleted_in_the_admin(client, people):
    call_command("load_demo", verbosity=0)
    if not LevelDescriptor.objects.exists():  # loaded from the descriptors file only when a round opens
        LevelDescriptor.objects.create(area=CapabilityArea.objects.first(), level=1, text="Nivå 1")
    client.force_login(get_user_model().objects.get(username="admin"))  # as load_demo left it
    for model in _admin_models():
        label = model._meta.label
        if label not in EDITABLE:
            continue
        obj = model.objects.first()
        assert obj is not None, f"no {label} to walk"
        refused = client.get(_url(obj, "delete")).status_code == 403
        assert refused == (label not in DELETABLE), label
        if label not in DELETABLE:
            assert client.post(_url(obj, "delete"), {"post": "yes"}).status_code == 403, label
            assert model.objects.filter(pk=obj.pk).exists(), label
        assert client.get(_url(obj, "change")).status_code == 200, label  # editable: the form opens


def test_history_is_never_reverted_from_the_admin(settings):
    assert settings.SIMPLE_HISTORY_REVERT_DISABLED is True
    governed = [m for m in apps.get_models() if m._meta.app_label in OUR_APPS and m in admin.site._registry]
    from vudig.core.admin_mixins import GovernedAdmin

    plain = [m._meta.label for m in governed if not isinstance(admin.site._registry[m], GovernedAdmin)]
    assert plain == ["core.OutboxTask"]  # the outbox admin refuses add, change and delete itself
