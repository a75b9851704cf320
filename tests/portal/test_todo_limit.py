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
