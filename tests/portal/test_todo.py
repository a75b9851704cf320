"""The start page's "Att göra" (issue 12, item 1): each role's list from the demo data, links that answer for that
role, overdue first, and a constant number of queries however much there is to do."""

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forums.models import Forum, ForumMeeting
from maturity.constants import AssessmentStatus
from maturity.models import Assessment, AssessmentRound, PlannedImprovement
from measures.constants import PeriodKind, PlanState
from measures.periods import period_open
from projects.constants import ReportState
from projects.models import FrameProject
from projects.todo import REPORT_INTERVAL_DAYS
from reports.constants import ReportKind
from reports.constants import ReportState as ReportStates
from reports.models import Report
from steeringgroups.constants import ErrandAction, ErrandState, MeetingState, SignerRole
from steeringgroups.models import Decision, ErrandTransition, FollowUp, Meeting, ProtocolSigner, SteeringGroup
from tests.measures.factories import PlanFactory
from tests.projects.factories import StatusReportFactory
from tests.steeringgroups.factories import ErrandFactory
from vudig.core import todo
from vudig.core.models import Organisation
from vudig.core.todo import TodoItem, todo_for
from vudig.portal.demo import KOMMUNCHEF_UPPDRAG, demo_load
from vudig.portal.views import HOME_TODO_LIMIT

ROLES = (
    "processledare",
    "kommunchef",
    "chef.socialtjanst",
    "chef.utbildning",
    "chef.pitebo",
    "ordf.extern",
    "ledamot.extern",
    "ordf.intern",
    "beredning",
)


def _user(username):
    return get_user_model().objects.get(username=username)


def _todo_section(html: str) -> str:
    start = html.index('<section aria-labelledby="todo-heading"')
    return html[start : html.index("</section>", start)]


def test_items_are_ordered_overdue_first_then_by_due_date_undated_last(db, monkeypatch):
    today = timezone.localdate()
    items = [
        TodoItem(title="Odaterad", url="/a/", kind="K"),
        TodoItem(title="Senare", url="/b/", kind="K", due=today + dt.timedelta(days=9)),
        TodoItem(title="Försenad nyss", url="/c/", kind="K", due=today - dt.timedelta(days=1), overdue=True),
        TodoItem(title="Snart", url="/d/", kind="K", due=today + dt.timedelta(days=1)),
        TodoItem(title="Försenad länge", url="/e/", kind="K", due=today - dt.timedelta(days=30), overdue=True),
    ]
    monkeypatch.setattr(todo, "_PROVIDERS", {"one": lambda user: items[:2], "two": lambda user: items[2:]})
    user = get_user_model().objects.create_user("person")
    assert [i.title for i in todo_for(user)] == ["Försenad länge", "Försenad nyss", "Snart", "Senare", "Odaterad"]
    assert todo.is_overdue(today - dt.timedelta(days=1)) and not todo.is_overdue(today) and not todo.is_overdue(None)


def test_every_app_registers_its_providers():
    # Found by core's AppConfig.ready() like rules.py and demo.py, not imported by the portal.
    assert {
        "measures.period_rows",
        "measures.periods_missing",
        "measures.plans",
        "maturity.self_assessment",
        "maturity.review",
        "maturity.improvements",
        "steeringgroups.uppdrag",
        "steeringgroups.komplettering",
        "steeringgroups.beredning",
        "steeringgroups.group",
        "projects.reports_due",
        "projects.lapsed_reporting",
        "projects.owners_to_appoint",
        "forums.meetings_without_record",
        "reports.ready",
    } <= set(todo._PROVIDERS)


@pytest.mark.django_db
def test_each_role_sees_what_the_demo_holds_for_it_and_every_link_answers(client):
    demo_load()
    year = timezone.localdate().year
    expected = {
        "processledare": [
            f"Granska självskattning {year} för Utbildning",
            f"Fastställ självskattning {year} för Samhällsbyggnad",
            "rapporter saknas",
            "punkter att rapportera i Uppföljning",
            "Ta fram en plan för digital lokalbokning",
            "Kompetens (Pitebo): Utse en ansvarig",
            "Anteckna forummötet",
        ],
        "kommunchef": [KOMMUNCHEF_UPPDRAG, "Utse ansvarig linjechef för Extern digitalisering"],
        "chef.socialtjanst": [
            f"Påbörja självskattningen {year} för Socialtjänst",
            "3 punkter att rapportera i Uppföljning",
            "Kompetens (Socialtjänst): Utse en ansvarig",
            "Lägesrapport för Intern digitalisering",
        ],
        "chef.utbildning": ["Komplettera Ä-", "Samverkan (Utbildning): Utse en ansvarig"],
        "chef.pitebo": [f"Lämna in självskattningen {year} för Pitebo"],
        "ordf.extern": ["Nästa möte i Extern digitalisering", "Extern digitalisering: 2 ärenden i kön"],
        "ledamot.extern": ["Nästa möte i Extern digitalisering", "Extern digitalisering: 2 ärenden i kön"],
        "ordf.intern": ["Nästa möte i Intern digitalisering"],
        "beredning": ["1 nytt ärende att ta emot"],
    }
    # The demo's lägesrapport covers January–March 2026: a tertial after its end it has lapsed.
    if timezone.localdate() > dt.date(2026, 3, 31) + dt.timedelta(days=REPORT_INTERVAL_DAYS):
        expected["processledare"].append("Intern digitalisering: senaste lägesrapporten är äldre än en tertial")
    for username in ROLES:
        client.force_login(_user(username))
        response = client.get("/")
        assert response.status_code == 200
        items = response.context["todo_items"]
        section = _todo_section(response.content.decode())
        # The page shows the first HOME_TODO_LIMIT of each kind (issue 19) and says how many more.
        everything = todo_for(_user(username))
        assert {i.title for i in items} <= {i.title for i in everything} and items.total == everything.total
        assert len(items) == everything.total or HOME_TODO_LIMIT in Counter(i.kind for i in items).values()
        for text in expected[username]:
            assert any(text in str(item.title) for item in everything), (username, text, [i.title for i in everything])
        # Overdue first, and each item on the page as a link with its due date.
        flags = [item.overdue for item in items]
        assert flags == sorted(flags, reverse=True), username
        for item in items:
            assert f'href="{item.url}"' in section, (username, item.url)
            if item.due:
                assert f'datetime="{item.due:%Y-%m-%d}"' in section
        if username in ("ordf.extern", "ledamot.extern"):
            # Both queued ärenden reached the group before (on the day of) its meeting today: none is new since.
            queue = next(i for i in items if i.kind == "Styrgrupp")
            assert queue.detail == "0 nya sedan senaste mötet"
        # Nobody is shown another role's work: the chair of one group sees nothing of the others.
        if username == "ordf.intern":
            assert not any("Extern" in str(item.title) for item in items)
        for url in {item.url for item in items}:
            assert client.get(url).status_code == 200, (username, url)
        # The overview of the plan follows below "Att göra".
        html = response.content.decode()
        assert html.index('id="todo-heading"') < html.index('id="status-heading"')


@pytest.mark.django_db
def test_a_reader_gets_the_overview_without_a_to_do_list(client):
    demo_load()
    client.force_login(_user("lasare"))
    response = client.get("/")
    assert response.context["todo_items"] == []
    html = response.content.decode()
    assert 'id="todo-heading"' not in html and 'id="status-heading"' in html
    client.logout()
    assert 'id="todo-heading"' not in client.get("/").content.decode()


def _more_to_do(n: int, round_no: int) -> None:
    """n more of every kind of item for the demo's roles."""
    today = timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.all()}
    extern = SteeringGroup.objects.get(slug="extern-digitalisering")
    intern = SteeringGroup.objects.get(slug="intern-digitalisering")
    forum = Forum.objects.order_by("pk").first()
    decision = Decision.objects.filter(steering_group=extern).first()
    socialtjanst = Organisation.objects.get(slug="socialtjanst")
    period_open(
        title=f"Extra period {round_no}",
        kind=PeriodKind.OTHER,
        deadline=today + dt.timedelta(days=20),
        by=users["processledare"],
    )
    open_round = AssessmentRound.objects.get(year=today.year)
    unassessed = list(Organisation.objects.exclude(assessments__round=open_round).order_by("pk")[:n])
    for organisation in unassessed:
        Assessment.objects.create(round=open_round, organisation=organisation, status=AssessmentStatus.INLAMNAD)
    improvement = PlannedImprovement.objects.filter(area_assessment__assessment__organisation=socialtjanst).first()
    for i in range(n):
        PlanFactory(title=f"Utkast {round_no}-{i}", state=PlanState.UTKAST)
        PlanFactory(title=f"Godkänd {round_no}-{i}", state=PlanState.GODKAND)
        for owner in ("processledare", "kommunchef", "chef.socialtjanst", "ledamot.extern"):
            FollowUp.objects.create(
                decision=decision, what=f"Uppdrag {round_no}-{i}", owner=users[owner], due_date=today + dt.timedelta(i)
            )
        # New and past its target days (the beredning's list grows by one item each).
        ErrandFactory(
            organisation=socialtjanst, submitted_by=users["chef.socialtjanst"],
            created_at=timezone.now() - dt.timedelta(days=200),
        )  # fmt: skip
        ErrandFactory(organisation=socialtjanst, submitted_by=users["chef.utbildning"], state=ErrandState.KOMPLETTERING)
        ErrandFactory(
            organisation=socialtjanst, submitted_by=users["chef.socialtjanst"], state=ErrandState.HANSKJUTEN,
            steering_group=extern,
        )  # fmt: skip
        held = Meeting.objects.create(
            steering_group=extern,
            date=today - dt.timedelta(days=100 + 10 * round_no + i),
            state=MeetingState.AVSLUTAT,
            justering_deadline=today - dt.timedelta(days=1),
        )
        for person, role in (("ordf.extern", SignerRole.ORDFORANDE), ("ledamot.extern", SignerRole.JUSTERARE)):
            ProtocolSigner.objects.create(meeting=held, person=users[person], role=role)
        held_intern = Meeting.objects.create(
            steering_group=intern, date=held.date, state=MeetingState.AVSLUTAT, justering_deadline=today
        )
        ProtocolSigner.objects.create(meeting=held_intern, person=users["ordf.intern"], role=SignerRole.ORDFORANDE)
        owned = FrameProject.objects.create(
            name=f"Projekt {round_no}-{i}", slug=f"projekt-{round_no}-{i}", steering_group=extern,
            owner=users["chef.socialtjanst"], order=100 + i,
        )  # fmt: skip
        StatusReportFactory(
            project=owned, period_start=dt.date(2020, 1, 1), period_end=dt.date(2020, 4, 30),
            state=ReportState.PUBLICERAD, published_at=timezone.now(),
        )  # fmt: skip
        FrameProject.objects.create(
            name=f"Utan ägare {round_no}-{i}", slug=f"utan-agare-{round_no}-{i}", steering_group=extern, order=200 + i
        )
        ForumMeeting.objects.create(forum=forum, date=today - dt.timedelta(days=400 + 10 * round_no + i))
        Report.objects.create(
            kind=ReportKind.HANDLINGSPLAN, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 4, 30),
            state=ReportStates.KLAR, generated_at=timezone.now(),
        )  # fmt: skip
        if improvement is not None:
            improvement.pk = None
            improvement.text = f"Förbättring {round_no}-{i}"
            improvement.save()


@pytest.mark.django_db
def test_the_start_page_costs_the_same_queries_however_much_each_role_has_to_do(client):
    demo_load()
    users = {u: _user(u) for u in ROLES}
    counts = {u: [] for u in ROLES}
    sizes = {u: [] for u in ROLES}
    for round_no, n in enumerate((1, 6)):
        _more_to_do(n, round_no)
        for username, user in users.items():
            client.force_login(user)
            with CaptureQueriesContext(connection) as captured:
                response = client.get("/")
            assert response.status_code == 200
            counts[username].append(len(captured.captured_queries))
            sizes[username].append(response.context["todo_items"].total)
            if round_no == 1:  # every kind of item is there now: each link answers for this role
                for url in {item.url.split("#")[0] for item in response.context["todo_items"]}:
                    assert client.get(url).status_code == 200, (username, url)
    print({u: (sizes[u], counts[u][0]) for u in ROLES})
    for username in ROLES:
        assert sizes[username][1] > sizes[username][0], (username, sizes[username])  # the list did grow
        assert counts[username][0] == counts[username][1], (username, counts[username])


@pytest.mark.django_db
def test_a_returned_self_assessment_shows_the_process_leaders_comment_and_a_decided_plan_is_not_waiting(client):
    demo_load()
    year = timezone.localdate().year
    assessment = Assessment.objects.get(round__year=year, organisation__slug="pitebo")
    assessment.review_comment = "Motivera nivån för Samverkan."
    assessment.save(update_fields=["review_comment"])
    client.force_login(_user("chef.pitebo"))
    items = client.get("/").context["todo_items"]
    returned = next(i for i in items if i.kind == "Självskattning")
    assert returned.title == f"Komplettera självskattningen {year} för Pitebo (återskickad)"
    assert returned.detail == "Motivera nivån för Samverkan."
    # Handed in, it leaves the manager's list and is the process leader's to review.
    assessment.status = AssessmentStatus.INLAMNAD
    assessment.save(update_fields=["status"])
    assert not any(i.kind == "Självskattning" for i in client.get("/").context["todo_items"])
    client.force_login(_user("processledare"))
    titles = [str(i.title) for i in client.get("/").context["todo_items"]]
    assert f"Granska självskattning {year} för Pitebo" in titles
    # The kommunchef is asked to decide an approved plan, and no longer once it is decided.
    plan = PlanFactory(title="Plan att besluta", state=PlanState.GODKAND)
    client.force_login(_user("kommunchef"))
    item = next(i for i in client.get("/").context["todo_items"] if i.title == "Besluta planen Plan att besluta")
    assert client.get(item.url).status_code == 200
    plan.state = PlanState.BESLUTAD
    plan.save(update_fields=["state"])
    assert not any("Plan att besluta" in str(i.title) for i in client.get("/").context["todo_items"])


@pytest.mark.django_db
def test_the_groups_queue_counts_what_arrived_since_its_last_meeting(client):
    demo_load()
    intern = SteeringGroup.objects.get(slug="intern-digitalisering")
    beredning = _user("beredning")
    Meeting.objects.create(
        steering_group=intern, date=timezone.localdate() - dt.timedelta(days=10), state=MeetingState.JUSTERAT
    )
    for days_ago in (20, 0):
        errand = ErrandFactory(
            organisation=Organisation.objects.get(slug="socialtjanst"),
            submitted_by=_user("chef.socialtjanst"),
            state=ErrandState.HANSKJUTEN,
            steering_group=intern,
        )
        ErrandTransition.objects.create(
            errand=errand,
            action=ErrandAction.REFER,
            from_state=ErrandState.UNDER_BEREDNING,
            to_state=ErrandState.HANSKJUTEN,
            to_group=intern,
            by=beredning,
            at=timezone.now() - dt.timedelta(days=days_ago),
        )
    client.force_login(_user("ordf.intern"))
    queue = next(i for i in client.get("/").context["todo_items"] if i.kind == "Styrgrupp")
    assert queue.title == "Intern digitalisering: 2 ärenden i kön"
    assert queue.detail == "1 nytt sedan senaste mötet"
