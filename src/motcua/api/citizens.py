"""Citizens endpoints (`/api/v1/citizen`): the account's own online dossiers, and the
supplement asked for (read it, send it).

Thin: scoped by `citizens.queries.my_dossiers`, the same query as "Hồ sơ của tôi"; the
supplement is sent by `dossiers.supplements.submit_supplement`, the page's action.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from ninja import Form, Query, Router, Schema

from motcua.citizens.queries import my_dossier, my_dossiers
from motcua.dossiers.actions import DossierError, OnlineFile
from motcua.dossiers.supplements import submit_supplement, supplement_of

from .auth import auth
from .numbers import Natural
from .pagination import PageParams, paginate
from .problems import Problem

router = Router(tags=["citizens"])


class MyDossierOut(Schema):
    code: str
    procedure_name: str
    status: int
    status_label: str
    submitted_at: datetime | None
    due_at: datetime | None
    assisted_by_volunteer: bool

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())


class MyDossierPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MyDossierOut]


@router.get("/dossiers", response=MyDossierPage, auth=auth, summary="Hồ sơ của tôi")
def list_my_dossiers(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    """The dossiers this account filed online (a volunteer: the ones they assisted)."""
    return paginate(my_dossiers(request.user), params)


class SupplementAsked(Schema):
    reason: str
    documents: list[str]
    repeat_reason: str
    at: datetime


class SupplementSent(Schema):
    files: list[dict[str, Any]]
    changes: list[dict[str, Any]]
    note: str
    at: datetime


class SupplementOut(Schema):
    """The last supplement request of the dossier and what was sent online after it."""

    code: str
    state: str
    version: int
    request: SupplementAsked
    sent: SupplementSent | None
    count: int
    counts_late: bool


class SupplementIn(Schema):
    """The form fields besides the files: a note, the corrected e-form data (JSON text, the
    whole data as it should be; leave empty for none), the dossier version seen."""

    note: str = ""
    data: str = ""
    version: Natural | None = None


def _mine(request: HttpRequest, code: str) -> Any:
    dossier = my_dossier(request.user, code)
    if dossier is None:
        raise Problem(404, f"Không tìm thấy hồ sơ {code} trong hồ sơ của bạn.")
    return dossier


def _supplement_out(dossier: Any) -> dict[str, Any]:
    summary = supplement_of(dossier)
    if summary is None:
        raise Problem(404, f"Hồ sơ {dossier.code} chưa được yêu cầu bổ sung.")
    return {"code": dossier.code, "state": dossier.state, "version": dossier.version, **summary}


@router.get(
    "/dossiers/{code}/supplement",
    response=SupplementOut,
    auth=auth,
    summary="Yêu cầu bổ sung của hồ sơ của tôi",
)
def get_supplement(request: HttpRequest, code: str) -> dict[str, Any]:
    """What was asked (the list and the reason) and what was sent online after it."""
    return _supplement_out(_mine(request, code))


@router.post(
    "/dossiers/{code}/supplement",
    response=SupplementOut,
    auth=auth,
    summary="Gửi bổ sung hồ sơ trực tuyến",
)
def post_supplement(request: HttpRequest, code: str, payload: Form[SupplementIn]) -> dict[str, Any]:
    """Send the supplement (multipart): each file under the id of the procedure's document
    it is for (`other` for another paper), a `note`, the corrected e-form `data` as JSON.
    The same action as the page (`submit_supplement`): 403 not the filer, 409 not asked or
    already sent, 422 a bad file or data, each problem under its field."""
    dossier = _mine(request, code)
    data: dict[str, Any] | None = None
    if payload.data.strip():
        try:
            data = json.loads(payload.data)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            message = "Dữ liệu tờ khai (data) phải là một đối tượng JSON."
            raise Problem(422, message, errors={"data": [message]})
    files = [
        OnlineFile(
            document="" if field == "other" else field,
            name=upload.name or "tep",
            content=upload.read(),
        )
        for field, uploads in request.FILES.lists()
        for upload in uploads
    ]
    try:
        submit_supplement(
            dossier,
            actor=cast(AbstractBaseUser, request.user),
            files=files,
            data=data,
            note=payload.note,
            expected_version=payload.version,
        )
    except DossierError as error:
        extra: dict[str, Any] = {"errors": error.errors} if error.errors else {}
        raise Problem(error.status, error.message, **extra) from error
    return _supplement_out(dossier)
