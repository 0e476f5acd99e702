"""RFC 7807 problem+json answers with a Vietnamese `detail` for every API error (the answer
itself is `core.problems.problem_response`, which the request middleware uses too), and their
declaration in the OpenAPI document."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from motcua.core.problems import PROBLEM_JSON, TITLES, problem_response


class FieldProblemOut(Schema):
    """One field's error: where ("applicant.full_name"), and why in Vietnamese."""

    field: str
    message: str


class ProblemOut(Schema):
    """An error as RFC 7807 problem+json. Some answers add their own members (a 409 names the
    dossier waiting, `outcome` says which rule refused). A 422 gives `errors` per field: a
    list of {field, message} where the body or the query cannot be read (types, bounds,
    characters), or {field: [messages]} where an action refused the data (its rules)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[FieldProblemOut] | dict[str, list[str]] | None = None


# What any operation may answer besides its success (`declare_problems`): a request that
# cannot be read (400), no or a bad token (401), out of the caller's scope (403), nothing
# there (404), a method it does not take (405), a conflict (409), a body over the limit
# (413), invalid data (422), too many requests (429).
ERROR_STATUSES = (400, 401, 403, 404, 405, 409, 413, 422, 429)


def declare_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document with every operation declaring its error answers as
    problem+json (`ProblemOut`), which the handlers below guarantee."""
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    out = ProblemOut.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(out.pop("$defs", {}))
    schemas["ProblemOut"] = out
    content = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemOut"}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status in ERROR_STATUSES:
                responses.setdefault(
                    str(status), {"description": TITLES.get(status, "Lỗi"), "content": content}
                )
    return schema


class Problem(Exception):
    """Raise from an endpoint to answer problem+json with this status and Vietnamese detail."""

    def __init__(self, status: int, detail: str, **extra: Any):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.extra = extra


def _field_path(error: dict) -> str:
    """The field as the client sent it: "applicant.full_name", without ninja's "body" and
    the endpoint's parameter name ("payload") in front."""
    loc = [str(part) for part in error.get("loc", [])]
    if loc[:1] == ["body"] and len(loc) > 2:
        return ".".join(loc[2:])
    return ".".join(part for part in loc if part not in {"body", "query", "path"})


# pydantic's English messages by error type, said in Vietnamese (an offline device shows them
# to the officer as they are); a {name} is a limit from the error's context.
_MESSAGES = {
    "missing": "Cần nhập thông tin này.",
    "string_too_long": "Tối đa {max_length} ký tự.",
    "string_too_short": "Tối thiểu {min_length} ký tự.",
    "string_type": "Cần nhập chữ.",
    "int_parsing": "Cần nhập một số nguyên.",
    "int_type": "Cần nhập một số nguyên.",
    "int_from_float": "Cần nhập một số nguyên.",
    "float_parsing": "Cần nhập một số.",
    "greater_than_equal": "Không được nhỏ hơn {ge}.",
    "less_than_equal": "Không được lớn hơn {le}.",
    "greater_than": "Phải lớn hơn {gt}.",
    "less_than": "Phải nhỏ hơn {lt}.",
    "bool_parsing": "Cần chọn có hoặc không.",
    "bool_type": "Cần chọn có hoặc không.",
    "date_parsing": "Ngày không hợp lệ (dạng YYYY-MM-DD).",
    "date_from_datetime_parsing": "Ngày không hợp lệ (dạng YYYY-MM-DD).",
    "date_type": "Ngày không hợp lệ (dạng YYYY-MM-DD).",
    "datetime_parsing": "Thời điểm không hợp lệ (dạng ISO 8601, có múi giờ).",
    "datetime_from_date_parsing": "Thời điểm không hợp lệ (dạng ISO 8601, có múi giờ).",
    "datetime_type": "Thời điểm không hợp lệ (dạng ISO 8601, có múi giờ).",
    "dict_type": "Cần một nhóm thông tin (đối tượng JSON).",
    "model_attributes_type": "Cần một nhóm thông tin (đối tượng JSON).",
    "list_type": "Cần một danh sách.",
    "json_invalid": "Nội dung gửi lên không phải JSON hợp lệ.",
}


def _vietnamese(error: dict) -> str:
    template = _MESSAGES.get(str(error.get("type", "")))
    if template is None:
        return "Giá trị không hợp lệ."
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return "Giá trị không hợp lệ."


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn every error into problem+json."""

    @api.exception_handler(Problem)
    def _problem(request: HttpRequest, exc: Problem) -> HttpResponse:
        return problem_response(request, exc.status, exc.detail, **exc.extra)

    @api.exception_handler(ValidationError)
    def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {"field": _field_path(error), "message": _vietnamese(error)} for error in exc.errors
        ]
        fields = ", ".join(error["field"] for error in errors if error["field"])
        detail = "Dữ liệu gửi lên không hợp lệ" + (f": {fields}." if fields else ".")
        return problem_response(request, 422, detail, errors=errors)

    @api.exception_handler(AuthenticationError)
    def _auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem_response(
            request, 401, "Cần đăng nhập hoặc gửi mã truy cập (Authorization: Bearer ...)."
        )

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(request, 404, str(exc) or "Không tìm thấy.")

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem_response(request, exc.status_code, str(exc))
