"""Sealed reports (issue 14, items 5 and 6): the JSON twin and the Word copy are written with the PDF, all or none;
their SHA-256 are in the colophon and on the report page; downloads ask report.view; the Word copy holds the JSON
twin's headings and figures; bad requests leave no report row."""

import datetime as dt
import hashlib
import io
import json
import re

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reports.constants import ReportKind, ReportState
from reports.documents import ReportRequest
from reports.models import Report
from reports.rendering import render_report
from reports.services import report_request, validate_report_request
from vudig.core.constants import OrganisationKind
from vudig.core.models import Organisation
from vudig.core.rules import can

from .conftest import PERIOD, make_report

LIST = "/rapporter/"
PAST = {"period_start": dt.date(2026, 1, 1), "period_end": dt.date(2026, 4, 30)}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _rendered(people, django_capture_on_commit_callbacks, *, kind=ReportKind.HANDLINGSPLAN, **kwargs) -> Report:
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(kind=kind, **PAST, by=people["kommunchef"], **kwargs)
    report.refresh_from_db()
    return report


def test_a_finished_report_is_sealed_with_its_json_twin_and_word_copy(
    client, people, django_capture_on_commit_callbacks
):
    report = _rendered(people, django_capture_on_commit_callbacks)
    assert report.state == ReportState.KLAR
    pdf, twin, word = (f.open("rb").read() for f in (report.file, report.json_file, report.docx_file))
    assert (report.pdf_sha256, report.json_sha256, report.docx_sha256) == (_sha(pdf), _sha(twin), _sha(word))
    # The colophon prints the JSON's hash (wrapped over lines, so whitespace is taken out before looking).
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Kolofon" in text and report.json_sha256 in text and report.pdf_sha256 not in text
    data = json.loads(twin)
    assert data["report"]["id"] == report.pk and data["report"]["period_end"] == "2026-04-30"
    assert data["seal"]["algorithm"] == "SHA-256" and "kolofon" in data["seal"]["note"]
    # The report page shows all three hashes and links the three files; each download is the stored file.
    client.force_login(people["kommunchef"])
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    for digest in (report.pdf_sha256, report.json_sha256, report.docx_sha256):
        assert digest in page
    for name, content_type, stored in [
        ("reports:download_json", "application/json", twin),
        ("reports:download_docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", word),
    ]:
        assert reverse(name, args=[report.pk]) in page
        response = client.get(reverse(name, args=[report.pk]))
        assert response.status_code == 200 and response["Content-Type"] == content_type
        assert b"".join(response.streaming_content) == stored


def _finished_with_files(report: Report) -> Report:
    report.file.save(report.filename, ContentFile(b"%PDF-1.7 test"), save=False)
    report.json_file.save(report.json_filename, ContentFile(b"{}"), save=False)
    report.docx_file.save(report.docx_filename, ContentFile(b"PK test"), save=False)
    report.xlsx_file.save(report.xlsx_filename, ContentFile(b"PK xlsx"), save=False)
    report.state, report.generated_at = ReportState.KLAR, timezone.now()
    report.save()
    return report


@pytest.mark.parametrize(
    "name", ["reports:download", "reports:download_json", "reports:download_docx", "reports:download_xlsx"]
)
def test_every_file_of_a_report_is_downloaded_only_by_those_who_may_read_it(client, people, org, name):
    """Another organisation's manager (no IDOR), readers without the right and the anonymous get nothing."""
    report = _finished_with_files(make_report(kind=ReportKind.MOGNAD, organisation=org, by=people["kommunchef"]))
    url = reverse(name, args=[report.pk])
    for who, user in people.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        status = client.get(url).status_code
        if user is not None and can(user, "report.view", report):
            assert status == 200, who
        else:
            assert status in (302, 403), (who, status)
    assert not can(people["manager_other_org"], "report.view", report)


def test_a_report_not_yet_finished_has_no_json_or_word_to_download(client, people, followup_report):
    client.force_login(people["kommunchef"])
    for name in ("reports:download_json", "reports:download_docx", "reports:download_xlsx"):
        assert client.get(reverse(name, args=[followup_report.pk])).status_code == 404


@pytest.mark.parametrize("failing", [".pdf", ".json", ".docx"])
def test_a_file_that_cannot_be_written_leaves_no_half_report(
    people, django_capture_on_commit_callbacks, media_root, monkeypatch, failing
):
    real_save = FileSystemStorage._save

    def save(self, name, content):
        if name.endswith(failing):
            raise OSError("Disken är full")
        return real_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    report = _rendered(people, django_capture_on_commit_callbacks)
    assert report.state == ReportState.MISSLYCKAD
    assert "kunde inte sparas" in report.failure_reason and "Disken är full" in report.failure_reason
    assert not report.file and not report.json_file and not report.docx_file
    assert (report.pdf_sha256, report.json_sha256, report.docx_sha256) == ("", "", "")
    folder = media_root / "reports" / str(report.pk)
    assert not folder.exists() or not any(folder.iterdir())  # the files written before the failure are gone


def test_a_word_copy_that_cannot_be_made_fails_the_report_with_the_reason(
    people, django_capture_on_commit_callbacks, media_root, monkeypatch
):
    def broken(*args, **kwargs):
        raise ValueError("Trasig tabell")

    monkeypatch.setattr("reports.rendering.docx_of", broken)
    report = _rendered(people, django_capture_on_commit_callbacks)
    assert report.state == ReportState.MISSLYCKAD and "Trasig tabell" in report.failure_reason
    assert not report.file and not (media_root / "reports").exists()


def _headings(document) -> list[tuple[int, str]]:
    out = []
    for p in document.paragraphs:
        if p.style.name == "Title":
            out.append((0, p.text))
        elif p.style.name.startswith("Heading "):
            out.append((int(p.style.name.split()[1]), p.text))
    return out


# Keys that identify or order rows: the database's bookkeeping, not figures of the report.
NOT_FIGURES = re.compile(r"^(id|pk|order|version|chart)$|_id$")


def _numbers(value) -> list:
    """Every whole number in the JSON that is a figure (not a boolean, not a row's id or order)."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, dict):
        return [n for k, v in value.items() if not NOT_FIGURES.search(k) for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    return []


def test_the_word_copy_holds_the_json_twins_headings_and_figures(followup_world):
    result = render_report(
        ReportRequest(
            kind=ReportKind.UPPFOLJNING, period_start=PERIOD[0], period_end=dt.date(2026, 11, 30), requested_by="Kim"
        )
    )
    twin = json.loads(result.json)
    document = docx.Document(io.BytesIO(result.docx))
    headings = _headings(document)
    level1 = [text for lvl, text in headings if lvl == 1]
    assert headings[0] == (0, twin["report"]["title"])
    assert level1[0] == "Sammanfattning" and level1[-1] == "Kolofon"
    assert level1[1 : 1 + len(twin["sections"])] == [s["title"] for s in twin["sections"]]
    assert "Årshjulet" in level1  # the rest of the document (the årshjul) is there too
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    # The summary table: every (label, value) pair of the twin is a row of the Word copy.
    for label, value in twin["context"]["summary"]:
        assert [label, value] in cells, label
    # Every figure of every section's context appears in the Word copy's text.
    words = set(re.findall(r"-?\d+(?:[.,]\d+)?", " ".join(" ".join(r) for r in cells)))
    words |= set(re.findall(r"-?\d+(?:[.,]\d+)?", " ".join(p.text for p in document.paragraphs)))
    for section in twin["sections"]:
        for number in _numbers(section["context"]):
            assert str(number) in words, (section["key"], number)
    # Charts are pictures, each with its title; the twin names them by number and title.
    charts = re.findall(r'"chart": (\d+)', json.dumps(twin))
    assert charts and len(document.inline_shapes) == len(charts)
    assert json.loads(result.json)["report"]["title"] in result.title


def test_a_future_period_is_refused_with_a_swedish_message_and_no_row(
    client, people, django_capture_on_commit_callbacks
):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    client.force_login(people["kommunchef"])
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            LIST, {"kind": "uppfoljning", "period_start": "2026-01-01", "period_end": tomorrow.isoformat()}
        )
    assert response.status_code == 200 and "Perioden slutar i framtiden" in response.content.decode()
    with pytest.raises(ValidationError) as refused:
        report_request(
            kind=ReportKind.UPPFOLJNING,
            period_start=dt.date(2026, 1, 1),
            period_end=tomorrow,
            by=people["kommunchef"],
        )
    assert "i framtiden" in str(refused.value.message_dict["period_end"])
    assert callbacks == [] and not Report.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (dt.date(2026, 5, 1), dt.date(2026, 4, 1), "period_end", "åt fel håll"),
        (dt.date(2026, 5, 1), dt.date(2026, 6, 1), "period_end", "i framtiden"),
        (dt.date(2026, 5, 1), dt.date(2026, 5, 20), None, None),
        (dt.date(2026, 5, 20), dt.date(2026, 5, 20), None, None),  # one day, today: allowed
    ],
)
def test_validate_report_request_refuses_reversed_and_future_periods(start, end, field, message):
    today = dt.date(2026, 5, 20)
    if field is None:
        validate_report_request(
            kind=ReportKind.UPPFOLJNING, period_start=start, period_end=end, organisation=None, today=today
        )
        return
    with pytest.raises(ValidationError) as refused:
        validate_report_request(
            kind=ReportKind.UPPFOLJNING, period_start=start, period_end=end, organisation=None, today=today
        )
    assert message in " ".join(refused.value.message_dict[field])


def test_an_organisation_that_no_report_is_about_is_refused_with_a_swedish_message_and_no_row(
    client, people, plan, django_capture_on_commit_callbacks
):
    """A stödfunktion is not assessed on its own: the service refuses it (the form never offers it)."""
    support = Organisation.objects.filter(kind=OrganisationKind.STODFUNKTION).first()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError) as refused:
        report_request(kind=ReportKind.MOGNAD, organisation=support, **PAST, by=people["kommunchef"])
    assert "välj en förvaltning eller ett bolag" in " ".join(refused.value.message_dict["organisation"])
    client.force_login(people["kommunchef"])
    response = client.post(
        LIST, {"kind": "mognad", **{k: v.isoformat() for k, v in PAST.items()}, "organisation": support.pk}
    )
    assert "Du kan inte beställa rapporter om den organisationen" in response.content.decode()
    assert callbacks == [] and not Report.objects.exists()
