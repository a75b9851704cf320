"""What a status rests on (decision, plan decision, document), replacements across plans, comments, the timeline."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from measures import services
from measures.constants import ResultStatus
from measures.models import Comment, Measure, MeasureResult, Plan, StatusDocument
from measures.selectors import decision_label, measure_timeline
from steeringgroups.constants import DecisionKind
from steeringgroups.models import Decision
from tests.steeringgroups.factories import AgendaItemFactory, ErrandFactory, MeetingFactory
from vudig.core.concurrency import StaleVersionError

from .factories import MeasureFactory, MeasureResultFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf(name="protokoll.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def decision(people, extern_group, org):
    meeting = MeetingFactory(steering_group=extern_group, date=datetime.date(2026, 5, 12))
    item = AgendaItemFactory(meeting=meeting, order=4, title="Beredningsgrupper")
    errand = ErrandFactory(organisation=org, title="Beredningsgrupper", submitted_by=people["manager"])
    return Decision.objects.create(
        agenda_item=item,
        errand=errand,
        meeting=meeting,
        steering_group=extern_group,
        # The register's § runs per group and year; it is not the agenda position (4).
        kind=DecisionKind.MOTE,
        paragraph=12,
        text="Beredningsgrupperna ersätts av den gemensamma beredningsfunktionen.",
        follow_up_owner="Processledaren",
        follow_up_date=datetime.date(2026, 12, 1),
        decided_on=datetime.date(2026, 5, 12),
        decided_by=people["chair"],
    )


def earlier(title="Centrala beredningsgrupper", result="Ekonomi- & affärsgrupp"):
    return MeasureResult.objects.select_related("measure").get(
        measure__plan__slug="tidigare-atgarder", measure__title=title, title=result
    )


def current_measure():
    return Measure.objects.get(plan__slug="plan-for-digitalisering", title="Utarbeta digitaliseringsstrategi")


def set_status(result, by, **kwargs):
    values = {"status": ResultStatus.PABORJAT, "motivation": "Beslut i styrgruppen", "expected_version": result.version}
    values.update(kwargs)
    return services.measure_result_set_status(result=result, by=by, **values)


# -- services: the basis ------------------------------------------------------------------------------------------
def test_alt_losning_citing_a_decision_needs_no_reason(people, decision):
    result = earlier()
    set_status(result, people["process_leader"], status=ResultStatus.ALT_LOSNING, basis_decision=decision)
    result.refresh_from_db()
    assert (result.status, result.basis_decision, result.status_reason) == (ResultStatus.ALT_LOSNING, decision, "")


@pytest.mark.parametrize("status", [ResultStatus.ALT_LOSNING, ResultStatus.EJ_GENOMFORD])
def test_not_done_without_basis_or_reason_is_refused_in_swedish(people, status):
    result = earlier()
    before = (result.status, result.version, result.history.count())
    with pytest.raises(ValidationError) as exc:
        set_status(result, people["process_leader"], status=status)
    assert "ange ett styrgruppsbeslut, ett planbeslut eller ett dokument" in " ".join(exc.value.messages)
    assert "reason" in exc.value.error_dict
    result.refresh_from_db()
    assert (result.status, result.version, result.history.count()) == before


def test_a_decided_plan_may_be_the_basis_but_a_draft_may_not(people):
    result = earlier()
    decided = Plan.objects.get(slug="plan-for-digitalisering")
    set_status(result, people["process_leader"], status=ResultStatus.EJ_GENOMFORD, basis_plan=decided)
    result.refresh_from_db()
    assert result.basis_plan == decided
    draft = Plan.objects.create(slug="utkast", title="Utkastet", order=99)
    with pytest.raises(ValidationError, match="inte beslutad"):
        set_status(result, people["process_leader"], basis_plan=draft, expected_version=result.version)
    result.refresh_from_db()
    assert result.basis_plan == decided


def test_a_document_is_stored_under_a_generated_name_and_cited(people):
    result = earlier()
    set_status(result, people["process_leader"], status=ResultStatus.EJ_GENOMFORD, document=pdf("../../etc/x.pdf"))
    result.refresh_from_db()
    document = result.basis_document
    assert document.original_name == "x.pdf" and document.content_type == "application/pdf"
    assert document.file.name.startswith("status-documents/") and "x.pdf" not in document.file.name
    assert document.uploaded_by == people["process_leader"]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("bild.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20), "PDF och Office-dokument"),
        (SimpleUploadedFile("falsk.pdf", b"MZ\x90\x00 not a pdf"), "stämmer inte"),
    ],
)
def test_a_document_that_is_not_pdf_or_office_is_refused_and_nothing_is_stored(people, upload, message):
    result = earlier()
    with pytest.raises(ValidationError, match=message):
        set_status(result, people["process_leader"], status=ResultStatus.EJ_GENOMFORD, document=upload)
    assert not StatusDocument.objects.exists()
    result.refresh_from_db()
    assert result.status != ResultStatus.EJ_GENOMFORD


def test_every_error_is_given_at_once_by_field(people):
    result = earlier()
    with pytest.raises(ValidationError) as exc:
        set_status(
            result,
            people["process_leader"],
            status=ResultStatus.ALT_LOSNING,
            motivation="",
            replacement_result=result,
            replacement_measure=result.measure,
        )
    assert {"motivation", "reason", "replacement_result", "replacement_measure"} <= set(exc.value.error_dict)


def test_a_stale_page_with_a_document_is_refused_before_the_file_is_stored(people):
    result = earlier()
    set_status(result, people["process_leader"])
    with pytest.raises(StaleVersionError):
        set_status(
            result,
            people["process_leader"],
            status=ResultStatus.EJ_GENOMFORD,
            document=pdf(),
            motivation="Annan",
            expected_version=1,
        )
    assert not StatusDocument.objects.exists()


# -- services: comments -------------------------------------------------------------------------------------------
def test_comment_is_saved_with_author_and_time_and_history(people):
    measure = earlier().measure
    comment = services.comment_add(measure=measure, text="  Hur går det?  ", by=people["manager_other_org"])
    assert (comment.text, comment.author, comment.result) == ("Hur går det?", people["manager_other_org"], None)
    assert comment.created_at is not None
    assert comment.history.first().history_user == people["manager_other_org"]


def test_comment_on_a_result_of_another_measure_or_empty_is_refused(people):
    result = earlier()
    other = current_measure()
    with pytest.raises(ValidationError, match="hör inte till"):
        services.comment_add(measure=other, result=result, text="x", by=people["process_leader"])
    with pytest.raises(ValidationError, match="Skriv en kommentar"):
        services.comment_add(measure=other, text="  ", by=people["process_leader"])
    assert not Comment.objects.exists()


@pytest.mark.parametrize("who", ["reader", "no_role", "anonymous"])
def test_reader_and_people_without_a_role_cannot_comment(people, who):
    with pytest.raises(PermissionDenied):
        services.comment_add(measure=current_measure(), text="x", by=people[who])
    assert not Comment.objects.exists()


# -- views --------------------------------------------------------------------------------------------------------
@pytest.fixture
def leader_client(client, people):
    client.force_login(people["process_leader"])
    return client


def status_url(result):
    return reverse("measures:result_status", args=[result.measure_id, result.pk])


def status_post(result, **values):
    data = {"status": "paborjat", "motivation": "Gruppen har startat", "version": result.version, **values}
    return {f"r{result.pk}-{k}": v for k, v in data.items()}


def test_status_page_shows_every_error_at_once_linked_to_fields_that_exist_and_keeps_the_input(leader_client):
    result = earlier()
    response = leader_client.post(
        status_url(result),
        status_post(result, status="alt_losning", motivation="", reason="", replacement_result=result.pk),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and "autofocus" in html and f'id="r{result.pk}-errors"' in html
    for field in ("motivation", "reason", "replacement_result"):
        assert f'href="#id_r{result.pk}-{field}"' in html
        assert f'id="id_r{result.pk}-{field}"' in html
    assert "Skriv en motivering" in html and "kan inte ersätta sig självt" in html
    assert "(obligatoriskt)" in html  # the motivation is marked required
    result.refresh_from_db()
    assert result.status == "ej_paborjad"


def test_inline_status_forms_offer_the_same_fields_as_the_page(leader_client):
    result = earlier()
    page = leader_client.get(status_url(result)).content.decode()
    listing = leader_client.get(reverse("measures:list"), {"plan": result.measure.plan_id}).content.decode()
    detail = leader_client.get(result.measure.get_absolute_url()).content.decode()
    for field in ("status", "motivation", "reason", "basis_decision", "basis_plan", "document"):
        name = f'name="r{result.pk}-{field}"'
        assert name in page and name in listing and name in detail, field
    for field in ("replacement_measure", "replacement_result"):
        assert f'name="r{result.pk}-{field}"' in page and f'name="r{result.pk}-{field}"' in detail, field
    assert 'enctype="multipart/form-data"' in listing


def test_replacement_choices_are_grouped_by_plan_with_the_plan_in_force_first_and_never_the_item_itself(
    leader_client,
):
    result = earlier()
    html = leader_client.get(status_url(result)).content.decode()
    select = html.split(f'name="r{result.pk}-replacement_measure"')[1].split("</select>")[0]
    groups = select.split("<optgroup label=")[1:]
    assert len(groups) >= 2
    assert groups[0].startswith('"Bästa möjliga för Piteå') and "gäller nu" in groups[0]
    assert f'value="{result.measure_id}"' not in select  # not its own measure
    results = html.split(f'name="r{result.pk}-replacement_result"')[1].split("</select>")[0]
    assert f'value="{result.pk}"' not in results


def test_status_with_a_document_is_saved_and_the_document_served_only_with_permission(client, people, leader_client):
    result = earlier()
    response = leader_client.post(
        status_url(result),
        {**status_post(result, status="ej_genomford"), f"r{result.pk}-document": pdf()},
    )
    assert response.status_code == 302
    result.refresh_from_db()
    document = result.basis_document
    url = document.get_absolute_url()
    page = leader_client.get(result.measure.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page and "protokoll.pdf" in page
    served = leader_client.get(url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF
    assert 'filename="protokoll.pdf"' in served["Content-Disposition"]
    # A guessed url (the document under another measure, or no such document) is not found.
    other = current_measure()
    assert leader_client.get(reverse("measures:document", args=[other.pk, document.pk])).status_code == 404
    assert leader_client.get(reverse("measures:document", args=[result.measure_id, 999999])).status_code == 404
    for who, expected in (("reader", 200), ("manager_other_org", 200), ("no_role", 403)):
        client.force_login(people[who])
        assert client.get(url).status_code == expected, who
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_disguised_document_is_refused_on_the_form_and_nothing_is_saved(leader_client):
    result = earlier()
    response = leader_client.post(
        status_url(result),
        {
            **status_post(result, status="ej_genomford", reason="Se bilagan"),
            f"r{result.pk}-document": SimpleUploadedFile("beslut.docx", b"not a zip"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "stämmer inte med filtypen .docx" in html and f'href="#id_r{result.pk}-document"' in html
    assert 'value="Se bilagan"' not in html  # textarea: the text is its content
    assert "Se bilagan</textarea>" in html
    result.refresh_from_db()
    assert result.status == "ej_paborjad" and not StatusDocument.objects.exists()


def test_comment_form_on_the_measure_page(client, people):
    measure = current_measure()
    client.force_login(people["manager"])
    page = client.get(measure.get_absolute_url()).content.decode()
    assert f'action="{reverse("measures:comment", args=[measure.pk])}"' in page
    response = client.post(reverse("measures:comment", args=[measure.pk]), {"text": "Vi på Socialtjänst är med."})
    assert response.status_code == 302
    client.force_login(people["kommunchef"])
    client.post(reverse("measures:comment", args=[measure.pk]), {"text": "Bra."})
    html = client.get(measure.get_absolute_url()).content.decode()
    assert html.index("Vi på Socialtjänst är med.") < html.index("Bra.")
    assert people["manager"].get_full_name() in html  # the author's name
    # An empty comment: the page again with the Swedish reason, nothing saved.
    response = client.post(reverse("measures:comment", args=[measure.pk]), {"text": "  "})
    assert response.status_code == 400 and "Skriv en kommentar" in response.content.decode()
    assert Comment.objects.count() == 2


def test_reader_sees_comments_but_no_form_and_cannot_post(client, people):
    measure = current_measure()
    services.comment_add(measure=measure, text="Synligt för alla", by=people["process_leader"])
    client.force_login(people["reader"])
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "Synligt för alla" in page and reverse("measures:comment", args=[measure.pk]) not in page
    assert client.post(reverse("measures:comment", args=[measure.pk]), {"text": "x"}).status_code == 403
    assert Comment.objects.count() == 1


# -- the timeline -------------------------------------------------------------------------------------------------
def test_timeline_names_replacements_and_the_basis_never_ids(leader_client, people, decision):
    result = earlier()
    target = current_measure()
    set_status(
        result,
        people["process_leader"],
        status=ResultStatus.ALT_LOSNING,
        replacement_measure=target,
        basis_decision=decision,
    )
    html = leader_client.get(result.measure.get_absolute_url()).content.decode()
    timeline = html.split('id="history-heading"')[1]
    assert f"<ins>{escape(str(target))}</ins>" in timeline
    assert f"→ <ins>{target.pk}</ins>" not in timeline
    assert f"Extern digitalisering 2026 § 12, 2026-05-12 ({decision.errand.reference})" in timeline
    assert "§4" not in timeline
    # The measure's own creation entry names the measure, not a result that shares its id.
    measure = result.measure
    created = [e for e in measure_timeline(measure) if e.kind == "+" and e.subject.startswith("Åtgärd")]
    assert created and all(e.subject == f"Åtgärd: {measure.title}" for e in created)


def test_a_comment_shows_in_the_timeline(people):
    measure = current_measure()
    services.comment_add(measure=measure, text="En kommentar", by=people["beredning"])
    assert any(e.subject == "Kommentar: En kommentar" for e in measure_timeline(measure))


def test_replacement_result_in_another_plan_shows_ersatter_on_its_page(leader_client, people):
    result = earlier()
    target = MeasureResultFactory(measure=current_measure(), title="Strategin antagen")
    set_status(result, people["process_leader"], status=ResultStatus.ALT_LOSNING, reason="x", replacement_result=target)
    html = leader_client.get(target.measure.get_absolute_url()).content.decode()
    assert escape(f"ersätter ”{result.title}”") in html and "genom resultatet" in html


def test_creation_entry_names_the_measure_even_when_a_result_shares_its_id(plan):
    shared = max(Measure.objects.order_by("-pk").first().pk, MeasureResult.objects.order_by("-pk").first().pk) + 100
    measure = MeasureFactory(pk=shared, plan=Plan.objects.get(slug="plan-for-digitalisering"), title="Ny åtgärd")
    MeasureResultFactory(pk=shared, measure=measure, title="Delresultat med samma id")
    subjects = sorted(e.subject for e in measure_timeline(measure) if e.kind == "+")
    assert subjects == ["Resultat: Delresultat med samma id", "Åtgärd: Ny åtgärd"]


def test_the_same_document_sent_twice_is_a_double_submit(people):
    result = earlier()
    set_status(result, people["process_leader"], status=ResultStatus.EJ_GENOMFORD, document=pdf())
    result.refresh_from_db()
    version, records = result.version, result.history.count()
    set_status(result, people["process_leader"], status=ResultStatus.EJ_GENOMFORD, document=pdf(), expected_version=1)
    result.refresh_from_db()
    assert (result.version, result.history.count(), StatusDocument.objects.count()) == (version, records, 1)


def test_a_status_cites_the_decision_by_its_register_paragraph_not_its_agenda_position(leader_client, people, decision):
    result = earlier()
    set_status(result, people["process_leader"], status=ResultStatus.PABORJAT, basis_decision=decision)
    cited = f"Extern digitalisering 2026 § 12, 2026-05-12 ({decision.errand.reference})"
    html = leader_client.get(result.measure.get_absolute_url()).content.decode()
    basis = html.split('class="result__basis"')[1].split("</p>")[0]
    assert f'<a href="{decision.get_absolute_url()}">Extern digitalisering 2026 § 12</a>' in basis
    assert "2026-05-12" in basis and decision.errand.reference in basis and "§4" not in basis
    # The choice in the status form names it the same way.
    assert decision_label(decision).startswith(cited)
    form_page = leader_client.get(
        reverse("measures:result_status", args=[result.measure_id, result.pk])
    ).content.decode()
    assert escape(cited) in form_page
    # A plan decision (no §) is cited by its body and dnr.
    plan_decision = Decision.objects.create(
        kind=DecisionKind.PLAN,
        plan=current_measure().plan,
        decided_body="Kommunchef",
        dnr="KS 2026/41",
        text="Kommunchefen beslutar planen.",
        decided_on=datetime.date(2026, 1, 20),
        decided_by=people["kommunchef"],
    )
    assert decision_label(plan_decision) == "Kommunchef KS 2026/41, 2026-01-20: Kommunchefen beslutar planen."
