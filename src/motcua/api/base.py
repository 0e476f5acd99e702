"""The NinjaAPI instance and its routers, one module per domain."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.renderers import JSONRenderer

from . import (
    accounts,
    calendar,
    catalog,
    citizens,
    civilreg,
    documents,
    dossiers,
    offline,
    payments,
    problems,
    public,
    signing,
    units,
)


class VietnameseJSONRenderer(JSONRenderer):
    """UTF-8 JSON: Vietnamese stays readable and a third smaller than \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


class MotcuaAPI(NinjaAPI):
    """The API, whose OpenAPI document declares every operation's error answers
    (problem+json, `problems.declare_problems`)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        problems.declare_problems(schema)
        return schema


api = MotcuaAPI(
    renderer=VietnameseJSONRenderer(),
    title="motcua API",
    version="1",
    description="API của hệ thống một cửa cấp tỉnh - cấp xã. Lỗi trả về dạng problem+json.",
    urls_namespace="api",
)
problems.install(api)
api.add_router("/units", units.router)
api.add_router("", accounts.router)
api.add_router("/calendar", calendar.router)
api.add_router("/procedures", catalog.router)
api.add_router("/dossiers", dossiers.router)
api.add_router("/dossiers", payments.router)
api.add_router("", documents.router)
api.add_router("/public", public.router)
api.add_router("", signing.router)
api.add_router("/citizen", citizens.router)
api.add_router("", offline.router)
api.add_router("/civil-registry", civilreg.router)
