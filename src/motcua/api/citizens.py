"""Citizens endpoints (`/api/v1/citizen`): the account's own online dossiers.

Thin: scoped by `citizens.queries.my_dossiers`, the same query as "Hồ sơ của tôi".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from motcua.citizens.queries import my_dossiers

from .auth import auth
from .pagination import PageParams, paginate

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
