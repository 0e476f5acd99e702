"""Portal pages."""

from django.urls import path, re_path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure_detail"),
    path("su-kien/<slug:slug>/", views.life_event, name="life_event"),
    path("hien-thi/", views.display_mode, name="display_mode"),
    path("can-bo/", views.staff_home, name="staff_home"),
    # The receipt's QR and issue texts say /tra-cuu?ma=<code>: answer with and without slash.
    re_path(r"^tra-cuu/?$", views.lookup, name="lookup"),
    path("tra-cuu/ket-qua.pdf", views.lookup_result, name="lookup_result"),
]
