"""Each self-assessment step tells those concerned once (vudig.core.notices): run twice, one notice, one e-mail."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from maturity.services import assessment_review, assessment_save
from vudig.core.models import Notice, OutgoingMail

from .conftest import complete_input


def _submit(open_round, org, areas, people, version=None, level=3):
    return assessment_save(
        round=open_round, organisation=org, areas=complete_input(areas, level), by=people["manager"],
        expected_version=version, submit=True,
    )  # fmt: skip


def _review(assessment, action, people, comment=""):
    return assessment_review(
        assessment=assessment, action=action, comment=comment, by=people["process_leader"],
        expected_version=assessment.version,
    )  # fmt: skip


def _mails_to(person):
    return [m for m in mail.outbox if m.to == [person.email]]


def _one_notice_and_mail(person, key, *, subject, link):
    assert Notice.objects.filter(recipient=person, key=key).count() == 1
    notice = Notice.objects.get(recipient=person, key=key)
    assert OutgoingMail.objects.filter(key=f"notice:{notice.pk}").count() == 1
    sent = [m for m in _mails_to(person) if m.subject == subject]
    assert len(sent) == 1, [m.subject for m in _mails_to(person)]
    assert link in sent[0].body
    return sent[0]


@pytest.mark.django_db
def test_submitted_tells_the_process_leader_once(django_capture_on_commit_callbacks, open_round, org, areas, people):
    with django_capture_on_commit_callbacks(execute=True):
        submitted = _submit(open_round, org, areas, people)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        _submit(open_round, org, areas, people, version=submitted.version)  # a second submit is refused
    subject = f"Självskattningen {open_round.year} för {org.name} är inlämnad"
    message = _one_notice_and_mail(
        people["process_leader"],
        f"assessment-submitted:{submitted.pk}:{submitted.version}",
        subject=subject,
        link=submitted.get_absolute_url(),
    )
    assert "väntar på din granskning" in message.body
    assert not Notice.objects.filter(recipient=people["manager"]).exists()  # not told of their own step


@pytest.mark.django_db
def test_returned_tells_the_manager_once_with_the_comment(
    django_capture_on_commit_callbacks, open_round, org, areas, people
):
    submitted = _submit(open_round, org, areas, people)
    with django_capture_on_commit_callbacks(execute=True):
        returned = _review(submitted, "return", people, comment="Motivera Kompetens bättre.")
    with django_capture_on_commit_callbacks(execute=True):
        _review(submitted, "return", people, comment="Motivera Kompetens bättre.")  # a repeated request
    message = _one_notice_and_mail(
        people["manager"],
        f"assessment-returned:{returned.pk}:{returned.version}",
        subject=f"Självskattningen {open_round.year} för {org.name} har skickats tillbaka",
        link=returned.get_absolute_url(),
    )
    assert "Motivera Kompetens bättre." in message.body
    assert "Motivera Kompetens bättre." in message.alternatives[0][0]
    assert not _mails_to(people["manager_other_org"])


@pytest.mark.django_db
def test_returned_twice_after_a_fix_is_two_events(django_capture_on_commit_callbacks, open_round, org, areas, people):
    with django_capture_on_commit_callbacks(execute=True):
        first = _review(_submit(open_round, org, areas, people), "return", people, comment="Ett.")
        again = _submit(open_round, org, areas, people, version=first.version, level=4)
        _review(again, "return", people, comment="Två.")
    assert Notice.objects.filter(recipient=people["manager"], category="maturity.returned").count() == 2
    assert Notice.objects.filter(recipient=people["process_leader"], category="maturity.submitted").count() == 2


@pytest.mark.django_db
def test_reviewed_and_established_tell_the_manager_once_each_per_their_choice(
    django_capture_on_commit_callbacks, open_round, org, areas, people
):
    submitted = _submit(open_round, org, areas, people)
    with django_capture_on_commit_callbacks(execute=True):
        reviewed = _review(submitted, "review", people)
        _review(submitted, "review", people)
        established = _review(reviewed, "establish", people)
        _review(reviewed, "establish", people)
    manager = people["manager"]
    assert (
        Notice.objects.filter(recipient=manager, key=f"assessment-reviewed:{reviewed.pk}:{reviewed.version}").count()
        == 1
    )
    assert (
        Notice.objects.filter(
            recipient=manager, key=f"assessment-established:{established.pk}:{established.version}"
        ).count()
        == 1
    )
    # Informational steps go to the weekly digest by default: in the portal now, no e-mail at once.
    assert _mails_to(manager) == []
    assert set(Notice.objects.filter(recipient=manager).values_list("delivery", flat=True)) == {"digest"}


@pytest.mark.django_db
def test_reviewed_is_mailed_at_once_when_the_manager_chose_so(
    django_capture_on_commit_callbacks, open_round, org, areas, people
):
    from vudig.core.notices import set_preferences

    set_preferences(people["manager"], {"maturity.reviewed": "immediate"})
    submitted = _submit(open_round, org, areas, people)
    with django_capture_on_commit_callbacks(execute=True):
        reviewed = _review(submitted, "review", people)
        _review(submitted, "review", people)
    _one_notice_and_mail(
        people["manager"],
        f"assessment-reviewed:{reviewed.pk}:{reviewed.version}",
        subject=f"Självskattningen {open_round.year} för {org.name} är granskad",
        link=reviewed.get_absolute_url(),
    )
