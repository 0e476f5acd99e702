"""RFC 7807 problem+json answers with a Vietnamese `detail`: the API's errors
(`api.problems`), and what the request middleware refuses under `/api/` (`core.inputs`)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: "Yêu cầu không hợp lệ",
    401: "Chưa xác thực",
    403: "Không có quyền",
    404: "Không tìm thấy",
    405: "Phương thức không được hỗ trợ",
    409: "Xung đột",
    413: "Dữ liệu gửi lên quá lớn",
    422: "Dữ liệu không hợp lệ",
    429: "Quá nhiều yêu cầu",
}


def problem_response(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
    """The problem+json answer: `title` from the status, `instance` the request's path."""
    body = {
        "type": "about:blank",
        "title": TITLES.get(status, "Lỗi"),
        "status": status,
        "detail": detail,
        "instance": request.path,
        **extra,
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type=f"{PROBLEM_JSON}; charset=utf-8",
    )
