"""Notices: a person is told about each workflow step that concerns them, in the portal and (per choice) by e-mail.

An app registers its categories in its own ``notices.py`` (found by core's AppConfig.ready()) and calls
:func:`notify` from the service that makes the step, inside the step's transaction:

    from vudig.core.notices import Delivery, notify, register_category

    register_category("maturity.returned", label=_("Självskattning återsänd"), default=Delivery.IMMEDIATE)

    notify(category="maturity.returned", key=f"assessment-returned:{a.pk}:{n}", recipients=managers,
           subject=..., template="maturity/notices/returned", context={...}, url=a.get_absolute_url(),
           target=a, view_rule="maturity.assessment.view")

One notice per (recipient, key): running a step twice makes no second notice and sends no second e-mail (the mail's
key is ``notice:<pk>``). The person's choice per category (:class:`Delivery`, "Mina inställningar") decides whether
the notice is mailed at once (IMMEDIATE), waits for Monday's digest (DIGEST) or is only on the Notiser page (PORTAL).
Every notice e-mail carries a one-click unsubscribe link for its category (a signed token, no login needed).
Core imports no app: it holds the registry, the model and the delivery.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import Delivery
from .models import Notice, NoticePreference, UsedUnsubscribeToken
from .rules import REGISTRY, can

__all__ = [
    "Delivery",
    "Category",
    "register_category",
    "register_steps",
    "categories",
    "get_category",
    "notify",
    "delivery_for",
    "preferences_for",
    "set_preferences",
    "unsubscribe_token",
    "unsubscribe_read",
    "unsubscribe_apply",
    "UnsubscribeError",
    "visible",
    "absolute_url",
    "mark_read",
    "unread_count",
]

# -- the registry of categories -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    """A kind of notice ("<app>.<step>"): its label on Mina inställningar and its default delivery."""

    key: str
    label: str
    default: str
    # The deliveries a person may choose (all three unless the category says otherwise, e.g. the digest itself).
    choices: tuple[str, ...] = tuple(Delivery.values)


_CATEGORIES: dict[str, Category] = {}


def register_category(key: str, *, label, default: str = Delivery.DIGEST, choices=None) -> Category:
    """Declare a category of notices; declaring it again replaces it (a module imported twice in tests)."""
    allowed = tuple(Delivery(c) for c in choices) if choices else tuple(Delivery)
    if default not in allowed:
        raise ValueError(f"Unknown delivery for {key!r}: {default!r}")
    result = Category(key=key, label=label, default=Delivery(default), choices=allowed)
    _CATEGORIES[key] = result
    return result


def register_steps(app: str, steps: dict):
    """Declare an app's workflow steps, ``{step: (label, default delivery)}``, as the categories "<app>.<step>";
    returns the app's ``send(step, **notify_kwargs)``, which notifies with that category and the templates
    ``<app>/notices/<step>.txt`` and ``.html``."""
    for step, (label, default) in steps.items():
        register_category(f"{app}.{step}", label=label, default=default)

    def send(step: str, **kwargs) -> int:
        return notify(category=f"{app}.{step}", template=f"{app}/notices/{step}", **kwargs)

    return send


def categories() -> list[Category]:
    """Every registered category, in the order they were registered (the apps' order)."""
    return list(_CATEGORIES.values())


def get_category(key: str) -> Category:
    """The registered category ``key``; an unknown one is a programming error (ValueError)."""
    try:
        return _CATEGORIES[key]
    except KeyError:
        raise ValueError(f"Unknown notice category: {key!r}") from None


# The weekly digest is a category of its own: "Bara i portalen" (or its unsubscribe link) stops it (vudig.core.digest).
DIGEST_CATEGORY = "core.digest"
register_category(
    DIGEST_CATEGORY,
    label=_("Veckobrevet på måndagar (att göra och veckans notiser)"),
    default=Delivery.DIGEST,
    choices=(Delivery.DIGEST, Delivery.PORTAL),
)


# -- preferences --------------------------------------------------------------------------------------------------


def preferences_for(user) -> dict[str, str]:
    """The person's delivery per registered category (their choice, else the category's default); one query."""
    chosen = dict(NoticePreference.objects.filter(user=user).values_list("category", "delivery"))
    return {c.key: chosen.get(c.key, c.default) for c in categories()}


def delivery_for(user, category_key: str) -> str:
    """The person's delivery for one category."""
    chosen = NoticePreference.objects.filter(user=user, category=category_key).values_list("delivery", flat=True)
    return next(iter(chosen), None) or get_category(category_key).default


@transaction.atomic
def set_preferences(user, choices: dict[str, str]) -> int:
    """Save the person's choices (category -> delivery); returns how many changed. Unknown categories raise."""
    current = preferences_for(user)
    changed = 0
    for key, delivery in choices.items():
        if delivery not in get_category(key).choices:
            raise ValueError(f"Unknown delivery: {delivery!r}")
        if current.get(key) == delivery:
            continue
        NoticePreference.objects.update_or_create(user=user, category=key, defaults={"delivery": delivery})
        changed += 1
    return changed


# -- notify -------------------------------------------------------------------------------------------------------


def absolute_url(path: str) -> str:
    """A path made absolute with VUDIG_BASE_URL (an address that already is absolute stays as it is)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.VUDIG_BASE_URL.rstrip("/") + "/" + path.lstrip("/")


def _unique_people(recipients) -> list:
    seen, people = set(), []
    for person in recipients:
        if person is None or person.pk in seen:
            continue
        seen.add(person.pk)
        people.append(person)
    return people


def notify(
    *,
    category: str,
    key: str,
    recipients,
    subject: str,
    template: str,
    context: dict | None = None,
    url: str,
    target=None,
    view_rule: str = "",
    attachments=(),
) -> int:
    """Tell each recipient about one event once (per recipient and ``key``); returns how many notices are new.

    Called inside the step's transaction. A new notice is mailed at once (through ``mail_enqueue``, key
    ``notice:<pk>``) when the recipient's choice for the category is IMMEDIATE and they are active with an address.
    """
    registered = get_category(category)
    if view_rule and not REGISTRY.rule_exists(view_rule):
        raise ValueError(f"Unknown permission action: {view_rule!r}")
    people = _unique_people(recipients)
    if not people:
        return 0
    content_type = ContentType.objects.get_for_model(target) if target is not None else None
    target_id = target.pk if target is not None else None
    done = set(
        Notice.objects.filter(key=key, recipient__in=[p.pk for p in people]).values_list("recipient_id", flat=True)
    )
    people = [p for p in people if p.pk not in done]
    if not people:
        return 0
    chosen = dict(
        NoticePreference.objects.filter(user__in=[p.pk for p in people], category=category).values_list(
            "user_id", "delivery"
        )
    )
    created = 0
    for person in people:
        delivery = chosen.get(person.pk, registered.default)
        try:
            with transaction.atomic():
                notice = Notice.objects.create(
                    recipient=person,
                    category=category,
                    key=key,
                    subject=subject[:300],
                    url=url,
                    target_content_type=content_type,
                    target_id=target_id,
                    view_rule=view_rule,
                    delivery=delivery,
                )
        except IntegrityError:  # a parallel run of the same step made it first
            continue
        created += 1
        if delivery == Delivery.IMMEDIATE and person.is_active and person.email:
            _mail_notice(notice, person, registered, template, context or {}, attachments)
    return created


def _mail_notice(notice: Notice, person, registered: Category, template: str, context: dict, attachments) -> None:
    from .services import mail_enqueue  # services imports the outbox and tasks; keep notices light to import

    unsubscribe = absolute_url(reverse("notices:unsubscribe", args=[unsubscribe_token(person, registered.key)]))
    values = {
        **context,
        "recipient": person,
        "url": absolute_url(notice.url),
        "unsubscribe_url": unsubscribe,
        "notice": notice,
        "category": registered,
        "subject": notice.subject,
    }
    mail_enqueue(
        key=f"notice:{notice.pk}",
        to=[person.email],
        subject=notice.subject,
        body=render_to_string(f"{template}.txt", values).strip() + "\n",
        html=render_to_string(f"{template}.html", values),
        headers=unsubscribe_headers(unsubscribe),
        attachments=attachments,
    )


def unsubscribe_headers(unsubscribe_url: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: mail clients POST to the link without opening it."""
    return {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


# -- unsubscribe --------------------------------------------------------------------------------------------------

UNSUBSCRIBE_SALT = "vudig.notices.unsubscribe"
UNSUBSCRIBE_MAX_AGE = timedelta(days=60)


class UnsubscribeError(Exception):
    """An unsubscribe link that cannot be used: ``reason`` is "invalid", "expired" or "used"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class UnsubscribeRequest:
    user: object
    category: Category
    nonce: str


def unsubscribe_token(user, category_key: str) -> str:
    """A signed link token for ``user`` to stop e-mail of one category; each one carries its own nonce."""
    return signing.dumps({"u": user.pk, "c": category_key, "n": secrets.token_urlsafe(12)}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> UnsubscribeRequest:
    """What a token asks for, or UnsubscribeError (forged, expired, used, or naming a person or category gone)."""
    from django.contrib.auth import get_user_model

    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired:
        raise UnsubscribeError("expired") from None
    except signing.BadSignature:
        raise UnsubscribeError("invalid") from None
    if not isinstance(data, dict) or not {"u", "c", "n"} <= data.keys():
        raise UnsubscribeError("invalid")
    if UsedUnsubscribeToken.objects.filter(nonce=str(data["n"])[:64]).exists():
        raise UnsubscribeError("used")
    user = get_user_model().objects.filter(pk=data["u"]).first()
    if user is None or data["c"] not in _CATEGORIES:
        raise UnsubscribeError("invalid")
    return UnsubscribeRequest(user=user, category=_CATEGORIES[data["c"]], nonce=str(data["n"])[:64])


@transaction.atomic
def unsubscribe_apply(token: str) -> UnsubscribeRequest:
    """Use the token once: the person's category becomes PORTAL (no e-mail). A reused token raises "used"."""
    request = unsubscribe_read(token)
    try:
        with transaction.atomic():
            UsedUnsubscribeToken.objects.create(nonce=request.nonce)
    except IntegrityError:  # used in parallel
        raise UnsubscribeError("used") from None
    NoticePreference.objects.update_or_create(
        user=request.user, category=request.category.key, defaults={"delivery": Delivery.PORTAL}
    )
    return request


# -- who may still see a notice -----------------------------------------------------------------------------------


def _targets(notices) -> dict[tuple[int, int], object]:
    """The objects the notices are about, one query per kind of object (never one per notice)."""
    wanted: dict[int, set[int]] = {}
    for notice in notices:
        if notice.view_rule and notice.target_content_type_id and notice.target_id:
            wanted.setdefault(notice.target_content_type_id, set()).add(notice.target_id)
    found = {}
    for ct_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            continue
        for obj in model._default_manager.filter(pk__in=ids):
            found[(ct_id, obj.pk)] = obj
    return found


def visible(user, notices) -> list:
    """The notices the person may still see: those without a rule, and those whose rule passes for its object.

    A notice whose object is gone or whose rule now fails (a role removed) is left out, so it links nowhere forbidden.
    """
    notices = list(notices)
    targets = _targets(notices)
    shown = []
    for notice in notices:
        if not notice.view_rule:
            shown.append(notice)
            continue
        obj = None
        if notice.target_content_type_id and notice.target_id:
            obj = targets.get((notice.target_content_type_id, notice.target_id))
            if obj is None:
                continue
        if REGISTRY.rule_exists(notice.view_rule) and can(user, notice.view_rule, obj):
            shown.append(notice)
    return shown


def mark_read(notice: Notice) -> bool:
    """Mark one notice read (once); returns whether this call marked it."""
    if notice.read_at is not None:
        return False
    now = timezone.now()
    marked = Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=now)
    notice.read_at = now
    return bool(marked)


def unread_count(user) -> int:
    """How many of the person's notices are unread (the header's count): one query."""
    return Notice.objects.for_user(user).unread().order_by().count()
