"""The weekly digest (Monday 07:00, Celery beat): each person gets ONE e-mail with their "Att göra" and the week's
notices whose delivery is DIGEST, unless they have nothing. Idempotent by key ``digest:<user>:<iso year>-W<week>``:
a second run (or a second beat) in the same week sends nobody a second digest.

A person who chose "Bara i portalen" for the category ``core.digest`` (Mina inställningar, or the unsubscribe link in
the digest itself) gets none.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import Delivery
from .models import Notice, NoticePreference, OutgoingMail
from .notices import DIGEST_CATEGORY, absolute_url, get_category, unsubscribe_headers, unsubscribe_token, visible
from .todo import todo_for

DIGEST_PERIOD = timedelta(days=7)


def digest_key(user, when) -> str:
    iso = timezone.localtime(when).isocalendar()
    return f"digest:{user.pk}:{iso.year}-W{iso.week:02d}"


def digest_send(*, now=None) -> int:
    """Queue this week's digest for everyone who has something in it; returns how many were queued now."""
    from .services import mail_enqueue

    now = now or timezone.now()
    since = now - DIGEST_PERIOD
    opted_out = set(
        NoticePreference.objects.filter(category=DIGEST_CATEGORY, delivery=Delivery.PORTAL).values_list(
            "user_id", flat=True
        )
    )
    week_notices: dict[int, list[Notice]] = {}
    for notice in Notice.objects.filter(delivery=Delivery.DIGEST, created_at__gte=since, created_at__lt=now).order_by(
        "created_at", "pk"
    ):
        week_notices.setdefault(notice.recipient_id, []).append(notice)
    people = get_user_model().objects.filter(is_active=True).exclude(email="").exclude(pk__in=opted_out).order_by("pk")
    category = get_category(DIGEST_CATEGORY)
    queued = 0
    for person in people:
        key = digest_key(person, now)
        if OutgoingMail.objects.filter(key=key).exists():
            continue
        items = todo_for(person)
        shown = visible(person, week_notices.get(person.pk, []))
        if not items and not shown:
            continue
        unsubscribe = absolute_url(reverse("notices:unsubscribe", args=[unsubscribe_token(person, DIGEST_CATEGORY)]))
        context = {
            "recipient": person,
            "todo_items": [(item, absolute_url(item.url)) for item in items],
            "week_notices": [(n, absolute_url(reverse("notices:open", args=[n.pk]))) for n in shown],
            "url": absolute_url(reverse("portal:home")),
            "unsubscribe_url": unsubscribe,
            "category": category,
            "subject": _("VUDIG veckobrev: att göra och veckans notiser"),
        }
        with transaction.atomic():
            mail_enqueue(
                key=key,
                to=[person.email],
                subject=context["subject"],
                body=render_to_string("core/notices/digest.txt", context).strip() + "\n",
                html=render_to_string("core/notices/digest.html", context),
                headers=unsubscribe_headers(unsubscribe),
            )
        queued += 1
    return queued
