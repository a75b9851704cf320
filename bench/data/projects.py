"""Bench data for the frame projects: copies of the four, each under its copy's steering group and measure."""

from __future__ import annotations

import random

from bench.builders import Builder, bulk_with_history, process_leader, register
from measures.models import Measure
from projects.models import FrameProject
from steeringgroups.models import SteeringGroup


def build_projects(scale: int, rng: random.Random) -> dict[str, int]:
    """N-1 copies of the four frame projects, each under its copy's steering group and measure."""
    base = list(FrameProject.objects.select_related("steering_group").order_by("pk"))
    groups = SteeringGroup.objects.in_bulk(field_name="slug")
    measure_titles = dict(Measure.objects.values_list("pk", "title"))
    plan_of = dict(Measure.objects.values_list("pk", "plan_id"))
    by_plan_title = {(plan_of[pk], title): pk for pk, title in measure_titles.items()}
    projects = []
    for k in range(2, scale + 1):
        for p in base:
            group_slug = f"{p.steering_group.slug}-k{k}"
            measure_id = None
            if p.measure_id:
                measure_id = by_plan_title.get((plan_of[p.measure_id], f"K{k}: {measure_titles[p.measure_id]}"[:300]))
            projects.append(
                FrameProject(
                    name=f"{p.name} (kommun {k})",
                    slug=f"{p.slug}-k{k}",
                    measure_id=measure_id,
                    steering_group=groups.get(group_slug, p.steering_group),
                    purpose=p.purpose,
                    assignment=p.assignment,
                    implementation=p.implementation,
                    goals=p.goals,
                    order=1000 * k + p.order,
                )
            )
    projects = bulk_with_history(projects, FrameProject, process_leader())
    return {"frame projects": len(projects)}


register(Builder(name="projects", build=build_projects, order=30))
