import uuid
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vudig.core.choices import ChoiceLabelsMixin
from vudig.core.models import StoredFile

from .constants import (
    BEREDNING_STATES,
    CLOSED_STATES,
    GROUP_QUEUE_STATES,
    GROUP_STATES,
    SUBMITTER_STATES,
    TOPIC_RULES,
    AgendaKind,
    DecisionKind,
    ErrandAction,
    ErrandState,
    FollowUpStatus,
    ItemOutcome,
    MeetingState,
    Presence,
    SignerRole,
    Topic,
    Urgency,
)
from .rules import visible_errands


class SteeringGroup(models.Model):
    """One of the three central steering groups (extern, intern digitalisering, IT-miljö och infrastruktur)."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    focus = models.CharField(_("inriktning"), max_length=100)
    area_of_responsibility = models.CharField(_("ansvarsområde"), max_length=300)
    motto = models.CharField(_("ledord"), max_length=100)
    goal = models.ForeignKey(
        "core.Goal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steering_groups",
        verbose_name=_("prioriterat mål"),
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("styrgrupp")
        verbose_name_plural = _("styrgrupper")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("steeringgroups:detail", kwargs={"slug": self.slug})


class ErrandQuerySet(models.QuerySet):
    def for_user(self, user):
        """The ärenden this person may read (the rule errand.view, in steeringgroups/rules.py)."""
        return visible_errands(user, self)

    def open(self):
        return self.exclude(state__in=CLOSED_STATES)

    def in_beredning(self):
        return self.filter(state__in=BEREDNING_STATES | SUBMITTER_STATES)

    def in_group_queue(self, group):
        return self.filter(steering_group=group, state__in=GROUP_QUEUE_STATES | {ErrandState.PA_DAGORDNING})

    def prioritised(self):
        return self.order_by("urgency", "created_at", "pk")


class Errand(ChoiceLabelsMixin, models.Model):
    """An ärende: a question from a verksamhet to the steering groups, prepared by the beredning."""

    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"))
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="errands",
        verbose_name=_("för organisation"),
    )
    topic = models.CharField(_("ämne"), max_length=40, choices=Topic.choices)
    urgency = models.PositiveSmallIntegerField(_("prioritet"), choices=Urgency.choices, default=Urgency.NORMAL)
    wanted_by = models.DateField(_("önskat svar senast"), null=True, blank=True)
    forum = models.ForeignKey(
        "forums.Forum",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="errands",
        verbose_name=_("forum där frågan kom upp"),
    )
    measures = models.ManyToManyField(
        "measures.Measure", blank=True, related_name="errands", verbose_name=_("berörda åtgärder")
    )
    projects = models.ManyToManyField(
        "projects.FrameProject", blank=True, related_name="errands", verbose_name=_("berörda ramprojekt")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="errands", verbose_name=_("inskickat av")
    )
    state = models.CharField(_("status"), max_length=20, choices=ErrandState.choices, default=ErrandState.INKOMMEN)
    steering_group = models.ForeignKey(
        SteeringGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="errands",
        verbose_name=_("styrgrupp"),
    )
    moved_count = models.PositiveIntegerField(_("antal flyttar"), default=0)
    sent_back_count = models.PositiveIntegerField(_("antal gånger tillbakaskickat"), default=0)
    tabled_count = models.PositiveIntegerField(_("antal bordläggningar"), default=0)
    proposed_decision = models.TextField(
        _("förslag till beslut"),
        blank=True,
        help_text=_("Beredningens förslag, som ordföranden ser på dagordningen."),
    )
    created_at = models.DateTimeField(_("inkommen"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ErrandQuerySet.as_manager()

    class Meta:
        ordering = ["urgency", "created_at", "pk"]
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        indexes = [models.Index(fields=["state", "steering_group"])]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("steeringgroups:errand_detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        return self.reference_of(self.pk)

    @staticmethod
    def reference_of(pk: int) -> str:
        """The reference of the ärende with this id, for lists read as rows (no instance needed)."""
        return f"Ä-{pk}"

    @property
    def target_date(self):
        return self.target_date_for(created_at=self.created_at, topic=self.topic)

    @staticmethod
    def target_date_for(*, created_at, topic: str):
        """The day an ärende of ``topic`` sent in at ``created_at`` should be through beredning (plain rows too)."""
        return timezone.localdate(created_at) + timedelta(days=TOPIC_RULES[topic].target_days)

    @property
    def days_open(self) -> int:
        end = self.closed_at or timezone.now()
        return max((end - self.created_at).days, 0)

    @property
    def is_open(self) -> bool:
        return self.state not in CLOSED_STATES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.state != ErrandState.BESLUTAD and timezone.localdate() > self.target_date

    def holder_for(self, user) -> str:
        """Who has the ball now, in words that fit the reader (the submitter, the beredning, a group member)."""
        from vudig.core.rules import roles_of

        r = roles_of(user)
        mine = r.authenticated and self.submitted_by_id == r.user_id
        if self.state in BEREDNING_STATES:
            return str(_("Du (beredningen)")) if r.is_beredning else str(_("Beredningen"))
        if self.state in SUBMITTER_STATES:
            if mine:
                return str(_("Du som skickade in (komplettering begärd)"))
            return str(_("Den som skickade in (komplettering begärd)"))
        if self.state in GROUP_STATES and self.steering_group_id:
            if r.in_group(self.steering_group_id):
                return str(_("Din styrgrupp, %(group)s") % {"group": self.steering_group})
            return str(self.steering_group)
        return str(_("Ingen (ärendet är stängt)"))

    @property
    def holder(self) -> str:
        """Who has the ball now, in words for the submitter."""
        if self.state in BEREDNING_STATES:
            return str(_("Beredningen"))
        if self.state in SUBMITTER_STATES:
            return str(_("Du som skickade in (komplettering begärd)"))
        if self.state in GROUP_STATES and self.steering_group_id:
            return str(self.steering_group)
        return str(_("Ingen (ärendet är stängt)"))


class ErrandTransition(models.Model):
    """One change of state: who, when, what and why. Written by errand_transition and nothing else."""

    errand = models.ForeignKey(Errand, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("händelse"), max_length=20, choices=ErrandAction.choices)
    from_state = models.CharField(_("från"), max_length=20, choices=ErrandState.choices, blank=True)
    to_state = models.CharField(_("till"), max_length=20, choices=ErrandState.choices)
    from_group = models.ForeignKey(SteeringGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_group = models.ForeignKey(SteeringGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("av"))
    at = models.DateTimeField(_("när"), default=timezone.now)
    reason = models.TextField(_("motivering"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("händelse i ärende")
        verbose_name_plural = _("händelser i ärenden")

    def __str__(self):
        return f"{self.errand.reference}: {self.get_action_display()}"


def _attachment_path(instance, filename):
    # The stored name is generated; the person's file name is kept only as display text (original_name).
    return f"errands/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Attachment(StoredFile):
    """A file attached to an ärende; stored under MEDIA_ROOT (never served directly), read through a view."""

    errand = models.ForeignKey(Errand, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=200)

    class Meta(StoredFile.Meta):
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")

    def get_absolute_url(self):
        return reverse("steeringgroups:attachment", kwargs={"pk": self.pk})


class MeetingQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(date__gte=timezone.localdate())


class Meeting(models.Model):
    """A steering-group meeting: its agenda, the decisions taken and, once justerat, a frozen protocol."""

    steering_group = models.ForeignKey(
        SteeringGroup, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("styrgrupp")
    )
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("börjar"), default=time(13, 0))
    end_time = models.TimeField(_("slutar"), default=time(15, 0))
    place = models.CharField(_("plats"), max_length=200, blank=True)
    link = models.URLField(_("länk till mötet"), max_length=300, blank=True)
    agenda_deadline = models.DateField(
        _("sista dag för punkter"),
        null=True,
        blank=True,
        help_text=_("Därefter lägger bara ordföranden till punkter."),
    )
    state = models.CharField(_("status"), max_length=20, choices=MeetingState.choices, default=MeetingState.PLANERAT)
    called_at = models.DateTimeField(_("kallelse skickad"), null=True, blank=True)
    # Counts kallelser and their updates (moved, cancelled): part of the e-mail keys, so each round is sent once.
    notice_round = models.PositiveIntegerField(default=0, editable=False)
    started_at = models.DateTimeField(_("mötet öppnat"), null=True, blank=True)
    closed_at = models.DateTimeField(_("mötet avslutat"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ordförande"),
    )
    justering_deadline = models.DateField(_("justeras senast"), null=True, blank=True)
    cancelled_reason = models.TextField(_("skäl till inställt möte"), blank=True)
    adjuncts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("adjungerade")
    )
    frozen_at = models.DateTimeField(_("protokollet justerat"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    protocol_pdf = models.FileField(upload_to="protocols/", max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("styrgruppsmöte")
        verbose_name_plural = _("styrgruppsmöten")
        constraints = [models.UniqueConstraint(fields=["steering_group", "date"], name="one_meeting_per_group_day")]

    def __str__(self):
        return f"{self.steering_group} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("steeringgroups:meeting", kwargs={"pk": self.pk})

    @property
    def is_frozen(self) -> bool:
        return self.state == MeetingState.JUSTERAT

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.start_time))

    @property
    def ends_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.end_time))

    @property
    def is_recording(self) -> bool:
        """Decisions, attendance and minutes are recorded only while the meeting is on."""
        return self.state == MeetingState.PAGAR


class Attendance(models.Model):
    """Who was at a meeting, and as what; recorded by the chair while the meeting is on."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    presence = models.CharField(_("närvaro"), max_length=20, choices=Presence.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__last_name", "person__first_name", "pk"]
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_meeting")]

    def __str__(self):
        return f"{self.person}: {self.get_presence_display()}"


class ProtocolSigner(models.Model):
    """The chair or an elected justerare of a meeting's protocol, and when they confirmed it (digital justering)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="signers")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    role = models.CharField(_("roll"), max_length=20, choices=SignerRole.choices)
    confirmed_at = models.DateTimeField(_("justerat"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "role", "pk"]
        verbose_name = _("justerare")
        verbose_name_plural = _("justerare")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="signer_once_per_meeting")]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class AgendaItem(models.Model):
    """One point on a meeting's agenda: a standing item or an ärende from the group's queue."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("ordning"))
    kind = models.CharField(_("slag"), max_length=20, choices=AgendaKind.choices, default=AgendaKind.FREE)
    title = models.CharField(_("punkt"), max_length=200)
    errand = models.ForeignKey(
        Errand, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items", verbose_name=_("ärende")
    )
    status_report = models.ForeignKey(
        "projects.StatusReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lägesrapport"),
    )
    presenter = models.CharField(_("föredragande"), max_length=200, blank=True)
    outcome = models.CharField(_("utfall"), max_length=20, choices=ItemOutcome.choices, default=ItemOutcome.PENDING)
    notes = models.TextField(_("anteckning"), blank=True)  # the reason for a tabling or an återremiss
    minutes = models.TextField(_("protokollsanteckning"), blank=True)
    # The § number: given when the meeting opens, running per group and calendar year. The group and year are kept
    # on the item so the database itself refuses a second §12 of a group's year (two chairs recording at once).
    paragraph = models.PositiveIntegerField(_("§"), null=True, blank=True)
    paragraph_group = models.ForeignKey(
        SteeringGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    paragraph_year = models.PositiveIntegerField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("dagordningspunkt")
        verbose_name_plural = _("dagordningspunkter")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "errand"], condition=models.Q(errand__isnull=False), name="errand_once_per_meeting"
            ),
            models.UniqueConstraint(
                fields=["paragraph_group", "paragraph_year", "paragraph"],
                condition=models.Q(paragraph__isnull=False),
                name="paragraph_once_per_group_year",
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.title}"

    @property
    def label(self) -> str:
        """ "§ 12" once numbered, else the place on the agenda ("punkt 3")."""
        if self.paragraph:
            return f"§ {self.paragraph}"
        return str(_("punkt %(n)s") % {"n": self.order})

    @property
    def is_handled(self) -> bool:
        return self.outcome != ItemOutcome.PENDING


class DecisionQuerySet(models.QuerySet):
    def register(self):
        """With ``is_gate``: a project's gate into genomförande cites the decision (a § of the group, or a gate).

        Joins only what a row's reference and "concerns" read: each further join multiplies PostgreSQL's join search
        (with meeting and agenda item the register's page query planned in 25–40 ms, without them in 2 ms; issue 19).
        """
        from projects.models import PhaseChange

        return (
            self.select_related("errand", "steering_group", "project", "plan", "measure")
            .annotate(is_gate=models.Exists(PhaseChange.objects.filter(decision=models.OuterRef("pk"))))
            .order_by("-decided_on", "-pk")
        )

    def of_year(self, year: int):
        return self.filter(decided_on__year=year)


class Decision(ChoiceLabelsMixin, models.Model):
    """One beslut in the register: a steering group's § at a meeting, a gate into genomförande, or a plan decision.

    A steering-group decision names its meeting and agenda item (its §); what it concerns is the ärende, project,
    plan or measure it names.
    """

    kind = models.CharField(_("slag"), max_length=10, choices=DecisionKind.choices, default=DecisionKind.MOTE)
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )
    errand = models.ForeignKey(
        Errand, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions", verbose_name=_("ärende")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions", verbose_name=_("möte")
    )
    steering_group = models.ForeignKey(
        SteeringGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("styrgrupp"),
    )
    project = models.ForeignKey(
        "projects.FrameProject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("ramprojekt"),
    )
    plan = models.ForeignKey(
        "measures.Plan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("plan"),
    )
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("åtgärd"),
    )
    decided_body = models.CharField(_("beslutande"), max_length=200, blank=True)  # e.g. KLG, kommunchef
    dnr = models.CharField(_("diarienummer"), max_length=60, blank=True)
    paragraph = models.PositiveIntegerField(_("§"), null=True, blank=True)
    text = models.TextField(_("beslut"))
    follow_up_owner = models.CharField(_("ansvarig för uppföljning"), max_length=200, blank=True)
    follow_up_date = models.DateField(_("följs upp senast"), null=True, blank=True)
    decided_on = models.DateField(_("beslutsdatum"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        # The register's order: its first page (LIMIT 50) reads the index instead of joining and sorting every
        # decision (372 ms at scale 100 in EXPLAIN ANALYZE, issue 19); a year filter is a range on it.
        indexes = [models.Index(fields=["-decided_on", "-id"], name="sg_decision_register_order")]
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")

    def __str__(self):
        return f"{self.reference}: {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("steeringgroups:decision", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        """How the decision is cited: "Extern digitalisering 2026 § 12", or the dnr of a plan decision."""
        return self.reference_of(
            kind=self.kind,
            paragraph=self.paragraph,
            steering_group_name=self.steering_group.name if self.steering_group_id else None,
            decided_on=self.decided_on,
            dnr=self.dnr,
            decided_body=self.decided_body,
        )

    @staticmethod
    def reference_of(
        *, kind, paragraph, steering_group_name, decided_on, dnr, decided_body, kind_labels: dict | None = None
    ) -> str:
        """``reference`` from the fields themselves (``steering_group_name`` None without a group), for lists read
        as rows: the status form offers every decision (8 589 at a region's scale), and model instances with their
        group were most of the time of a page that drew them. ``kind_labels`` (``Decision.kind_labels()``) saves
        looking the kind up again for each row of a long list."""
        if paragraph and steering_group_name is not None:
            return f"{steering_group_name} {decided_on:%Y} § {paragraph}"
        if dnr:
            return f"{decided_body} {dnr}".strip()
        labels = kind_labels if kind_labels is not None else Decision.kind_labels()
        return f"{labels.get(kind, kind)} {decided_on:%Y-%m-%d}"

    @staticmethod
    def kind_labels() -> dict[str, str]:
        """Each kind's label in the active language, as get_kind_display() gives it."""
        return {value: str(label) for value, label in DecisionKind.choices}

    @property
    def subject(self):
        """What the decision concerns (the first of ärende, project, measure, plan)."""
        return self.errand or self.project or self.measure or self.plan

    @property
    def subject_label(self) -> str:
        if self.errand_id:
            return f"{self.errand.reference} {self.errand.title}"
        return str(self.subject or "")

    @property
    def subject_url(self) -> str:
        if self.plan_id and not (self.errand_id or self.project_id or self.measure_id):
            return reverse("measures:plan_detail", kwargs={"pk": self.plan_id})
        subject = self.subject
        return subject.get_absolute_url() if subject is not None else ""


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=FollowUpStatus.KLAR)


class FollowUp(models.Model):
    """An uppdrag a decision gives: what, who, by when, and how it goes (beslutsuppföljning)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="follow_ups")
    what = models.CharField(_("uppdrag"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="decision_follow_ups",
        verbose_name=_("ansvarig"),
    )
    due_date = models.DateField(_("klart senast"))
    status = models.CharField(
        _("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.EJ_PABORJAD
    )
    comment = models.TextField(_("kommentar"), blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")

    def __str__(self):
        return self.what
