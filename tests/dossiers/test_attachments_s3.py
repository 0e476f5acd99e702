"""Attachments in an S3-compatible store (issue 23, part 4): an upload through the action lands
in the bucket under its sha256, private, and the attachment view serves it from there."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.actions.attachments import attach_file
from motcua.dossiers.actions.online import store_bytes

from .conftest import receive

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # must stay empty: the files go to the bucket
    return tmp_path


def test_an_attachment_lands_in_the_bucket_and_is_served_from_it(
    client, counter_vp, specialist_vp, s3_storage, media
):
    # given a dossier at the counter
    dossier = receive(counter_vp)

    # when the counter attaches a scan
    outcome = attach_file(
        dossier,
        actor=counter_vp,
        upload=SimpleUploadedFile("giay-chung-sinh.pdf", PDF, content_type="application/pdf"),
    )

    # then the bucket holds it under its sha256, nothing is on the local disk
    digest = hashlib.sha256(PDF).hexdigest()
    key = f"attachments/{digest[:2]}/{digest[2:4]}/{digest}"
    assert outcome.attachment.path == key
    assert s3_storage.object_keys() == [key]
    assert hashlib.sha256(s3_storage.read(key)).hexdigest() == digest
    assert list(media.iterdir()) == []
    # private: no grant to everyone
    grants = s3_storage.client().get_object_acl(Bucket=s3_storage.bucket, Key=key)["Grants"]
    assert not [g for g in grants if "AllUsers" in str(g.get("Grantee", {}).get("URI", ""))]

    # and the attachment view serves it from the store, never a redirect to the bucket
    client.force_login(specialist_vp)
    response = client.get(f"/ho-so/{dossier.code}/tep/{outcome.attachment.pk}/?tai=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF


def test_the_same_content_twice_is_one_object(counter_vp, s3_storage):
    # given a file already in the bucket (a citizen's draft)
    digest = hashlib.sha256(PDF).hexdigest()
    first = store_bytes(PDF, digest)

    # when the counter attaches the same bytes to a dossier
    dossier = receive(counter_vp)
    outcome = attach_file(dossier, actor=counter_vp, upload=SimpleUploadedFile("b.pdf", PDF))

    # then one object, shared
    assert outcome.attachment.path == first
    assert s3_storage.object_keys() == [first]
