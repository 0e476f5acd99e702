"""Staff pages for dossiers (counter intake, work queues, dossier page)."""

from django.urls import path

from . import views

app_name = "dossiers"
urlpatterns = [
    path("", views.queues, name="queues"),
    path("tiep-nhan/", views.intake, name="intake"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("ngoai-tuyen/", views.offline_intake, name="offline_intake"),
    path("ngoai-tuyen/phieu-hen/", views.offline_receipt, name="offline_receipt"),
    path("<str:code>/", views.dossier_detail, name="dossier_detail"),
    path("<str:code>/hanh-dong/<str:action>/", views.dossier_action, name="dossier_action"),
]
