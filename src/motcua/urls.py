"""URL configuration: API, health check, admin, app pages."""

from django.contrib import admin
from django.urls import include, path

from motcua.api.base import api
from motcua.core import health, metrics

admin.site.site_header = "Quản trị motcua"
admin.site.site_title = "motcua"
admin.site.index_title = "Dữ liệu danh mục"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("motcua.accounts.urls")),
    # before the dossiers' `/ho-so/<code>/`, which would take "so-theo-doi" for a code
    path("ho-so/", include("motcua.documents.urls")),
    path("ho-so/", include("motcua.dossiers.urls")),
    path("ho-tich/", include("motcua.civilreg.urls")),
    path("", include("motcua.signing.urls")),
    path("", include("motcua.citizens.urls")),
    path("", include("motcua.portal.urls")),
]

# Error pages in Vietnamese (templates 403.html, 403_csrf.html, 404.html, 500.html in portal).
handler403 = "motcua.portal.views.permission_denied"
handler404 = "motcua.portal.views.page_not_found"
