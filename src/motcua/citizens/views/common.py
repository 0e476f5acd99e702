"""What the citizens' pages share: the filing steps, the signed-in citizen, the decorator."""

from __future__ import annotations

from functools import wraps
from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from motcua.accounts.queries import account_of, roles_of

STEPS = (
    ("1", "Thông tin và biểu mẫu"),
    ("2", "Giấy tờ"),
    ("3", "Đồng ý"),
    ("4", "Kiểm tra và nộp"),
)


def me(request: HttpRequest) -> AbstractBaseUser:
    """The logged-in user (the decorators have checked it)."""
    return cast(AbstractBaseUser, request.user)


def size_text(size: int) -> str:
    """A file's size as shown: KB under a megabyte, else MB."""
    return f"{size / 1024:.1f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def account_required(view: Any) -> Any:
    """A citizen or volunteer account; officials and visitors go to the citizen login."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('citizens:login')}?next={request.get_full_path()}")
        if account_of(request.user) is None:
            return render(
                request,
                "citizens/message.html",
                {"title": "Không dùng được", "text": "Trang này dành cho tài khoản công dân."},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapper


def is_official(request: HttpRequest) -> bool:
    """An official (any role) or a superuser: the staff pages among the citizens' ones."""
    return bool(roles_of(request.user)) or bool(getattr(request.user, "is_superuser", False))
