import datetime as dt

import pytest

from forums.models import Forum
from forums.services import forum_meeting_create
from maturity.constants import AssessmentStatus, RoundStatus
from maturity.models import AreaAssessment, Assessment, AssessmentRound, CapabilityArea, PlannedImprovement
from projects import services
from projects.constants import ProjectPhase, TrafficLight
from projects.models import FrameProject, PhaseChange, StatusReport
from reports.constants import ReportKind
from reports.models import Report
from steeringgroups.models import AgendaItem, Decision, Errand, Meeting, SteeringGroup
from vudig.core.models import Organisation


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Generated PDFs go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_report(*, kind=ReportKind.UPPFOLJNING, by=None, organisation=None, **kwargs) -> Report:
    """A stored report row (not rendered) for permission and list tests."""
    return Report.objects.create(
        kind=kind,
        period_start=kwargs.pop("period_start", dt.date(2026, 1, 1)),
        period_end=kwargs.pop("period_end", dt.date(2026, 4, 30)),
        organisation=organisation,
        requested_by=by,
        **kwargs,
    )


@pytest.fixture
def followup_report(people):
    return make_report(by=people["kommunchef"])


@pytest.fixture
def org_maturity_report(people, org):
    return make_report(kind=ReportKind.MOGNAD, organisation=org, by=people["kommunchef"])


@pytest.fixture
def plan_report(people):
    return make_report(kind=ReportKind.HANDLINGSPLAN, by=people["kommunchef"])


# -- data the uppföljningsrapport and the mognad report tell about -------------------------------------------------

YEAR = 2026
PERIOD = (dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def add_round(year: int, *, status: str, opens_on: dt.date, closes_on: dt.date):

    return AssessmentRound.objects.create(year=year, opens_on=opens_on, closes_on=closes_on, status=status)


def add_assessment(round, organisation, status: str, levels, *, note: str = ""):
    """An assessment with one level per area in the plan's order (history written, as the services would)."""

    assessment = Assessment.objects.create(round=round, organisation=organisation, status=status)
    for area, level in zip(CapabilityArea.objects.order_by("order", "pk"), levels, strict=True):
        row = AreaAssessment.objects.create(
            assessment=assessment, area=area, level=level, motivation=f"{note}Motivering {area.name} {round.year}"
        )
        if level and level <= 2:  # a gap: two planned improvements
            for k, text in enumerate((f"Förbättring {area.name}", f"Andra förbättringen {area.name}")):
                PlannedImprovement.objects.create(
                    area_assessment=row, text=text, owner="Förvaltningschef", due=dt.date(round.year, 12, 31), order=k
                )
    return assessment


def add_status_report(project, *, by, status: str, published_on: dt.date | None, risks: str = "", done: str = ""):
    """A lägesrapport through the services; published on a fixed day (so the period tests do not depend on today)."""

    report = services.status_report_create(
        project=project,
        by=by,
        period_start=published_on.replace(day=1) if published_on else dt.date(YEAR, 1, 1),
        period_end=published_on or dt.date(YEAR, 1, 31),
        overall_status=status,
        done=done or f"Genomfört i {project.name}",
        next_steps="Nästa steg enligt projektplanen.",
        risks=risks,
    )
    if published_on is not None:
        services.status_report_publish(report=report, by=by, expected_version=report.version)
        StatusReport.objects.filter(pk=report.pk).update(published_at=at(published_on))
    return report


def move_phase(project, to_phase: str, *, by, on: dt.date):

    project = FrameProject.objects.get(pk=project.pk)
    change = services.project_move_phase(project=project, to_phase=to_phase, by=by, expected_version=project.version)
    PhaseChange.objects.filter(pk=change.pk).update(recorded_at=at(on))
    return change


def add_errand(people, *, topic: str, created: dt.date, group=None, state: str = "inkommen", closed=None, title=""):
    """An ärende as the referral work leaves it (created directly: the report only reads these rows)."""

    return Errand.objects.create(
        title=title or f"Ärende {topic} {created}",
        description="Fråga till styrgruppen.",
        organisation=Organisation.objects.get(slug="socialtjanst"),
        topic=topic,
        submitted_by=people["manager"],
        state=state,
        steering_group=group,
        created_at=at(created),
        closed_at=at(closed) if closed else None,
    )


def add_decision(people, errand, *, on: dt.date, text: str = ""):

    meeting = Meeting.objects.create(steering_group=errand.steering_group, date=on)
    item = AgendaItem.objects.create(meeting=meeting, order=1, title=errand.title, errand=errand)
    return Decision.objects.create(
        agenda_item=item,
        errand=errand,
        meeting=meeting,
        steering_group=errand.steering_group,
        text=text or f"Beslut om {errand.title}",
        follow_up_owner="Processledaren",
        follow_up_date=on + dt.timedelta(days=90),
        decided_on=on,
        decided_by=people["chair"],
    )


@pytest.fixture
def followup_world(people):
    """Four frame projects in different states, two maturity rounds, forum meetings in and out of the period."""

    leader = people["process_leader"]
    p0, p1, p2, p3 = FrameProject.objects.order_by("order", "pk")
    move_phase(p0, ProjectPhase.PLANERING, by=leader, on=dt.date(YEAR, 2, 1))
    add_status_report(p0, by=leader, status=TrafficLight.GRON, published_on=dt.date(YEAR, 2, 15))
    add_status_report(
        p0, by=leader, status=TrafficLight.GUL, published_on=dt.date(YEAR, 5, 10), risks="Leverantören hinner inte."
    )
    add_status_report(p0, by=leader, status=TrafficLight.ROD, published_on=None, risks="Utkastrisk som inte syns.")
    add_status_report(
        p1, by=leader, status=TrafficLight.GRON, published_on=dt.date(YEAR - 1, 12, 1), risks="Gammal risk i fjol."
    )
    add_status_report(
        p1,
        by=leader,
        status=TrafficLight.ROD,
        published_on=dt.date(YEAR, 6, 1),
        risks="Budgeten räcker inte för utbildningen.",
    )
    # p2 moved to planering only after the period: the report shows the phase it had then.
    move_phase(p2, ProjectPhase.PLANERING, by=leader, on=dt.date(YEAR + 1, 1, 15))

    last = add_round(
        YEAR - 1, status=RoundStatus.STANGD, opens_on=dt.date(YEAR - 1, 2, 1), closes_on=dt.date(YEAR - 1, 3, 31)
    )
    this = add_round(YEAR, status=RoundStatus.OPPEN, opens_on=dt.date(YEAR, 9, 1), closes_on=dt.date(YEAR, 12, 15))
    social, school, pitebo = (Organisation.objects.get(slug=s) for s in ("socialtjanst", "utbildning", "pitebo"))
    add_assessment(last, social, AssessmentStatus.FASTSTALLD, (2, 2, 1, 2, 2))
    add_assessment(this, social, AssessmentStatus.FASTSTALLD, (3, 2, 2, 3, 2), note="Senaste: ")
    add_assessment(last, school, AssessmentStatus.FASTSTALLD, (3, 2, 2, 3, 2))
    add_assessment(this, school, AssessmentStatus.INLAMNAD, (3, 3, 2, 3, 3))
    add_assessment(this, pitebo, AssessmentStatus.UTKAST, (5, 5, 5, 5, 5))

    it, dev = Forum.objects.get(slug="it-strategforum"), Forum.objects.get(slug="utvecklingsforum")
    for forum, day, participants in (
        (it, dt.date(YEAR, 3, 10), 12),
        (it, dt.date(YEAR, 10, 1), None),
        (dev, dt.date(YEAR, 5, 5), 30),
        (dev, dt.date(YEAR - 1, 12, 1), 99),
    ):
        forum_meeting_create(forum=forum, date=day, title=f"Möte {day}", participants=participants, by=leader)

    extern, intern, it_group = (
        SteeringGroup.objects.get(slug=s)
        for s in ("extern-digitalisering", "intern-digitalisering", "it-miljo-och-infrastruktur")
    )
    d = dt.date
    e1 = add_errand(people, topic="nis", created=d(YEAR, 2, 1), group=extern, state="beslutad")
    add_decision(people, e1, on=d(YEAR, 3, 1), text="Styrgruppen godkänner NIS-planen.")  # 28 days
    e2 = add_errand(
        people, topic="molntjanster", created=d(YEAR, 3, 1), group=it_group, state="avslutad", closed=d(YEAR, 4, 1)
    )
    add_decision(people, e2, on=d(YEAR, 3, 11))  # 10 days
    add_errand(people, topic="gdpr", created=d(YEAR, 5, 1), group=intern, state="hanskjuten")  # overdue: 30 days
    add_errand(people, topic="digitalisering", created=d(YEAR, 12, 20))  # with the beredning, not yet due
    e5 = add_errand(people, topic="ai", created=d(YEAR - 1, 11, 1), group=extern, state="beslutad")
    add_decision(people, e5, on=d(YEAR, 1, 10))  # 70 days; came in before the period
    add_errand(people, topic="ai", created=d(YEAR - 1, 6, 1), group=extern, state="avslutad", closed=d(YEAR - 1, 8, 1))
    return {"projects": (p0, p1, p2, p3), "rounds": (last, this), "organisations": (social, school, pitebo)}
