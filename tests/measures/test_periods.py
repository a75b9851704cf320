"""Follow-up periods: opened from the årshjul's report points, a list per responsible, late reports marked, a
completion board, export, reminders once per person and day, and frozen reports once closed."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from measures import parts, periods
from measures.models import FollowUpPeriod, MeasureResult, OrganisationPart, PeriodReminder, PeriodReport, Plan
from measures.tasks import period_reminders_task
from vudig.core.annual_cycle import Event, EventKind
from vudig.core.concurrency import StaleVersionError
from vudig.core.models import Notice, OutgoingMail

TODAY = timezone.localdate()


def open_period(people, *, days=40, title="Uppföljning T1 test", opens_on=None):
    return periods.period_open(
        title=title,
        kind="t1",
        deadline=TODAY + dt.timedelta(days=days),
        opens_on=opens_on,
        by=people["process_leader"],
    )


@pytest.fixture
def period(people):
    return open_period(people)


def own_rows(period, user):
    return periods.my_period_reports(period=period, user=user)


def test_suggestion_comes_from_the_next_report_point(monkeypatch):
    events = [
        Event(title="Budget", kind=EventKind.BUDGET, start=TODAY + dt.timedelta(days=3)),
        Event(title="Delårsrapport", kind=EventKind.DELARSRAPPORT, start=dt.date(TODAY.year + 1, 8, 31), is_report_point=True),
        Event(title="Tertialrapport 1", kind=EventKind.TERTIALRAPPORT, start=dt.date(TODAY.year + 1, 4, 30), is_report_point=True),
    ]  # fmt: skip
    monkeypatch.setattr(periods, "events_for_year", lambda year: [e for e in events if e.start.year == year])
    suggestion = periods.period_suggestion(today=TODAY)
    assert suggestion == {
        "kind": "t1",
        "title": f"Uppföljning T1 {TODAY.year + 1}",
        "deadline": dt.date(TODAY.year + 1, 4, 30),
        "source": "Tertialrapport 1",
    }


def test_opening_gives_each_item_of_the_followed_up_plans_one_row(period, people):
    in_force = Plan.objects.in_force().get()
    assert period.plan == in_force
    rows = PeriodReport.objects.filter(period=period)
    # Every organisation part (3 (Alla) results × 13 organisations), every other active result, every measure without
    # results.
    assert rows.filter(part__isnull=False).count() == 39
    carried = set(OrganisationPart.objects.values_list("result_id", flat=True))
    assert (
        rows.filter(part=None, result__isnull=False).count()
        == MeasureResult.objects.exclude(pk__in=carried).filter(archived=False).count()
    )
    assert rows.filter(part=None, result=None, measure__plan=in_force).count() == 11
    # The same form sent twice opens nothing more.
    again = open_period(people)
    assert again == period and FollowUpPeriod.objects.count() == 1
    assert PeriodReport.objects.filter(period=period).count() == rows.count()


def test_opening_refuses_bad_input_and_other_people(people):
    with pytest.raises(ValidationError) as exc:
        periods.period_open(title="", kind="x", deadline=TODAY - dt.timedelta(days=1), by=people["process_leader"])
    assert set(exc.value.message_dict) == {"title", "kind", "deadline"}
    for who in ("manager", "kommunchef", "reader"):
        with pytest.raises(PermissionDenied):
            periods.period_open(title="T", kind="t1", deadline=TODAY, by=people[who])
    assert not FollowUpPeriod.objects.exists()


def test_manager_lists_exactly_their_organisations_parts_and_reports_them(period, people, org):
    rows = own_rows(period, people["manager"])
    assert len(rows) == 3 and {r.organisation_id for r in rows} == {org.pk}
    assert not own_rows(period, people["reader"])
    row = rows[0]
    saved = periods.period_report_save(
        report=row, status="paborjat", comment="Pågår", complete=True, by=people["manager"], expected_version=1
    )
    assert saved.completed_at is not None and not saved.late
    # The part's own status follows its period report.
    assert OrganisationPart.objects.get(pk=row.part_id).status == "paborjat"
    # Repeat: no-op; stale: refused; another manager: refused.
    again = periods.period_report_save(
        report=row, status="paborjat", comment="Pågår", complete=True, by=people["manager"], expected_version=1
    )
    assert again.version == saved.version
    with pytest.raises(StaleVersionError):
        periods.period_report_save(
            report=row, status="avslutad", comment="", complete=True, by=people["manager"], expected_version=1
        )
    with pytest.raises(PermissionDenied):
        periods.period_report_save(
            report=row, status="avslutad", comment="", complete=True, by=people["manager_other_org"], expected_version=2
        )
    board = periods.completion_board(period=period)
    social = next(c for c in board.organisations if c.key == org.pk)
    assert (social.total, social.completed, social.missing) == (3, 1, 2)
    assert board.total.completed == 1


def test_klarmarkera_needs_a_status_but_a_draft_does_not(period, people):
    row = own_rows(period, people["manager"])[0]
    with pytest.raises(ValidationError) as exc:
        periods.period_report_save(
            report=row, status="", comment="", complete=True, by=people["manager"], expected_version=1
        )
    assert "status" in exc.value.message_dict
    draft = periods.period_report_save(
        report=row, status="", comment="Utkast", complete=False, by=people["manager"], expected_version=1
    )
    assert draft.completed_at is None and draft.comment == "Utkast"


def test_a_report_after_the_deadline_is_accepted_and_marked_late(people):
    period = open_period(people, days=1, opens_on=TODAY - dt.timedelta(days=10))
    FollowUpPeriod.objects.filter(pk=period.pk).update(deadline=TODAY - dt.timedelta(days=1))
    row = own_rows(period, people["manager"])[0]
    saved = periods.period_report_save(
        report=row, status="etablerat", comment="", complete=True, by=people["manager"], expected_version=1
    )
    assert saved.late and saved.completed_at
    assert periods.completion_board(period=period).total.late == 1


def test_closing_freezes_the_reports_so_status_at_the_period_stays(period, people):
    row = own_rows(period, people["manager"])[0]
    periods.period_report_save(
        report=row, status="paborjat", comment="T1", complete=True, by=people["manager"], expected_version=1
    )
    with pytest.raises(PermissionDenied):
        periods.period_close(period=period, by=people["manager"], expected_version=1)
    closed = periods.period_close(period=period, by=people["process_leader"], expected_version=period.version)
    assert not closed.is_open and closed.closed_at
    assert (
        periods.period_close(period=period, by=people["process_leader"], expected_version=1).version == closed.version
    )
    with pytest.raises(ValidationError):
        periods.period_report_save(
            report=row, status="avslutad", comment="", complete=True, by=people["manager"], expected_version=2
        )
    # Later the part moves on; the period still shows what it was at T1.
    part = OrganisationPart.objects.get(pk=row.part_id)
    parts.organisation_part_report(
        part=part, status="avslutad", comment="", by=people["manager"], expected_version=part.version
    )
    history = periods.measure_period_history(measure=row.measure)
    frozen = next(r for r in history[0]["rows"] if r.pk == row.pk)
    assert history[0]["period"] == period and frozen.status == "paborjat"


@pytest.mark.parametrize(
    ("length", "offsets"),
    [(60, (28, 7)), (20, (7, 1))],
)
def test_reminder_days_follow_the_periods_length(people, length, offsets):
    period = FollowUpPeriod(opens_on=TODAY, deadline=TODAY + dt.timedelta(days=length))
    assert periods.period_reminder_days(period) == offsets


def test_reminders_task_run_twice_sends_one_mail_each(people, settings, org):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    period = open_period(people, days=7, opens_on=TODAY - dt.timedelta(days=40))
    for user in people.values():
        if user is not None and not user.email:
            user.email = f"{user.username}@example.invalid"
            user.save()
    # The socialtjänst manager has reported everything but one part; the process leader has the plan's own items.
    rows = own_rows(period, people["manager"])
    for row in rows[:2]:
        periods.period_report_save(
            report=row, status="paborjat", comment="", complete=True, by=people["manager"], expected_version=1
        )
    mail.outbox.clear()
    with django_capture_on_commit():
        first = period_reminders_task.apply().get()
        second = period_reminders_task.apply().get()
    assert first >= 3 and second == 0
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert len(recipients) == len(set(recipients)) == first
    assert people["manager"].email in recipients and people["manager_other_org"].email in recipients
    assert people["process_leader"].email in recipients and people["reader"].email not in recipients
    managers_mail = next(m for m in mail.outbox if people["manager"].email in m.to)
    assert "1 punkt " in managers_mail.body and period.title in managers_mail.subject
    assert PeriodReminder.objects.filter(period=period, days_before=7).count() == first
    assert Notice.objects.filter(key=f"period:{period.pk}:reminder:7").count() == first


def django_capture_on_commit():
    """Run on_commit callbacks at once inside the test's transaction (the mail is sent by the eager task)."""
    from unittest import mock

    return mock.patch("django.db.transaction.on_commit", side_effect=lambda func, *a, **k: func())


def test_no_reminder_before_the_first_reminder_day_or_after_the_deadline(people):
    open_period(people, days=40, title="Lång")  # a month or more: the first reminder is 28 days before
    assert periods.period_reminders_send(today=TODAY) == 0
    assert periods.period_reminders_send(today=TODAY + dt.timedelta(days=41)) == 0


def test_pages_board_list_and_export(client, people, period, org):
    row = own_rows(period, people["manager"])[0]
    client.force_login(people["manager"])
    url = reverse("measures:period_report", args=[period.pk, row.pk])
    prefix = f"p{row.pk}"
    bad = client.post(url, {f"{prefix}-status": "ej_genomford", f"{prefix}-version": 1, f"{prefix}-action": "complete"})
    assert bad.status_code == 400 and "krävs för Ej genomförd" in bad.content.decode()
    ok = client.post(
        url,
        {
            f"{prefix}-status": "paborjat",
            f"{prefix}-comment": "Igång",
            f"{prefix}-version": 1,
            f"{prefix}-action": "complete",
        },
    )
    assert ok.status_code == 302
    stale = client.post(url, {f"{prefix}-status": "avslutad", f"{prefix}-version": 1, f"{prefix}-action": "complete"})
    assert stale.status_code == 409 and "Igång" in stale.content.decode()
    mine = client.get(reverse("measures:period_mine", args=[period.pk])).content.decode()
    assert "2 punkter kvar att klarmarkera" in mine and mine.count("Ångra klarmarkering<") == 1
    back = client.post(
        url,
        {
            f"{prefix}-status": "paborjat",
            f"{prefix}-comment": "Igång",
            f"{prefix}-version": 2,
            f"{prefix}-action": "reopen",
        },
    )
    assert back.status_code == 302 and PeriodReport.objects.get(pk=row.pk).completed_at is None
    client.post(
        url,
        {
            f"{prefix}-status": "paborjat",
            f"{prefix}-comment": "Igång",
            f"{prefix}-version": 3,
            f"{prefix}-action": "complete",
        },
    )
    board = client.get(reverse("measures:period_detail", args=[period.pk])).content.decode()
    assert "1 av 3 klarmarkerade (33 %)" in board and org.name in board
    drill = client.get(reverse("measures:period_detail", args=[period.pk]), {"organisation": org.pk}).content.decode()
    assert "Igång" in drill and "Saknas" in drill
    csv = client.get(reverse("measures:period_export", args=[period.pk, "csv"]))
    text = csv.content.decode("utf-8-sig")
    assert (
        csv["Content-Type"].startswith("text/csv")
        and "Igång" in text
        and text.count("\r\n") == period.reports.count() + 1
    )
    xlsx = client.get(reverse("measures:period_export", args=[period.pk, "xlsx"]))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == period.reports.count() + 1
    # A row of another organisation, or under another period's url, is refused.
    other = PeriodReport.objects.filter(period=period).exclude(organisation=org).exclude(organisation=None).first()
    assert client.post(reverse("measures:period_report", args=[period.pk, other.pk]), {}).status_code == 403
    assert client.post(reverse("measures:period_report", args=[period.pk + 99, row.pk]), {}).status_code == 404


def test_process_leader_opens_from_the_form_and_closes(client, people):
    client.force_login(people["process_leader"])
    page = client.get(reverse("measures:period_open"))
    assert page.status_code == 200
    bad = client.post(reverse("measures:period_open"), {"kind": "t1", "title": "", "deadline": "31/12"})
    assert bad.status_code == 400 and "ÅÅÅÅ-MM-DD" in bad.content.decode()
    deadline = (TODAY + dt.timedelta(days=30)).isoformat()
    response = client.post(
        reverse("measures:period_open"), {"kind": "t2", "title": "Uppföljning T2", "deadline": deadline}
    )
    period = FollowUpPeriod.objects.get(title="Uppföljning T2")
    assert response.status_code == 302 and response["Location"] == reverse("measures:period_detail", args=[period.pk])
    stale = client.post(reverse("measures:period_close", args=[period.pk]), {"version": 0})
    assert stale.status_code == 409
    assert (
        client.post(reverse("measures:period_close", args=[period.pk]), {"version": period.version}).status_code == 302
    )
    period.refresh_from_db()
    assert not period.is_open


def test_todo_sections_hook_adds_to_the_list(client, people, period, monkeypatch):
    monkeypatch.setattr(periods, "_TODO_PROVIDERS", {})
    periods.register_todo(
        "test",
        lambda *, period, user: periods.TodoSection(template="measures/periods/_report_table.html", context={}),
    )
    assert len(periods.period_todo_sections(period=period, user=people["manager"])) == 1
    client.force_login(people["manager"])
    assert "Periodens rapporter" in client.get(reverse("measures:period_mine", args=[period.pk])).content.decode()


def test_a_part_handed_out_while_a_period_is_open_gets_its_row(period, people, org):
    from measures.models import Measure

    measure = Measure.objects.get(title="Följ upp verksamheternas struktur och kapacitet")
    before = period.reports.count()
    parts.organisation_parts_assign(measure=measure, organisations=[org], by=people["process_leader"])
    assert period.reports.count() == before + 1
    assert any(r.measure_id == measure.pk for r in own_rows(period, people["manager"]))


def test_a_result_added_while_a_period_is_open_is_on_the_list(period, people):
    from measures.models import Measure
    from measures.services import measure_result_create

    measure = Measure.objects.filter(plan=period.plan).first()
    result = measure_result_create(
        measure=measure, title="Nytt delresultat", responsible_user=people["reader"], by=people["process_leader"]
    )
    rows = own_rows(period, people["reader"])
    assert [r.result_id for r in rows] == [result.pk]


def test_the_part_page_points_to_the_open_periods_list(client, people, period, org):
    row = own_rows(period, people["manager"])[0]
    client.force_login(people["manager"])
    html = client.get(reverse("measures:part_report", args=[row.measure_id, row.part_id])).content.decode()
    assert f"Uppföljningsperioden ”{period.title}” är öppen" in html
    assert reverse("measures:period_mine", args=[period.pk]) + f"#row-{row.pk}" in html


def test_a_long_list_pages_and_a_refused_row_comes_back_alone_with_its_form(client, people, period):
    mine = periods.my_period_reports(period=period, user=people["process_leader"])
    assert len(mine) > 25  # the plan's own items
    client.force_login(people["process_leader"])
    first = client.get(reverse("measures:period_mine", args=[period.pk]))
    assert len(first.context["rows"]) == 25 and 'rel="next"' in first.content.decode()
    second = client.get(reverse("measures:period_mine", args=[period.pk]), {"sida": 2})
    assert [r.pk for r in second.context["rows"]] == [r.pk for r in mine[25:50]]
    row = mine[-1]
    prefix = f"p{row.pk}"
    bad = client.post(
        reverse("measures:period_report", args=[period.pk, row.pk]),
        {f"{prefix}-status": "alt_losning", f"{prefix}-version": 1, f"{prefix}-action": "complete"},
    )
    assert bad.status_code == 400 and [r.pk for r in bad.context["rows"]] == [row.pk]
    assert "Tillbaka till hela listan" in bad.content.decode()


def test_klarmarkering_can_be_taken_back_while_the_period_is_open(period, people, org):
    row = own_rows(period, people["manager"])[0]
    done = periods.period_report_save(
        report=row, status="paborjat", comment="", complete=True, by=people["manager"], expected_version=1
    )
    back = periods.period_report_save(
        report=row,
        status="paborjat",
        comment="",
        complete=False,
        reopen=True,
        by=people["manager"],
        expected_version=done.version,
    )
    assert back.completed_at is None and not back.late and back.status == "paborjat"
    assert back.history.first().history_change_reason == "Klarmarkering ångrad"
    assert periods.completion_board(period=period).total.completed == 0


def test_a_period_reminder_the_day_before_the_deadline_says_om_1_dag(people):
    period = open_period(people, days=1, title="Kort")
    assert periods.period_reminders_send(today=TODAY) >= 1
    notice = Notice.objects.filter(key=f"period:{period.pk}:reminder:1").first()
    body = OutgoingMail.objects.get(key=f"notice:{notice.pk}").body
    assert "(om 1 dag)." in body and "dagar" not in body
