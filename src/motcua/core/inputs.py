"""Every request's input checked once, before any view: its size, and its text.

`RequestSizeMiddleware` refuses a body larger than `MOTCUA_MAX_REQUEST_MB` (the proxy's
`client_max_body_size`, deploy/nginx) from its `Content-Length`, before a byte of it is read:
a 200 MB upload is answered 413 at once, not read and then refused.

`InputTextMiddleware` refuses text no one types (`core.text.input_problem`: a control
character such as NUL, which PostgreSQL cannot store, or a value of invisible characters
only) wherever a request carries it: the path, the query string, form fields, the names of
uploaded files and the strings of a JSON body. One net for every page, the API and every
upload, rather than a check per field; the answer names the field. The API answers
problem+json (422, with `errors` per field as for any invalid body), a page answers 400 with a
Vietnamese page that sends the user back to the form, which the browser restores as typed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

from .problems import problem_response
from .text import input_problem

API_PREFIX = "/api/"


def _too_large_page(request: HttpRequest, limit_mb: float) -> HttpResponse:
    detail = (
        f"Dữ liệu gửi lên quá lớn: tối đa {limit_mb:g} MB cho một lần gửi. "
        "Hãy gửi tệp nhỏ hơn (nén hoặc chia nhỏ tệp)."
    )
    if request.path.startswith(API_PREFIX):
        return problem_response(request, 413, detail)
    if "application/json" in request.headers.get("Accept", ""):
        # the pages' uploader (portal/tai-len.js) shows `error` of {ok: false, error}
        return JsonResponse({"ok": False, "error": detail}, status=413)
    return render(request, "413.html", {"detail": detail}, status=413)


class RequestSizeMiddleware:
    """413 for a body announced larger than `MOTCUA_MAX_REQUEST_MB`, unread."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit_mb = settings.MOTCUA_MAX_REQUEST_MB
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit_mb and length > limit_mb * 1024 * 1024:
            return _too_large_page(request, limit_mb)
        return self.get_response(request)


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every string of a JSON value with its path ("applicant.full_name", "documents.0")."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            yield name, str(key)
            yield from _strings(item, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}.{index}" if path else str(index))


def _inputs(request: HttpRequest) -> Iterator[tuple[str, str]]:
    """(field, text) for everything the request carries that a view may read as text."""
    yield "đường dẫn", request.path
    for key, values in request.GET.lists():
        yield key, key
        for value in values:
            yield key, value
    content_type = request.content_type or ""
    if request.method not in {"POST", "PUT", "PATCH"}:
        return
    if content_type in {"multipart/form-data", "application/x-www-form-urlencoded"}:
        for key, values in request.POST.lists():
            yield key, key
            for value in values:
                yield key, value
        for key, files in request.FILES.lists():
            for upload in files:
                yield key, upload.name or ""
    elif content_type == "application/json" or content_type.endswith("+json"):
        try:
            body = json.loads(request.body or b"null")
        except ValueError:
            return  # the API says which JSON is invalid
        yield from _strings(body, "")


def refusals(request: HttpRequest) -> list[dict[str, str]]:
    """The fields of the request whose text cannot be kept, each with why (in Vietnamese)
    and the text as a person can recognise it (`shown`: for the page, never the API's
    answer)."""
    found: dict[str, dict[str, str]] = {}
    for field, text in _inputs(request):
        problem = input_problem(text)
        if problem and field not in found:
            found[field] = {"field": field, "message": problem, "shown": _shown(text)}
    return list(found.values())


def _shown(text: str) -> str:
    """What a person typed, readable: each control character as "�", cut at 60 characters;
    invisible-only text said in words. The page names the field by what was typed in it,
    since its parameter name means nothing to the person."""
    readable = "".join("�" if input_problem(ch) and not ch.isspace() else ch for ch in text)
    if not readable.strip("\u200b\u200c\u200d\u2060\ufeff \t"):
        return "(chỉ có ký tự không nhìn thấy)"
    return readable if len(readable) <= 60 else readable[:57] + "..."


class InputTextMiddleware:
    """Refuses a request carrying a control character or an invisible-only value (see the
    module's docstring), naming the fields. Placed after the session and the user are known,
    so that the page is the site's page; before any view reads the input."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            errors = refusals(request)
        except MultiPartParserError:
            errors = []  # a broken upload: the view's parser answers it as it always did
        if not errors:
            return self.get_response(request)
        if request.path.startswith(API_PREFIX):
            fields = ", ".join(error["field"] for error in errors)
            return problem_response(
                request,
                422,
                f"Dữ liệu gửi lên không hợp lệ: {fields}.",
                errors=[{"field": e["field"], "message": e["message"]} for e in errors],
            )
        return render(request, "400.html", {"errors": errors}, status=400)
