"""Signed-in pages and downloads are never cached; an Office upload that unpacks to too much is refused."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vudig.core.files import check_upload


def _office(name: str, members: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return SimpleUploadedFile(name, buffer.getvalue())


def _docx(padding: int) -> SimpleUploadedFile:
    return _office(
        "brev.docx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<doc>" + b" " * padding + b"</doc>"}
    )


def test_an_office_file_that_unpacks_past_the_limit_is_refused(settings):
    settings.VUDIG_OFFICE_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    bomb = _docx(5 * 1024 * 1024)  # 5 MB of spaces: a few kilobytes packed
    assert bomb.size < 50 * 1024
    with pytest.raises(ValidationError) as refused:
        check_upload(bomb)
    assert refused.value.code == "unpacks_too_large" and "packas upp till mer än 1,0" in refused.value.messages[0]
    assert check_upload(_docx(100 * 1024)).extension == ".docx"  # an ordinary document passes


def test_an_opendocument_file_is_held_to_the_same_limit(settings):
    settings.VUDIG_OFFICE_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    members = {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b" " * (2 * 1024 * 1024)}
    with pytest.raises(ValidationError) as refused:
        check_upload(_office("text.odt", members))
    assert refused.value.code == "unpacks_too_large"


def test_an_attachment_bomb_is_refused_with_the_form_kept(client, people, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.VUDIG_OFFICE_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    client.force_login(people["manager"])
    response = client.post(
        reverse("steeringgroups:errand_create"),
        {
            "title": "Fråga med bilaga",
            "description": "Se bilagan.",
            "organisation": org.pk,
            "topic": "molntjanster",
            "urgency": 2,
            "attachment": _docx(5 * 1024 * 1024),
        },
    )
    html = response.content.decode()
    assert response.status_code in (200, 400) and "packas upp till mer än" in html and "Fråga med bilaga" in html


def test_signed_in_pages_and_downloads_are_never_stored(client, people):
    public = client.get(reverse("opendata:index"))
    assert "no-store" not in public.get("Cache-Control", "")
    client.force_login(people["process_leader"])
    for url in (reverse("portal:home"), reverse("measures:list"), reverse("steeringgroups:errands")):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url
    export = client.get(reverse("measures:export", args=["csv"]))
    assert export["Content-Disposition"].startswith("attachment") and "no-store" in export["Cache-Control"]
