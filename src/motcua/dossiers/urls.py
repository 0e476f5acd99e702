"""Staff pages for dossiers (counter intake, work queues, dossier page)."""

from django.urls import path

from . import file_views, views

app_name = "dossiers"
urlpatterns = [
    path("", views.queues, name="queues"),
    path("tiep-nhan/", views.intake, name="intake"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("ngoai-tuyen/", views.offline_intake, name="offline_intake"),
    path("ngoai-tuyen/phieu-hen/", views.offline_receipt, name="offline_receipt"),
    path("<str:code>/", views.dossier_detail, name="dossier_detail"),
    path("<str:code>/tep/", file_views.attachment_upload, name="attachment_upload"),
    path("<str:code>/tep/<int:pk>/", file_views.attachment_view, name="attachment_view"),
    path("<str:code>/hanh-dong/<str:action>/", views.dossier_action, name="dossier_action"),
]
