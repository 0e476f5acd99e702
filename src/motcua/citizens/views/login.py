"""The citizen's sign-in by one-time code: `/cong-dan/dang-nhap/`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from motcua.core.proxies import client_ip

from .. import actions
from ..codes import CodeError, issue_code
from ..forms import LoginForm
from ..models import CodePurpose


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """`/dang-nhap/`: phone or e-mail → one-time code → logged in (or registered)."""
    asked = request.GET.get("dang_ky") == "1"
    form = LoginForm(request.POST if request.method == "POST" else None, register=asked)
    data = form.data  # as typed: shown again after an error
    register = asked or data.get("register") == "1"
    context: dict[str, Any] = {
        "register": register,
        "next": request.GET.get("next") or data.get("next") or "",
        "destination": data.get("destination", "").strip(),
        "full_name": data.get("full_name", "").strip(),
        "step": "send",
    }
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise actions.CitizenError(form.first_error())
            destination = form.cleaned_data["destination"]
            context["destination"] = destination
            if form.cleaned_data["code"]:
                account = actions.register_or_login(
                    destination,
                    form.cleaned_data["code"],
                    full_name=context["full_name"] if register else "",
                )
                login(request, account.user, backend="django.contrib.auth.backends.ModelBackend")
                target = context["next"]
                # a page of this site only (`/\evil.com` is another host to a browser)
                if not target.startswith("/") or not url_has_allowed_host_and_scheme(
                    target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
                ):
                    target = reverse("citizens:my_dossiers")
                return redirect(target)
            if not register and actions.account_by_destination(destination) is None:
                raise actions.CitizenError(
                    "Chưa có tài khoản với số điện thoại hoặc thư điện tử này; hãy đăng ký."
                )
            issue_code(
                destination,
                purpose=CodePurpose.REGISTER if register else CodePurpose.LOGIN,
                ip=client_ip(request),
            )
            context["step"] = "verify"
        except (actions.CitizenError, CodeError) as error:
            context["error"] = str(getattr(error, "message", error))
            context["step"] = "verify" if data.get("code") else "send"
            return render(request, "citizens/login.html", context, status=422)
    return render(request, "citizens/login.html", context)
