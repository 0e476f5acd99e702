"""Login and logout pages."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    """/dang-nhap/: Vietnamese login with lock-out; goes to `next` or LOGIN_REDIRECT_URL."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """/dang-xuat/ (POST only): ends the session and returns to the login page."""

    next_page = "accounts:login"
