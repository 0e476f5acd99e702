"""URL configuration: API, health check, admin, app pages."""

from django.contrib import admin
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from motcua.api.base import api


def healthz(request: HttpRequest) -> JsonResponse:
    """200 with a JSON body when the database answers (public contract)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": str(error)}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


admin.site.site_header = "Quản trị motcua"
admin.site.site_title = "motcua"
admin.site.index_title = "Dữ liệu danh mục"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("motcua.accounts.urls")),
    # before the dossiers' `/ho-so/<code>/`, which would take "so-theo-doi" for a code
    path("ho-so/", include("motcua.documents.urls")),
    path("ho-so/", include("motcua.dossiers.urls")),
    path("", include("motcua.signing.urls")),
    path("", include("motcua.citizens.urls")),
    path("", include("motcua.portal.urls")),
]

# Error pages in Vietnamese (templates 403.html, 403_csrf.html, 404.html, 500.html in portal).
handler403 = "motcua.portal.views.permission_denied"
handler404 = "motcua.portal.views.page_not_found"
