"""Sample frame-project activity for the demo (LOCAL USE ONLY); safe to run again, it only adds what is missing."""

from __future__ import annotations

import datetime

from vudig.core import demo

from . import services
from .constants import ProjectPhase, TrafficLight
from .models import FrameProject

DEMO_PROJECT = "intern-digitalisering"
DEMO_OWNER = "chef.socialtjanst"
DEMO_DEVELOPMENT_PROJECTS = [
    ("Digital signering", "Sara Socialchef", "pagar", "Införande av digital signering i Socialtjänst."),
    ("Nytt intranät", "Kommunikationsenheten", "planerat", "Intranätet flyttas till M365."),
]
DEMO_GOALS = [
    ("Gemensam internkommunikation i M365 och intranät", "faststallt"),
    ("Fem interna processer digitaliserade med e-tjänst och digital signering", "forslag"),
]


@demo.register
def load(users: dict) -> None:
    """Intern digitalisering: an appointed line manager, two development projects, goals and a published report."""
    project = FrameProject.objects.filter(slug=DEMO_PROJECT).first()
    if project is None:
        return
    leader, chef, owner = users["processledare"], users["kommunchef"], users[DEMO_OWNER]
    if project.owner_id is None:
        project = services.project_appoint_owner(
            project=project, owner=owner, by=chef, expected_version=project.version
        )
    if project.phase == ProjectPhase.RAMPROJEKT:
        services.project_move_phase(
            project=project, to_phase=ProjectPhase.PLANERING, by=leader, expected_version=project.version
        )
        project.refresh_from_db()
    if not project.reference_group:
        services.project_update(
            project=project,
            by=leader,
            expected_version=project.version,
            reference_group="Lars Läsare, medarbetarrepresentant\nHR-avdelningen\nKommunikationsenheten",
        )
    existing = set(project.development_projects.values_list("name", flat=True))
    for name, item_owner, status, description in DEMO_DEVELOPMENT_PROJECTS:
        if name not in existing:
            services.development_project_create(
                project=project, by=leader, name=name, owner=item_owner, status=status, description=description
            )
    titles = set(project.project_goals.values_list("title", flat=True))
    for title, status in DEMO_GOALS:
        if title not in titles:
            services.goal_create(project=project, by=leader, title=title, status=status)
    if not project.status_reports.filter(author=owner).exists():
        report = services.status_report_create(
            project=project,
            by=owner,
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 3, 31),
            overall_status=TrafficLight.GUL,
            done="• Referensgruppen är bildad.\n• Pågående utvecklingsprojekt är kartlagda och kopplade.",
            next_steps="• Förfina projektmålen.\n• Ta fram projektplan till styrgruppen.",
            risks="Förvaltningarnas tid för planeringen är knapp under våren.",
        )
        services.status_report_publish(report=report, by=owner, expected_version=report.version)
