"""Every create form submits once: the same form sent again (a double click, a reload, parallel posts) makes nothing new.

A submission is known by a fingerprint of who sent it, to which address, and every field and uploaded file it holds
(not the CSRF token, which changes per page). ``ServiceFormView`` with ``submit_once = True`` claims the fingerprint
(a unique row, ``SubmittedForm``) in the same transaction as the service's write: a second identical submit, even one
that runs at the same moment, waits on that row, finds it and is sent where the first one led, with a notice. A refused
form claims nothing (its transaction is rolled back), so correcting and resending works. A claim counts for
SUBMIT_ONCE_WINDOW; the same form sent after that is a new submission.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SubmittedForm

SUBMIT_ONCE_WINDOW = timedelta(hours=1)
IGNORED_FIELDS = frozenset({"csrfmiddlewaretoken"})


def submission_key(request) -> str:
    """The fingerprint of a POST: user, path, every field (sorted) and every file's name, size and content."""
    digest = hashlib.sha256()
    user = getattr(request, "user", None)
    digest.update(f"{user.pk if user is not None and user.is_authenticated else '-'}\0{request.path}\0".encode())
    for name in sorted(request.POST):
        if name in IGNORED_FIELDS:
            continue
        for value in request.POST.getlist(name):
            digest.update(f"{name}\0{value}\0".encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            digest.update(f"{name}\0{upload.name}\0{upload.size}\0".encode())
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return digest.hexdigest()


def submission_earlier(*, key: str) -> SubmittedForm | None:
    """The earlier submission with this fingerprint within the window, if any (a read, before the form is checked)."""
    return SubmittedForm.objects.filter(key=key, created_at__gte=timezone.now() - SUBMIT_ONCE_WINDOW).first()


def submission_claim(*, key: str, user) -> SubmittedForm | None:
    """Claim the fingerprint inside the caller's transaction; None when it is new, else the earlier submission.

    Run inside ``transaction.atomic()``: a parallel identical submit blocks on the unique row until this one commits
    or rolls back, and then finds it (or claims it).
    """
    now = timezone.now()
    SubmittedForm.objects.filter(key=key, created_at__lt=now - SUBMIT_ONCE_WINDOW).delete()
    try:
        with transaction.atomic():
            SubmittedForm.objects.create(key=key, user=user if user and user.is_authenticated else None)
    except IntegrityError:
        return SubmittedForm.objects.filter(key=key).first()
    return None


def submission_done(*, key: str, location: str) -> None:
    """Record where the first submit led."""
    SubmittedForm.objects.filter(key=key).update(location=location[:500])
