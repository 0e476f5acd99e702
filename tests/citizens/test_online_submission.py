"""dossiers.online.submit_online and the counter's accept/refuse of an online dossier."""

from __future__ import annotations

import pytest
from django.core import mail

from motcua.dossiers.actions import DossierInvalidError, DossierNotFoundError, accept
from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import Attachment
from motcua.notifications.models import Message
from motcua.notifications.providers import MemorySmsProvider

from .conftest import file_online

pytestmark = pytest.mark.django_db(transaction=False)


def test_submit_online_creates_status_1_dossier_with_files(
    citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = file_online(citizen)
    assert dossier.status == 1
    assert dossier.state == "submitted"
    assert dossier.channel == 2
    assert dossier.submitted_by_id == citizen.pk
    assert dossier.received_by_id is None
    assert dossier.code.split("-")[0] == dossier.receiving_agency.ecode
    assert Attachment.objects.filter(dossier=dossier).count() >= 1
    assert verify_chain(dossier) == []


def test_submit_online_refuses_missing_documents(citizen):
    with pytest.raises(DossierInvalidError) as caught:
        file_online(citizen, files=[])
    assert "documents" in caught.value.errors


def test_counter_accepts_online_dossier_and_citizen_is_told(
    citizen, counter_vp, django_capture_on_commit_callbacks
):
    dossier = file_online(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        accept(dossier, actor=counter_vp)
    assert dossier.status == 2
    assert dossier.due_at is not None
    texts = [m["text"] for m in MemorySmsProvider.sent]
    assert any("đã được tiếp nhận" in text for text in texts)
    assert Message.objects.filter(dossier_code=dossier.code, status="sent").exists()
    assert not mail.outbox


def test_counter_of_other_commune_cannot_accept(citizen, counter_dt):
    dossier = file_online(citizen)
    with pytest.raises(DossierNotFoundError):
        accept(dossier, actor=counter_dt)


def test_counter_finds_an_online_dossier_by_the_applicants_name(citizen, counter_vp):
    from motcua.dossiers.queries import dossiers_list

    dossier = file_online(citizen)
    assert list(dossiers_list(counter_vp, q=dossier.applicant_name)) == [dossier]


def test_documents_only_shown_in_original_need_no_upload_online(citizen):
    from motcua.catalog.queries import procedure_version

    from .conftest import BIRTH, file_documents

    # given the birth registration, whose ID document is only shown (xuất trình)
    version = procedure_version(BIRTH)
    assert version is not None
    present = [doc["id"] for doc in version.required_documents if doc["form"] == "present"]
    assert "giay-to-tuy-than" in present
    # when the citizen uploads every mandatory document but that one
    files = [item for item in file_documents() if item.document not in present]
    dossier = file_online(citizen, files=files)
    # then the dossier is filed, the ID document recorded as one original to show
    declared = {row["document"]: row for row in dossier.documents}
    assert declared["giay-to-tuy-than"] == {
        "document": "giay-to-tuy-than",
        "originals": 1,
        "copies": 0,
    }
    # and a document that must be handed in still cannot be left out
    with pytest.raises(DossierInvalidError):
        file_online(citizen, files=[])
