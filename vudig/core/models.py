from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import ChoiceLabelsMixin
from .constants import Delivery, OrganisationKind, Role
from .identity.models import DirectoryIdentity, DirectoryRoleGrant, GroupRoleMapping  # noqa: F401 (sign-in models)
from .role_scope import role_scope_constraints


class OrderedQuerySet(models.QuerySet):
    def ordered(self):
        return self.order_by("order", "pk")


class Organisation(ChoiceLabelsMixin, models.Model):
    """A förvaltning, bolag or kommuncentral stödjande funktion (Figur 1 of the plan)."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    short_name = models.CharField(_("förkortning"), max_length=30, blank=True)
    slug = models.SlugField(_("kortnamn i adresser"), max_length=200, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=OrganisationKind.choices)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    objects = OrderedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self):
        return self.name


class Goal(models.Model):
    """One of the three prioritised goals, known by its ledord (e.g. "Enkelt och öppet")."""

    motto = models.CharField(_("ledord"), max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("prioriterat mål")
        verbose_name_plural = _("prioriterade mål")

    def __str__(self):
        return self.motto


class Obstacle(models.Model):
    """A hinder för utveckling named in the plan's nuläge."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    text = models.CharField(_("hinder"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("hinder")
        verbose_name_plural = _("hinder")

    def __str__(self):
        return f"{self.number}. {self.text}"


class RegulatoryArea(models.Model):
    """An area of new or changed rules and conditions (omvärld), e.g. molntjänster, AI, NIS."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    text = models.CharField(_("område"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("omvärldsområde")
        verbose_name_plural = _("omvärldsområden")

    def __str__(self):
        return self.text


class RoleAssignmentQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class RoleAssignment(models.Model):
    """A person holds a role, for one organisation or steering group where the role is scoped."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("person")
    )
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("organisation"),
    )
    steering_group = models.ForeignKey(
        "steeringgroups.SteeringGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("styrgrupp"),
    )
    history = HistoricalRecords()

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("rolltilldelning")
        verbose_name_plural = _("rolltilldelningar")
        constraints = role_scope_constraints(holder="user", check_prefix="role_", unique_prefix="")

    def __str__(self):
        scope = self.organisation or self.steering_group
        label = self.get_role_display()
        return f"{self.user} – {label}" + (f" ({scope})" if scope else "")


class OutgoingMail(models.Model):
    """An e-mail the portal must send exactly once; the key makes enqueueing and sending idempotent."""

    key = models.CharField(max_length=200, unique=True)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # Set while one attempt talks to the mail server, so a duplicate delivery of the task does not send it too.
    sending_since = models.DateTimeField(null=True, blank=True)
    # Files sent with the mail (a kallelse's agenda PDF and .ics): [{"filename", "mimetype", "content" (base64)}].
    attachments = models.JSONField(default=list, blank=True)
    # An HTML alternative of the body ("" = text only) and extra headers (a notice's List-Unsubscribe).
    html_body = models.TextField(blank=True, default="")
    headers = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-post")

    def __str__(self):
        return self.subject


class StoredFile(models.Model):
    """A file someone uploaded (an ärende's attachment, a status's document): stored under MEDIA_ROOT under a
    generated name (``vudig.core.files.stored_name``), never served directly, read only through a view that asks the
    rules. Each subclass adds its ``file`` field (with its own folder) and what the file belongs to."""

    original_name = models.CharField(_("filnamn"), max_length=160)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("storlek (byte)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class OutboxState(models.TextChoices):
    PENDING = "pending", _("väntar")
    DISPATCHED = "dispatched", _("skickad till arbetsprocessen")
    DONE = "done", _("klar")
    FAILED = "failed", _("misslyckad")


class OutboxTask(models.Model):
    """One piece of background work a write asked for (render a report, send a mail, make a protocol PDF).

    Recorded in the same transaction as the write, so the work is never lost when the broker is down or a worker
    dies: the row stays until a run of the task finishes (``vudig.core.outbox``), and the beat job dispatches it
    again while it is pending or stuck past its time limit.
    """

    task_name = models.CharField(_("uppgift"), max_length=200)
    args = models.JSONField(_("argument"), default=list)
    state = models.CharField(_("läge"), max_length=20, choices=OutboxState.choices, default=OutboxState.PENDING)
    # Seconds a run may take (the task's hard time limit): a dispatched row older than this (plus a margin) is stuck.
    time_limit = models.PositiveIntegerField(_("tidsgräns (sekunder)"))
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("senast skickad"), null=True, blank=True)
    done_at = models.DateTimeField(_("klar"), null=True, blank=True)
    runs = models.PositiveIntegerField(_("skickad antal gånger"), default=0)
    last_error = models.TextField(_("senaste fel"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bakgrundsuppgift")
        verbose_name_plural = _("bakgrundsuppgifter")
        indexes = [models.Index(fields=["state", "created_at"], name="outbox_state_created")]

    def __str__(self):
        return f"{self.task_name}({', '.join(map(str, self.args))})"


class SubmittedForm(models.Model):
    """A create form that was sent and saved, known by a fingerprint of who sent what where (vudig.core.submit_once).

    The same form sent again (a double click, a reload, five parallel posts) finds this row and leads to what the first
    one made instead of making another.
    """

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Where the first submit led (its success page), so a repeat leads there too.
    location = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("skickat formulär")
        verbose_name_plural = _("skickade formulär")

    def __str__(self):
        return f"{self.key[:12]} → {self.location}"


class NoticeQuerySet(models.QuerySet):
    def for_user(self, user):
        """The person's own notices, newest first (nobody sees another's)."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user).order_by("-created_at", "-pk")

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """One person is told about one event of a workflow step (vudig.core.notices.notify): once per (recipient, key)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices", verbose_name=_("mottagare")
    )
    category = models.CharField(_("sort"), max_length=100)
    key = models.CharField(_("händelse"), max_length=200)
    subject = models.CharField(_("rubrik"), max_length=300)
    url = models.CharField(_("länk"), max_length=500)
    target_content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    # A rules action (e.g. "maturity.assessment.view"): the notice is hidden while the person may not do it.
    view_rule = models.CharField(max_length=100, blank=True, default="")
    # The person's choice for the category when the notice was made: whether it was mailed or waits for the digest.
    delivery = models.CharField(_("leverans"), max_length=20, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notis")
        verbose_name_plural = _("notiser")
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notice_once_per_recipient_key")]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notice_recipient_created"),
            models.Index(fields=["recipient", "read_at"], name="notice_recipient_read"),
        ]

    def __str__(self):
        return self.subject


class NoticePreference(models.Model):
    """A person's choice of delivery for one category of notices (no row: the category's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences", verbose_name=_("person")
    )
    category = models.CharField(_("sort"), max_length=100)
    delivery = models.CharField(_("leverans"), max_length=20, choices=Delivery.choices)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("notisinställning")
        verbose_name_plural = _("notisinställningar")
        constraints = [models.UniqueConstraint(fields=["user", "category"], name="notice_preference_once")]

    def __str__(self):
        return f"{self.user} – {self.category}: {self.delivery}"


class UsedUnsubscribeToken(models.Model):
    """The nonce of an unsubscribe link that was used: the same link used again changes nothing."""

    nonce = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("använd avregistreringslänk")
        verbose_name_plural = _("använda avregistreringslänkar")

    def __str__(self):
        return self.nonce
