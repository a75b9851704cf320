"""Factories for frame-project work (the four frame projects themselves come from the plan fixture)."""

import datetime

import factory

from projects.constants import DevelopmentStatus, GoalStatus, ReportState, TrafficLight
from projects.models import DevelopmentProject, ProjectGoal, StatusReport
from tests.factories import UserFactory


class ProjectGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectGoal

    title = factory.Sequence(lambda n: f"Projektmål {n}")
    status = GoalStatus.FORSLAG
    order = factory.Sequence(lambda n: n)


class DevelopmentProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DevelopmentProject

    name = factory.Sequence(lambda n: f"Utvecklingsprojekt {n}")
    owner = "Anna Andersson"
    status = DevelopmentStatus.PAGAR


class StatusReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusReport

    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 3, 31)
    overall_status = TrafficLight.GRON
    done = "Kartläggning klar."
    next_steps = "Projektplan till styrgruppen."
    author = factory.SubFactory(UserFactory)
    state = ReportState.UTKAST
