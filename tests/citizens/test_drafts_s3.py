"""A citizen's files in an S3-compatible store (issue 23, part 4): a draft's upload is stored in
the bucket under its sha256, and submitting the draft reads it back from there into the
dossier's attachment."""

from __future__ import annotations

import hashlib

import pytest

from motcua.citizens import actions
from motcua.dossiers.models import Attachment

from .conftest import APPLICANT, BIRTH, PDF, VINH_PHUC, form_example

pytestmark = pytest.mark.django_db


def test_a_draft_file_lands_in_the_bucket_and_the_submitted_dossier_keeps_it(
    citizen, s3_storage, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path  # must stay empty
    # given a citizen's filled birth-registration draft
    draft = actions.start_draft(owner=citizen, procedure=BIRTH, unit=VINH_PHUC)
    actions.save_draft(
        draft,
        applicant={"full_name": APPLICANT.full_name, "id_number": APPLICANT.id_number},
        data=form_example(),
    )

    # when they upload the birth certificate
    content = PDF + b"% s3\n"
    row = actions.add_draft_file(
        draft, document="giay-chung-sinh", name="giay-chung-sinh.pdf", content=content
    )

    # then it is an object of the bucket under its sha256, nothing on the local disk
    digest = hashlib.sha256(content).hexdigest()
    assert row.path == f"attachments/{digest[:2]}/{digest[2:4]}/{digest}"
    assert s3_storage.object_keys() == [row.path]
    assert s3_storage.read(row.path) == content
    assert list(tmp_path.iterdir()) == []

    # and when they submit, the dossier's attachment is that same object
    dossier = actions.submit_draft(draft, actor=citizen)
    attachment = Attachment.objects.get(dossier=dossier, document="giay-chung-sinh")
    assert (attachment.path, attachment.sha256) == (row.path, digest)
    assert s3_storage.object_keys() == [row.path]
