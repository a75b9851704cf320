"""Issue 19: the start page's "Att göra" shows the first items of each kind (overdue first) and how many more, and a provider
that can hold thousands (the process leader's overdue improvements in a region) reads only that many."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from maturity.models import PlannedImprovement
from maturity.todo import planned_improvements
from vudig.core import todo
from vudig.core.todo import TodoItem, TodoItems, todo_for
from vudig.portal.demo import demo_load
from vudig.portal.views import HOME_TODO_LIMIT


def _items(prefix, days):
    today = timezone.localdate()
    return [
        TodoItem(title=f"{prefix}{d}", url="/", kind="K", due=today + dt.timedelta(days=d), overdue=d < 0) for d in days
    ]


def test_a_limit_gives_the_first_items_of_all_providers_in_order_and_counts_the_rest(db, monkeypatch):
    asked = []

    def limited(user, limit=None):
        asked.append(limit)
        found = _items("b", [-5, 1, 2, 3, 40])
        return TodoItems(found[:limit], total=len(found)) if limit is not None else TodoItems(found)

    monkeypatch.setattr(todo, "_PROVIDERS", {})
    monkeypatch.setattr(todo, "_LIMITED", set())
    todo.register_provider("plain", lambda user: _items("a", [-1, 4, 30]))
    todo.register_provider("limited", limited, limited=True)
    user = get_user_model().objects.create_user("person")
    everything = todo_for(user)
    first = todo_for(user, limit=2)
    assert [i.title for i in everything] == ["b-5", "a-1", "b1", "b2", "b3", "a4", "a30", "b40"]
    # The first two of each provider, in the list's order: every kind still shows.
    assert [i.title for i in first] == ["b-5", "a-1", "b1", "a4"]
    assert first.total == everything.total == 8 and first.more == 4 and everything.more == 0
    assert asked == [None, 2]  # without a limit everything; with one, no more than the page shows


@pytest.mark.django_db
def test_the_process_leaders_overdue_improvements_are_read_up_to_the_limit(client):
    demo_load()
    leader = get_user_model().objects.get(username="processledare")
    template = PlannedImprovement.objects.of_submitted().unfinished().order_by("pk").first()
    for i in range(HOME_TODO_LIMIT + 5):
        template.pk = None
        template.text = f"Försenad förbättring {i}"
        template.due = timezone.localdate() - dt.timedelta(days=400 - i)
        template.save()
    whole = planned_improvements(leader)
    first = planned_improvements(leader, limit=3)
    assert [i.title for i in first] == [i.title for i in whole][:3] and first.total == len(whole) > HOME_TODO_LIMIT

    client.force_login(leader)
    response = client.get("/")
    shown = response.context["todo_items"]
    improvements = [i for i in shown if i.kind == "Förbättring"]
    assert len(improvements) == HOME_TODO_LIMIT and shown.more == shown.total - len(shown) > 0
    assert f"Och {shown.more} saker till att göra" in response.content.decode()
    assert shown[0].overdue


def _first_of_whole(provider, user, limit):
    """What todo_for makes of a provider that is read whole and cut: its items in the list's order, the first few."""
    whole = sorted(provider(user), key=todo._sort_key)
    return [(i.title, i.url, i.due, i.overdue) for i in whole[:limit]], len(whole)


def _as_rows(items):
    return [(i.title, i.url, i.due, i.overdue) for i in items], items.total


@pytest.mark.django_db
def test_the_beredning_queue_builds_only_the_first_items_and_counts_them_all():
    from steeringgroups.constants import ErrandAction, ErrandState, Topic
    from steeringgroups.models import ErrandTransition
    from steeringgroups.todo import beredning_queue
    from tests.steeringgroups.factories import ErrandFactory
    from vudig.core.models import Organisation

    demo_load()
    beredning = get_user_model().objects.get(username="beredning")
    organisation = Organisation.objects.get(slug="socialtjanst")
    now = timezone.now()
    topics = [Topic.DIGITALISERING, Topic.NIS, Topic.EKONOMI_AFFAR, Topic.TILLGANGLIGHET]
    for i in range(3 * HOME_TODO_LIMIT):
        state = (ErrandState.INKOMMEN, ErrandState.UNDER_BEREDNING, ErrandState.ATEROPPNAD)[i % 3]
        errand = ErrandFactory(
            organisation=organisation, submitted_by=beredning, state=state, topic=topics[i % 4],
            created_at=now - dt.timedelta(days=(7 * i) % 90, hours=i),
        )  # fmt: skip
        if i % 4 == 1:  # the komplettering came back: an item whether or not it is late
            ErrandTransition.objects.create(
                errand=errand, action=ErrandAction.ANSWER, from_state=ErrandState.KOMPLETTERING,
                to_state=state, by=beredning,
            )  # fmt: skip
    whole = beredning_queue(beredning)
    assert len(whole) > HOME_TODO_LIMIT + 5 and any(not i.overdue for i in whole) and any(i.overdue for i in whole)
    assert "att ta emot" in whole[0].title
    for limit in (1, 3, HOME_TODO_LIMIT):
        assert _as_rows(beredning_queue(beredning, limit=limit)) == _first_of_whole(beredning_queue, beredning, limit)


@pytest.mark.django_db
def test_the_assessments_to_review_are_read_up_to_the_limit():
    from maturity.constants import AssessmentStatus
    from maturity.models import Assessment, AssessmentRound
    from maturity.todo import assessments_to_review
    from vudig.core.models import Organisation

    demo_load()
    leader = get_user_model().objects.get(username="processledare")
    round = AssessmentRound.objects.order_by("-year").first()
    for i, organisation in enumerate(Organisation.objects.exclude(assessments__round=round).order_by("pk")):
        status = AssessmentStatus.INLAMNAD if i % 2 else AssessmentStatus.GRANSKAD
        Assessment.objects.create(round=round, organisation=organisation, status=status)
    whole = assessments_to_review(leader)
    assert len(whole) > 3
    for limit in (1, 3):
        assert _as_rows(assessments_to_review(leader, limit=limit)) == _first_of_whole(
            assessments_to_review, leader, limit
        )
    assert assessments_to_review(get_user_model().objects.get(username="lasare"), limit=3) == []


@pytest.mark.django_db
def test_the_projects_lapsed_and_ownerless_are_read_up_to_the_limit():
    from projects.constants import ReportState
    from projects.models import FrameProject
    from projects.todo import lapsed_reporting, owners_to_appoint
    from steeringgroups.models import SteeringGroup
    from tests.projects.factories import StatusReportFactory

    demo_load()
    users = {u.username: u for u in get_user_model().objects.all()}
    group = SteeringGroup.objects.first()
    for i in range(8):
        project = FrameProject.objects.create(
            name=f"Projekt {i}", slug=f"projekt-{i}", steering_group=group, order=100 - i % 3,
            owner=users["chef.socialtjanst"] if i % 2 else None,
        )  # fmt: skip
        # two projects per period end: ties on the due date keep the projects' own order
        end = dt.date(2024, 1 + i // 2, 28)
        StatusReportFactory(
            project=project, period_start=end - dt.timedelta(days=90), period_end=end,
            state=ReportState.PUBLICERAD, published_at=timezone.now(),
        )  # fmt: skip
    leader, kommunchef = users["processledare"], users["kommunchef"]
    assert len(lapsed_reporting(leader)) >= 8 and len(owners_to_appoint(kommunchef)) >= 4
    for provider, user in ((lapsed_reporting, leader), (owners_to_appoint, kommunchef)):
        for limit in (1, 3):
            assert _as_rows(provider(user, limit=limit)) == _first_of_whole(provider, user, limit)
    assert lapsed_reporting(kommunchef, limit=3) == [] and owners_to_appoint(leader, limit=3) == []
