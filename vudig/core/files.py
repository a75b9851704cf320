"""Uploaded files (ärende attachments, documents behind a status): which are accepted (checked by content, not by
name) and how their names are shown.

Accepted: PDF, Office documents (OOXML .docx/.xlsx/.pptx, OpenDocument .odt/.ods/.odp, legacy .doc/.xls/.ppt),
images (PNG, JPEG, GIF) and plain text (.txt, .csv, .md). The extension must agree with what the bytes are.
The size limit is settings.VUDIG_ATTACHMENT_MAX_BYTES (env VUDIG_ATTACHMENT_MAX_BYTES).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_PREFIX = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
ODF_MIMETYPES = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".md": "text/plain",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    **ODF_MIMETYPES,
}
ACCEPT_ATTRIBUTE = ",".join(sorted(CONTENT_TYPES))
# What a document cited as the basis of a decision may be: PDF or an Office document, not a picture or loose text.
DOCUMENT_EXTENSIONS = frozenset({".pdf", ".doc", ".xls", ".ppt", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"})
DOCUMENT_ACCEPT_ATTRIBUTE = ",".join(sorted(DOCUMENT_EXTENSIONS))


@dataclass(frozen=True)
class CheckedFile:
    display_name: str
    extension: str
    content_type: str
    size: int


def stored_name(prefix: str, filename: str) -> str:
    """A generated storage path under ``prefix``; the person's file name is kept only as display text."""
    return f"{prefix}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def upload_field(*, label, required: bool = False, accept: str = ACCEPT_ATTRIBUTE, kinds=None):
    """A file field whose help text names the accepted kinds and the size limit."""
    from django import forms

    kinds = kinds or gettext_lazy("PDF, Office-dokument, bild (PNG, JPEG, GIF) eller text")
    return forms.FileField(
        label=label,
        required=required,
        help_text=format_lazy("{}, {} {}.", kinds, gettext_lazy("högst"), filesizeformat(max_bytes())),
        widget=forms.ClearableFileInput(attrs={"accept": accept}),
    )


def max_bytes() -> int:
    return int(getattr(settings, "VUDIG_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def display_name(raw: str) -> str:
    """A harmless display name: no directories, no control or odd characters, at most 150 characters."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"[^\w .,()\-]", "_", name).strip(" .")
    name = re.sub(r"\.{2,}", ".", name)
    if len(name) > 150:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 149 - len(ext)] + dot + ext) if dot and len(ext) <= 10 else name[:150]
    return name or "bilaga"


def _extension(name: str) -> str:
    _stem, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot else ""


def _head(upload, n: int = 4096) -> bytes:
    upload.seek(0)
    data = upload.read(n)
    upload.seek(0)
    return data


def _zip_member_names(upload) -> set[str] | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)


DEFAULT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
# More members than this is no office document (a large workbook has some hundreds).
MAX_ZIP_MEMBERS = 10_000


def max_uncompressed_bytes() -> int:
    return int(getattr(settings, "VUDIG_OFFICE_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES))


def _zip_unpacked_size(upload) -> int | None:
    """What the archive's members unpack to, as their headers declare (zipfile never inflates a member past that), or
    None when it is no readable zip or has more members than any office document."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                return None
            return sum(info.file_size for info in members)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)


def _odf_mimetype(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            info = archive.getinfo("mimetype")
            if info.file_size > 200:  # a real ODF mimetype entry is one short line
                return None
            return archive.read(info).decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    finally:
        upload.seek(0)


def _is_text(upload) -> bool:
    upload.seek(0)
    try:
        for chunk in upload.chunks():
            if b"\x00" in chunk:
                return False
        upload.seek(0)
        raw = upload.read()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            raw.decode("cp1252")  # older Windows text files; undefined bytes fail here
        return True
    except UnicodeDecodeError:
        return False
    finally:
        upload.seek(0)


def _content_matches(upload, ext: str) -> bool:
    head = _head(upload)
    if ext == ".pdf":
        return head.startswith(b"%PDF-")
    if ext == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext == ".gif":
        return head[:6] in (b"GIF87a", b"GIF89a")
    if ext in (".doc", ".xls", ".ppt"):
        return head.startswith(OLE2_MAGIC)
    if ext in OOXML_PREFIX:
        if not head.startswith(b"PK\x03\x04"):
            return False
        names = _zip_member_names(upload)
        return (
            names is not None and "[Content_Types].xml" in names and any(n.startswith(OOXML_PREFIX[ext]) for n in names)
        )
    if ext in ODF_MIMETYPES:
        return head.startswith(b"PK\x03\x04") and _odf_mimetype(upload) == ODF_MIMETYPES[ext]
    if ext in (".txt", ".csv", ".md"):
        return _is_text(upload)
    return False


def check_upload(upload, *, extensions: frozenset[str] | None = None) -> CheckedFile:
    """Accept the upload or raise a ValidationError in Swedish saying what is wrong (``extensions`` narrows the
    accepted types, e.g. to DOCUMENT_EXTENSIONS)."""
    name = display_name(upload.name)
    ext = _extension(name)
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("Filen är för stor (%(size)s). Största tillåtna storlek är %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("Filen är tom."), code="empty")
    if ext not in CONTENT_TYPES:
        raise ValidationError(
            _("Filtypen tillåts inte. Tillåtna är PDF, Office-dokument, bilder (PNG, JPEG, GIF) och text."),
            code="type",
        )
    if extensions is not None and ext not in extensions:
        raise ValidationError(_("Filtypen tillåts inte här. Tillåtna är PDF och Office-dokument."), code="type")
    if not _content_matches(upload, ext):
        raise ValidationError(
            _("Filens innehåll stämmer inte med filtypen %(ext)s. Spara filen i rätt format och försök igen.")
            % {"ext": ext},
            code="disguised",
        )
    if ext in OOXML_PREFIX or ext in ODF_MIMETYPES:
        unpacked, unpack_limit = _zip_unpacked_size(upload), max_uncompressed_bytes()
        if unpacked is None or unpacked > unpack_limit:
            raise ValidationError(
                _(
                    "Filen packas upp till mer än %(limit)s och tas inte emot. Spara dokumentet utan inbäddade filer "
                    "eller dela upp det."
                )
                % {"limit": filesizeformat(unpack_limit)},
                code="unpacks_too_large",
            )
    return CheckedFile(display_name=name, extension=ext, content_type=CONTENT_TYPES[ext], size=upload.size)
