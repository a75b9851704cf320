"""Attachments are accepted by content, not by name; names cannot trick the storage."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from steeringgroups.models import Attachment
from steeringgroups.services import attachment_add
from vudig.core.files import check_upload, display_name

from .conftest import PDF_BYTES

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def ooxml(kind="word"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{kind}/document.xml", "<doc/>")
    return buffer.getvalue()


def odt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<doc/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("rapport.pdf", PDF_BYTES, "application/pdf"),
        ("bild.PNG", PNG, "image/png"),
        ("foto.jpg", JPEG, "image/jpeg"),
        ("anteckning.txt", "Hej på dig, åäö".encode(), "text/plain"),
        ("tabell.csv", b"a;b\n1;2\n", "text/csv"),
        ("brev.docx", ooxml("word"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("kalkyl.xlsx", ooxml("xl"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("gammal.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "application/msword"),
        ("text.odt", odt(), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_accepted_types(name, content, content_type):
    checked = check_upload(SimpleUploadedFile(name, content))
    assert checked.content_type == content_type


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("skript.pdf", b"#!/bin/sh\nrm -rf /\n", "disguised"),  # a script renamed to .pdf
        ("bild.png", PDF_BYTES, "disguised"),  # right family, wrong content
        ("brev.docx", b"PK\x03\x04not really a zip", "disguised"),
        ("kalkyl.xlsx", ooxml("word"), "disguised"),  # a Word file renamed to .xlsx
        ("program.exe", b"MZ\x90\x00", "type"),
        ("sida.html", b"<script>alert(1)</script>", "type"),
        ("binar.txt", b"abc\x00def", "disguised"),
        ("utan-andelse", b"hej", "type"),
        ("tom.pdf", b"", "empty"),
    ],
)
def test_refused_types(name, content, code):
    with pytest.raises(ValidationError) as info:
        check_upload(SimpleUploadedFile(name, content))
    assert info.value.code == code


def test_size_limit_comes_from_the_setting(settings):
    settings.VUDIG_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as info:
        check_upload(SimpleUploadedFile("stor.pdf", PDF_BYTES + b"x" * 200))
    assert info.value.code == "too_large"
    assert "för stor" in info.value.messages[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\system32\\x.pdf", "x.pdf"),
        ("/absolut/väg/Årsrapport 2025.pdf", "Årsrapport 2025.pdf"),
        ("rad\nbrytning\x00.pdf", "radbrytning.pdf"),
        ("<script>.pdf", "_script_.pdf"),
        ("..", "bilaga"),
        ("a..b...pdf", "a.b.pdf"),
    ],
)
def test_display_names_are_harmless(raw, expected):
    assert display_name(raw) == expected


def test_stored_name_is_generated_and_inside_media_root(errand, people, media_root):
    attachment = attachment_add(
        errand=errand, upload=SimpleUploadedFile("../../../../tmp/elak.pdf", PDF_BYTES), by=people["manager"]
    )
    path = attachment.file.path
    assert str(path).startswith(str(media_root))
    assert "elak" not in attachment.file.name and ".." not in attachment.file.name
    assert attachment.original_name == "elak.pdf"
    with open(path, "rb") as handle:
        assert handle.read() == PDF_BYTES


def test_refused_file_saves_nothing(errand, people, media_root):
    before = Attachment.objects.count()
    with pytest.raises(ValidationError):
        attachment_add(errand=errand, upload=SimpleUploadedFile("x.pdf", b"not a pdf"), by=people["manager"])
    assert Attachment.objects.count() == before
    stored = [p for p in media_root.rglob("*") if p.is_file()]
    assert len(stored) == before  # only the fixture's own attachment is on disk
