"""Signing pages: `/verify/<code>` (public, the QR target) and `/chu-ky-so/` (province)."""

from django.urls import path

from . import views

app_name = "signing"
urlpatterns = [
    path("verify/<str:code>", views.verify_page, name="result_verify"),
    path("chu-ky-so/", views.overview, name="certificate_overview"),
]
