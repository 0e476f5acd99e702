"""Signed results in an S3-compatible store (issue 23, part 4): the signed PDF is stored in the
bucket, and the bytes read back from the store verify; the downloads and the public
verification read them from there."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.test import Client

from motcua.dossiers.actions import approve
from motcua.dossiers.models import Dossier
from motcua.signing.models import Certificate, SignedResult
from motcua.signing.verification import verify_pdf
from tests.fixtures.personas import api_client_for
from tests.signing.conftest import PIN


def test_a_signed_result_is_stored_in_the_bucket_and_verifies_read_back(
    to_approve: Dossier, leader_vp: User, leader_cert: Certificate, counter_vp: User, s3_storage
) -> None:
    # given the default storage on a bucket, when the leader approves and signs
    cache.clear()
    dossier = approve(to_approve, actor=leader_vp, pin=PIN)

    # then the signed PDF is an object of the bucket, under its sha256
    result = SignedResult.objects.get(dossier=dossier, paper=False)
    assert result.storage_name in s3_storage.object_keys()
    stored = s3_storage.read(result.storage_name)
    assert result.storage_name.endswith(f"{hashlib.sha256(stored).hexdigest()}.pdf")

    # and the bytes read back through the store verify as the dossier's genuine result
    with default_storage.open(result.storage_name, "rb") as handle:
        report = verify_pdf(handle.read(), code=dossier.code)
    assert report.genuine

    # and the staff download serves those very bytes, the public verification reads them too
    response = api_client_for(counter_vp).get(
        f"/api/v1/dossiers/{dossier.code}/documents/result.pdf"
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body == stored
    html = Client().get(f"/verify/{dossier.code}").content.decode()
    assert "Văn bản hợp lệ" in html
