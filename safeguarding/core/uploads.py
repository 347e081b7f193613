"""Files people upload: evidence, meeting papers, import spreadsheets.

One check for every upload, used by the form field (`UploadField`) and again by the service
(`check_upload`), so a page and a script refuse the same files with the same words: the
extension must be one the form accepts, the first bytes must agree with it (a .pdf that is
really a program is refused), it must not be empty or bigger than HUB_UPLOAD_MAX_BYTES.
Files are stored under a generated name (`stored_name`), never the name they came with.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

SNIFF_BYTES = 2048


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut off at the end of the sample is still UTF-8; otherwise
        # accept Windows-1252, which Excel on Windows saves CSV in.
        if error.start < len(head) - 3:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


@dataclass(frozen=True)
class FileKind:
    name: str  # as people know it, for messages: "PDF", "Excel (.xlsx)"
    content_type: str
    magic: bytes | None  # what the file starts with; None for text

    def looks_right(self, head: bytes) -> bool:
        return head.startswith(self.magic) if self.magic is not None else _is_text(head)


OFFICE_ZIP = b"PK\x03\x04"
KINDS = {
    "pdf": FileKind("PDF", "application/pdf", b"%PDF-"),
    "docx": FileKind(
        "Word (.docx)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        OFFICE_ZIP,
    ),
    "xlsx": FileKind(
        "Excel (.xlsx)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        OFFICE_ZIP,
    ),
    "png": FileKind("PNG image", "image/png", b"\x89PNG\r\n\x1a\n"),
    "jpg": FileKind("JPG image", "image/jpeg", b"\xff\xd8\xff"),
    "jpeg": FileKind("JPG image", "image/jpeg", b"\xff\xd8\xff"),
    "csv": FileKind("CSV", "text/csv", None),
    "txt": FileKind("text", "text/plain", None),
}


@dataclass(frozen=True)
class Accepted:
    """The kinds of file one upload accepts, and how a message lists them."""

    extensions: tuple[str, ...]
    described: str  # completes "The selected file must be ..."
    hint: str  # the field's hint unless the form gives its own


DOCUMENTS = Accepted(
    ("pdf", "docx", "xlsx", "png", "jpg", "jpeg", "csv", "txt"),
    "a PDF, Word (.docx), Excel (.xlsx), image (PNG or JPG), CSV or text file",
    "PDF, Word (.docx), Excel (.xlsx), PNG, JPG, CSV or plain text",
)
SPREADSHEETS = Accepted(
    ("csv", "xlsx"), "a CSV or Excel (.xlsx) file", "A CSV or Excel (.xlsx) file"
)


@dataclass(frozen=True)
class CheckedUpload:
    extension: str
    content_type: str


def describe_size(size: int) -> str:
    """ "20 MB", "512 KB", "10 bytes"."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def upload_problem(upload, accepted: Accepted = DOCUMENTS) -> str | None:
    """What is wrong with an upload, in words for the person who chose it; None if nothing."""
    name = os.path.basename(upload.name or "")
    extension = extension_of(name)
    if extension not in accepted.extensions:
        return f"The selected file, {name}, must be {accepted.described}"
    if not upload.size:
        return f"The selected file, {name}, is empty"
    limit = settings.HUB_UPLOAD_MAX_BYTES
    if upload.size > limit:
        return f"The selected file must be smaller than {describe_size(limit)}"
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = KINDS[extension]
    if not kind.looks_right(head):
        return (
            f"The selected file, {name}, is not a real {kind.name} file: "
            f"save it as {kind.name} again and upload that"
        )
    return None


def check_upload(upload, accepted: Accepted = DOCUMENTS, field: str = "file") -> CheckedUpload:
    """The service's check: ValidationError keyed by `field` unless the upload is acceptable."""
    problem = upload_problem(upload, accepted)
    if problem:
        raise ValidationError({field: problem})
    extension = extension_of(upload.name)
    return CheckedUpload(extension, KINDS[extension].content_type)


def extension_of(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def stored_name(folder: str, extension: str) -> str:
    """Where to store an upload: a random name in `folder`, so a file's name can never reach
    outside it, clash with another or tell a passer-by what it holds."""
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


class UploadField(forms.FileField):
    """A file input that accepts only `accepted` kinds, checked by extension and contents."""

    def __init__(self, *, accepted: Accepted = DOCUMENTS, **kwargs):
        self.accepted = accepted
        kwargs.setdefault("help_text", accepted.hint)
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("required", "Select a file")
        # An empty file reaches upload_problem, whose message names it.
        super().__init__(allow_empty_file=True, **kwargs)
        extensions = ",".join(f".{extension}" for extension in accepted.extensions)
        self.widget.attrs.setdefault("accept", extensions)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            problem = upload_problem(upload, self.accepted)
            if problem:
                raise forms.ValidationError(problem, code="file_kind")
        return upload
