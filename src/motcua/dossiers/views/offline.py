"""The offline counter (docs/guides/offline.md): its app shell, receipt and service worker."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.accounts.choices import Role
from motcua.accounts.queries import has_role
from motcua.core.public_url import public_url

from .common import forbidden


@login_required
def offline_intake(request: HttpRequest) -> HttpResponse:
    """`/ho-so/ngoai-tuyen/`: the installable counter that keeps receiving without internet.

    The page is an app shell: everything it shows comes from the API (cached by the service
    worker and in IndexedDB), so the same HTML works offline. Dossiers wait in the device's
    outbox and reach `POST /api/v1/dossiers` with their leased code once online, where the
    same `receive_dossier_outcome` as the counter page checks them.
    """
    if not has_role(request.user, Role.COUNTER):
        return forbidden(
            request, "Chỉ cán bộ bộ phận một cửa (vai trò tiếp nhận) mới được tiếp nhận hồ sơ."
        )
    return render(
        request,
        "dossiers/offline.html",
        {
            "province": settings.MOTCUA_PROVINCE,
            "min_parent_age": settings.MOTCUA_MIN_PARENT_AGE,
        },
    )


@login_required
def offline_receipt(request: HttpRequest) -> HttpResponse:
    """`/ho-so/ngoai-tuyen/phieu-hen/?id=<uuid>`: the print view of an offline receipt.

    Rendered on the device from IndexedDB with the fields and QR of form 01, so it prints
    without internet; the server's PDF of form 01 replaces it once the dossier is synced.
    """
    return render(request, "dossiers/offline_receipt.html", {"public_url": public_url()})


def service_worker(request: HttpRequest) -> HttpResponse:
    """`/ho-so/sw.js`: served under /ho-so/ so its scope covers the counter pages.

    Never cached by HTTP caches: a new version must reach every counter on its next visit.
    """
    response = render(request, "dossiers/sw.js", content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/ho-so/"
    return response
