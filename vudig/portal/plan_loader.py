"""Loads a municipality's plan from a YAML data file into the database.

Everything happens in one transaction. Rows are matched on natural keys (slug, name, title) and only saved when
a value differs, so loading the same file twice writes nothing, not even history. A broken file raises
:class:`PlanDataError` naming the file and the entry, and the database is left as it was.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from forums.models import Forum
from maturity.models import CapabilityArea
from measures.constants import MeasureCategory, PlanState, ResultStatus
from measures.models import Measure, MeasureResult, OrganisationPart, Plan
from measures.parts import organisations_for_all
from projects.models import FrameProject
from steeringgroups.models import SteeringGroup
from vudig.core.constants import OrganisationKind
from vudig.core.models import Goal, Obstacle, Organisation, RegulatoryArea

CHANGE_REASON = "Inläst från planens datafil"
DEFAULT_PLAN_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "plan-pitea.yaml"


class PlanDataError(Exception):
    """The data file is broken; the message names the file and the entry."""


@dataclass
class LoadSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, label: str, created: bool | None) -> None:
        if created is None:
            return
        bucket = self.created if created else self.updated
        bucket[label] = bucket.get(label, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


class _Loader:
    def __init__(self, path: Path, *, update: bool = False):
        self.path = path
        self.update = update
        self.summary = LoadSummary()

    # -- helpers -------------------------------------------------------------------------------------------
    def fail(self, where: str, problem: str):
        raise PlanDataError(f"{self.path}: {where}: {problem}")

    def require(self, entry, key: str, where: str, *, allow_empty=False, kind=str):
        if not isinstance(entry, dict):
            self.fail(where, "posten måste vara en mappning med nycklar")
        if key not in entry:
            self.fail(where, f"nyckeln '{key}' saknas")
        value = entry[key]
        if value is None and allow_empty:
            return None
        if not isinstance(value, kind) or (kind is str and not value.strip() and not allow_empty):
            self.fail(where, f"'{key}' måste vara {'en text' if kind is str else kind.__name__} och får inte vara tom")
        return value.strip() if isinstance(value, str) else value

    def optional(self, entry, key: str, where: str) -> str:
        value = entry.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(where, f"'{key}' måste vara en text")
        return value.strip()

    def section(self, data: dict, key: str) -> list:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            self.fail(key, "avsnittet saknas eller är tomt")
        return value

    def upsert(self, model, where: str, lookup: dict, values: dict):
        """Create a missing row; with update=True also overwrite a differing one. Saves only when something differs.

        Without update, rows that exist are left as they are: they belong to the portal now (the process leader may
        have changed a status or a text), and `make serve` runs the loader every time.
        """
        obj = model.objects.filter(**lookup).first()
        created = obj is None
        self.last_created = created
        if created:
            obj = model(**lookup)
        elif not self.update:
            return obj
        changed = created
        for name, value in values.items():
            if created or getattr(obj, name) != value:
                setattr(obj, name, value)
                changed = True
        if not changed:
            return obj
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            self.fail(where, problems)
        if not created and hasattr(obj, "version"):
            obj.version += 1  # an open form on the old values must now be refused as stale
        obj._change_reason = CHANGE_REASON
        obj.save()
        self.summary.count(model._meta.verbose_name_plural, created)
        return obj

    def set_many(self, obj, field_name: str, targets: list) -> None:
        """Set a many-to-many field of a row just created (or, with update, one that differs)."""
        if not (self.last_created or self.update):
            return
        manager = getattr(obj, field_name)
        if {t.pk for t in targets} != set(manager.values_list("pk", flat=True)):
            obj._change_reason = CHANGE_REASON
            manager.set(targets)
            self.summary.count(obj._meta.verbose_name_plural, False)

    # -- sections ------------------------------------------------------------------------------------------
    def run(self, data) -> LoadSummary:
        if not isinstance(data, dict):
            self.fail("filen", "måste börja med en mappning av avsnitt (organisations, goals, …)")
        self.organisations(data)
        goals = self.goals(data)
        groups = self.steering_groups(data, goals)
        self.capability_areas(data)
        self.numbered(data, "obstacles", Obstacle)
        self.numbered(data, "regulatory_areas", RegulatoryArea)
        self.forums(data, groups)
        measures = self.plans(data)
        self.projects(data, groups, measures)
        return self.summary

    def organisations(self, data):
        kinds = set(OrganisationKind.values)
        for i, entry in enumerate(self.section(data, "organisations")):
            where = f"organisations[{i}]"
            name = self.require(entry, "name", where)
            kind = self.require(entry, "kind", where)
            if kind not in kinds:
                self.fail(f"{where} ({name})", f"okänd typ '{kind}', tillåtna: {', '.join(sorted(kinds))}")
            self.upsert(
                Organisation,
                f"{where} ({name})",
                {"slug": slugify(name)},
                {"name": name, "short_name": self.optional(entry, "short_name", where), "kind": kind, "order": i},
            )

    def goals(self, data) -> dict[str, Goal]:
        goals = {}
        for i, entry in enumerate(self.section(data, "goals")):
            where = f"goals[{i}]"
            motto = self.require(entry, "motto", where)
            goals[motto] = self.upsert(
                Goal,
                f"{where} ({motto})",
                {"slug": slugify(motto)},
                {
                    "motto": motto,
                    "title": self.require(entry, "title", where),
                    "description": self.optional(entry, "description", where),
                    "order": i,
                },
            )
        return goals

    def steering_groups(self, data, goals) -> dict[str, SteeringGroup]:
        groups = {}
        for i, entry in enumerate(self.section(data, "steering_groups")):
            where = f"steering_groups[{i}]"
            slug = self.require(entry, "slug", where)
            goal_motto = self.require(entry, "goal", where, allow_empty=True)
            if goal_motto is not None and goal_motto not in goals:
                self.fail(f"{where} ({slug})", f"målet '{goal_motto}' finns inte under goals")
            groups[slug] = self.upsert(
                SteeringGroup,
                f"{where} ({slug})",
                {"slug": slug},
                {
                    "name": self.require(entry, "name", where),
                    "focus": self.require(entry, "focus", where),
                    "area_of_responsibility": self.require(entry, "area_of_responsibility", where),
                    "motto": self.require(entry, "motto", where),
                    "goal": goals.get(goal_motto) if goal_motto else None,
                    "order": i,
                },
            )
        return groups

    def capability_areas(self, data):
        for i, entry in enumerate(self.section(data, "capability_areas")):
            where = f"capability_areas[{i}]"
            slug = self.require(entry, "slug", where)
            self.upsert(
                CapabilityArea,
                f"{where} ({slug})",
                {"slug": slug},
                {
                    "name": self.require(entry, "name", where),
                    "capability": self.require(entry, "capability", where),
                    "order": i,
                },
            )

    def numbered(self, data, key, model):
        for i, text in enumerate(self.section(data, key)):
            where = f"{key}[{i}]"
            if not isinstance(text, str) or not text.strip():
                self.fail(where, "måste vara en text som inte är tom")
            self.upsert(model, where, {"number": i + 1}, {"text": text.strip()})

    def forums(self, data, groups):
        for i, entry in enumerate(self.section(data, "forums")):
            where = f"forums[{i}]"
            name = self.require(entry, "name", where)
            feeds = entry.get("feeds") or []
            if not isinstance(feeds, list) or any(slug not in groups for slug in feeds):
                self.fail(
                    f"{where} ({name})", f"'feeds' måste vara en lista av styrgrupper under steering_groups: {feeds}"
                )
            forum = self.upsert(
                Forum,
                f"{where} ({name})",
                {"slug": slugify(name)},
                {
                    "name": name,
                    "purpose": self.require(entry, "purpose", where),
                    "responsible": self.require(entry, "responsible", where),
                    "order": i,
                },
            )
            self.set_many(forum, "feeds", [groups[slug] for slug in feeds])

    def plans(self, data) -> dict[str, Measure]:
        organisations_by_short = {o.short_name: o for o in Organisation.objects.exclude(short_name="")}
        organisations_by_name = {o.name: o for o in Organisation.objects.all()}
        statuses, states, categories = set(ResultStatus.values), set(PlanState.values), set(MeasureCategory.values)
        effect_measures: dict[str, Measure] = {}
        for p, entry in enumerate(self.section(data, "plans")):
            where = f"plans[{p}]"
            slug = self.require(entry, "slug", where)
            state = self.require(entry, "state", where)
            if state not in states:
                self.fail(f"{where} ({slug})", f"okänt planläge '{state}', tillåtna: {', '.join(sorted(states))}")
            plan = self.upsert(
                Plan,
                f"{where} ({slug})",
                {"slug": slug},
                {
                    "title": self.require(entry, "title", where),
                    "description": self.optional(entry, "description", where),
                    "state": state,
                    "order": p,
                },
            )
            measure_entries = entry.get("measures")
            if not isinstance(measure_entries, list):
                self.fail(f"{where} ({slug})", "'measures' måste vara en lista")
            for m, m_entry in enumerate(measure_entries):
                m_where = f"{where}.measures[{m}]"
                title = self.require(m_entry, "title", m_where)
                m_where = f"{m_where} ({title})"
                category = self.require(m_entry, "category", m_where, allow_empty=True) or ""
                if category and category not in categories:
                    self.fail(m_where, f"okänd typ av åtgärd '{category}', tillåtna: {', '.join(sorted(categories))}")
                responsible = self.require(m_entry, "responsible", m_where)
                organisation = organisations_by_short.get(responsible) or organisations_by_name.get(responsible)
                measure = self.upsert(
                    Measure,
                    m_where,
                    {"plan": plan, "title": title},
                    {
                        "responsible": responsible,
                        "responsible_organisation": organisation,
                        "category": category,
                        "description": self.optional(m_entry, "description", m_where),
                        "order": m,
                    },
                )
                if category == MeasureCategory.EFFECT:
                    effect_measures[title] = measure
                results = m_entry.get("results") or []
                if not isinstance(results, list):
                    self.fail(m_where, "'results' måste vara en lista")
                for r, r_entry in enumerate(results):
                    r_where = f"{m_where}.results[{r}]"
                    r_title = self.require(r_entry, "title", r_where)
                    status = self.require(r_entry, "status", r_where)
                    if status not in statuses:
                        self.fail(
                            f"{r_where} ({r_title})",
                            f"okänd status '{status}', tillåtna: {', '.join(ResultStatus.values)}",
                        )
                    result = self.upsert(
                        MeasureResult,
                        f"{r_where} ({r_title})",
                        {"measure": measure, "title": r_title},
                        {"status": status, "order": r},
                    )
                    self.carried_by(r_entry, f"{r_where} ({r_title})", measure, result)
        return effect_measures

    def carried_by(self, entry, where: str, measure: Measure, result: MeasureResult) -> None:
        """``carried_by: all``: every förvaltning and bolag gets its (unreported) part of the result, once."""
        carried = entry.get("carried_by")
        if carried is None:
            return
        if carried != "all":
            self.fail(where, f"'carried_by' kan bara vara 'all', inte '{carried}'")
        have = set(OrganisationPart.objects.filter(result=result).values_list("organisation_id", flat=True))
        for organisation in organisations_for_all():
            if organisation.pk in have:
                continue
            part = OrganisationPart(measure=measure, result=result, organisation=organisation)
            part._change_reason = CHANGE_REASON
            part.save()
            self.summary.count(OrganisationPart._meta.verbose_name_plural, True)

    def projects(self, data, groups, measures):
        for i, entry in enumerate(self.section(data, "projects")):
            where = f"projects[{i}]"
            slug = self.require(entry, "slug", where)
            where = f"{where} ({slug})"
            group_slug = self.require(entry, "steering_group", where)
            if group_slug not in groups:
                self.fail(where, f"styrgruppen '{group_slug}' finns inte under steering_groups")
            measure_title = self.require(entry, "measure", where, allow_empty=True)
            measure = None
            if measure_title is not None:
                measure = measures.get(measure_title)
                if measure is None:
                    self.fail(where, f"åtgärden '{measure_title}' finns inte som effektåtgärd under plans")
            self.upsert(
                FrameProject,
                where,
                {"slug": slug},
                {
                    "name": self.require(entry, "name", where),
                    "steering_group": groups[group_slug],
                    "measure": measure,
                    "purpose": self.require(entry, "purpose", where),
                    "assignment": self.require(entry, "assignment", where),
                    "implementation": self.require(entry, "implementation", where),
                    "goals": self.require(entry, "goals", where),
                    "order": i,
                },
            )


def plan_load(*, path: Path | str = DEFAULT_PLAN_FILE, update: bool = False) -> LoadSummary:
    """Load the plan data file in one transaction; idempotent; PlanDataError leaves the database untouched.

    Missing rows are created; existing ones are overwritten from the file only with update=True.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PlanDataError(f"{path}: filen kan inte läsas: {exc.strerror or exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PlanDataError(f"{path}: filen är inte giltig YAML: {exc}") from exc
    with transaction.atomic():
        return _Loader(path, update=update).run(data)


# -- the plan document (/planen/) --------------------------------------------------------------------------------
# The decided plan as a document, read from the same data file: its sections in order, with the tables the file
# already holds (goals, measures, steering groups, …) taken from their own sections so each text is written once.
# Nothing here is stored in the database: the document is what was decided, the database is the follow-up.

DOCUMENT_DATA_KEYS = {
    "goals",
    "previous_measures",
    "development_measures",
    "steering_groups",
    "forums",
    "capability_areas",
    "obstacles",
    "regulatory_areas",
    "figure_1",
    "projects",
}


@dataclass(frozen=True)
class DocumentSection:
    id: str
    heading: str  # "" where the plan has none (its opening text)
    level: int  # 2 for a top section, 3 for its subsections, …
    blocks: tuple[dict, ...]
    sections: tuple[DocumentSection, ...]
    measure: str  # the development measure this section describes, or ""


@dataclass(frozen=True)
class PlanDocument:
    title: str
    plan: str  # slug of the plan this document decided
    previous_plan: str  # slug of the plan holding the earlier measures the document's table reports on
    sections: tuple[DocumentSection, ...]
    data: dict  # the file's own sections the `data` blocks render

    def walk(self):
        """Every section, depth first, in the document's order."""
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.sections))


class _DocumentReader:
    def __init__(self, path: Path):
        self.path = path
        self.ids: set[str] = set()

    def fail(self, where: str, problem: str):
        raise PlanDataError(f"{self.path}: {where}: {problem}")

    def text(self, value, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "måste vara en text som inte är tom")
        return value.strip()

    def items(self, value, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            self.fail(where, "måste vara en lista som inte är tom")
        return tuple(self.text(v, f"{where}[{i}]") for i, v in enumerate(value))

    def block(self, entry, where: str) -> dict:
        if not isinstance(entry, dict) or len({"p", "ul", "ol", "table", "data"} & set(entry)) != 1:
            self.fail(where, "ett block har exakt en av nycklarna p, ul, ol, table eller data")
        if "p" in entry:
            return {"kind": "p", "text": self.text(entry["p"], where)}
        if "ul" in entry or "ol" in entry:
            kind = "ul" if "ul" in entry else "ol"
            return {"kind": kind, "items": self.items(entry[kind], f"{where}.{kind}")}
        if "table" in entry:
            table = entry["table"]
            if not isinstance(table, dict):
                self.fail(where, "'table' måste vara en mappning med caption, head och rows")
            head = self.items(table.get("head"), f"{where}.table.head")
            rows = table.get("rows")
            if not isinstance(rows, list) or not rows:
                self.fail(f"{where}.table", "'rows' måste vara en lista som inte är tom")
            cells = []
            for r, row in enumerate(rows):
                row_cells = self.items(row, f"{where}.table.rows[{r}]")
                if len(row_cells) != len(head):
                    self.fail(f"{where}.table.rows[{r}]", f"raden har {len(row_cells)} celler, rubriken {len(head)}")
                cells.append(row_cells)
            caption = self.text(table.get("caption"), f"{where}.table.caption")
            return {"kind": "table", "caption": caption, "head": head, "rows": tuple(cells)}
        key = entry["data"]
        if key not in DOCUMENT_DATA_KEYS:
            self.fail(where, f"okänd data '{key}', tillåtna: {', '.join(sorted(DOCUMENT_DATA_KEYS))}")
        caption = entry.get("caption")
        return {"kind": "data", "key": key, "caption": self.text(caption, f"{where}.caption") if caption else ""}

    def section(self, entry, where: str, level: int) -> DocumentSection:
        if not isinstance(entry, dict):
            self.fail(where, "ett avsnitt måste vara en mappning")
        section_id = self.text(entry.get("id"), f"{where}.id")
        if section_id in self.ids:
            self.fail(where, f"id '{section_id}' finns redan")
        self.ids.add(section_id)
        heading = entry.get("heading")
        blocks = entry.get("blocks") or []
        subsections = entry.get("sections") or []
        if not isinstance(blocks, list) or not isinstance(subsections, list) or not (blocks or subsections):
            self.fail(where, "ett avsnitt behöver 'blocks' eller 'sections' (listor)")
        return DocumentSection(
            id=section_id,
            heading=self.text(heading, f"{where}.heading") if heading is not None else "",
            level=level,
            blocks=tuple(self.block(b, f"{where}.blocks[{i}]") for i, b in enumerate(blocks)),
            sections=tuple(self.section(s, f"{where}.sections[{i}]", level + 1) for i, s in enumerate(subsections)),
            measure=(entry.get("measure") or "").strip(),
        )


def plan_document_load(*, path: Path | str = DEFAULT_PLAN_FILE) -> PlanDocument:
    """The decided plan as a document (cached until the file changes); PlanDataError names a broken entry."""
    path = Path(path)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise PlanDataError(f"{path}: filen kan inte läsas: {exc.strerror or exc}") from exc
    return _plan_document_cached(str(path), mtime)


@functools.lru_cache(maxsize=4)
def _plan_document_cached(path_text: str, _mtime: int) -> PlanDocument:
    path = Path(path_text)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PlanDataError(f"{path}: filen kan inte läsas som YAML: {exc}") from exc
    document = data.get("document") if isinstance(data, dict) else None
    if not isinstance(document, dict):
        raise PlanDataError(f"{path}: document: avsnittet saknas")
    reader = _DocumentReader(path)
    sections = document.get("sections")
    if not isinstance(sections, list) or not sections:
        reader.fail("document.sections", "avsnittet saknas eller är tomt")
    plans = {p.get("slug"): p for p in data.get("plans") or [] if isinstance(p, dict)}
    plan_slug = reader.text(document.get("plan"), "document.plan")
    previous_slug = reader.text(document.get("previous_plan"), "document.previous_plan")
    for where, slug in (("document.plan", plan_slug), ("document.previous_plan", previous_slug)):
        if slug not in plans:
            reader.fail(where, f"planen '{slug}' finns inte under plans")
    parsed = tuple(reader.section(s, f"document.sections[{i}]", 2) for i, s in enumerate(sections))
    measure_titles = {m.get("title") for m in plans[plan_slug].get("measures") or []}
    result = PlanDocument(
        title=reader.text(document.get("title"), "document.title"),
        plan=plan_slug,
        previous_plan=previous_slug,
        sections=parsed,
        data={
            "goals": data.get("goals") or [],
            "previous_measures": plans[previous_slug].get("measures") or [],
            "development_measures": plans[plan_slug].get("measures") or [],
            "steering_groups": data.get("steering_groups") or [],
            "forums": data.get("forums") or [],
            "capability_areas": data.get("capability_areas") or [],
            "obstacles": data.get("obstacles") or [],
            "regulatory_areas": data.get("regulatory_areas") or [],
            "organisations": data.get("organisations") or [],
            "projects": data.get("projects") or [],
        },
    )
    for section in result.walk():
        if section.measure and section.measure not in measure_titles:
            reader.fail(f"document ({section.id})", f"åtgärden '{section.measure}' finns inte i planen '{plan_slug}'")
    return result
