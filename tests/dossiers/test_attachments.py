"""Attachments: type by content, size limit, content-addressed storage, event recorded."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.actions import (
    DossierInvalidError,
    DossierNotFoundError,
    DossierPermissionError,
)
from motcua.dossiers.actions.attachments import attach_file, storage_path
from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import Attachment, DossierEvent

from .conftest import receive

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MOTCUA_MAX_UPLOAD_MB = 1
    return tmp_path


@pytest.fixture
def dossier(counter_vp):
    return receive(counter_vp)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_a_pdf_is_stored_by_its_hash_with_an_event(dossier, counter_vp, media):
    # when the counter attaches a PDF
    outcome = attach_file(dossier, actor=counter_vp, upload=upload("to-khai.pdf", PDF))
    # then it is stored under its sha256 and the event records name, size and hash
    digest = hashlib.sha256(PDF).hexdigest()
    attachment = outcome.attachment
    assert outcome.created
    assert (attachment.content_type, attachment.size, attachment.sha256) == (
        "application/pdf",
        len(PDF),
        digest,
    )
    assert attachment.path == f"attachments/{digest[:2]}/{digest[2:4]}/{digest}"
    assert (media / attachment.path).read_bytes() == PDF
    event = DossierEvent.objects.filter(dossier=dossier).order_by("-seq").first()
    assert event.action == "attach"
    assert event.payload["sha256"] == digest
    assert event.payload["name"] == "to-khai.pdf"
    assert verify_chain(dossier) == []


def test_a_png_named_anything_is_an_image(dossier, counter_vp):
    outcome = attach_file(dossier, actor=counter_vp, upload=upload("anh-chup.bin", PNG))
    assert outcome.attachment.content_type == "image/png"


def test_a_text_file_named_pdf_is_refused(dossier, counter_vp):
    with pytest.raises(DossierInvalidError) as caught:
        attach_file(dossier, actor=counter_vp, upload=upload("gia-mao.pdf", b"hello, not a pdf"))
    assert "không phải PDF, JPEG hoặc PNG" in caught.value.message
    assert "file" in caught.value.errors
    assert not Attachment.objects.exists()


def test_an_oversized_file_is_refused(dossier, counter_vp):
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(DossierInvalidError, match="vượt quá dung lượng cho phép"):
        attach_file(dossier, actor=counter_vp, upload=upload("lon.pdf", big))
    assert not Attachment.objects.exists()


def test_the_same_content_is_stored_once(dossier, counter_vp):
    first = attach_file(dossier, actor=counter_vp, upload=upload("a.pdf", PDF))
    again = attach_file(dossier, actor=counter_vp, upload=upload("b.pdf", PDF))
    other = attach_file(receive(counter_vp), actor=counter_vp, upload=upload("c.pdf", PDF))
    assert not again.created and again.attachment == first.attachment
    assert other.created and other.attachment.path == first.attachment.path
    assert default_storage.listdir(storage_path(first.attachment.sha256).rsplit("/", 1)[0])[1] == [
        first.attachment.sha256
    ]
    events = DossierEvent.objects.filter(dossier=dossier, action="attach").count()
    assert events == 1


def test_unknown_document_and_outsiders_are_refused(dossier, counter_dt, citizen, counter_vp):
    with pytest.raises(DossierInvalidError) as caught:
        attach_file(dossier, actor=counter_vp, upload=upload("a.pdf", PDF), document="khong-co")
    assert "document" in caught.value.errors
    with pytest.raises(DossierNotFoundError):
        attach_file(dossier, actor=counter_dt, upload=upload("a.pdf", PDF))
    with pytest.raises((DossierNotFoundError, DossierPermissionError)):
        attach_file(dossier, actor=citizen, upload=upload("a.pdf", PDF))
