"""Login and logout pages, and the form kept when a session expired."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .forms import LoginForm
from .saved_forms import saved_form_of


class LoginView(auth_views.LoginView):
    """/dang-nhap/: Vietnamese login with lock-out; goes to `next` or LOGIN_REDIRECT_URL."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """/dang-xuat/ (POST only): ends the session and returns to the login page."""

    next_page = "accounts:login"


@login_required
def saved_form(request: HttpRequest, token: str) -> HttpResponse:
    """`/bieu-mau-giu-lai/<token>/`: the form kept when the session expired, given back to
    the official who typed it (404 to anyone else, or once expired)."""
    saved = saved_form_of(request.user, token)
    if saved is None:
        raise Http404("Không có biểu mẫu được giữ lại này, hoặc đã quá hạn giữ (24 giờ).")
    fields = [(key, value) for key, values in saved.data.items() for value in values]
    return render(
        request,
        "accounts/saved_form.html",
        {"saved": saved, "fields": fields},
    )
