"""Staff pages for dossiers (counter intake, work queues, dossier page)."""

from django.urls import path

from .views import access, cash, corrections, detail, files, intake, offline, queues

app_name = "dossiers"
urlpatterns = [
    path("", queues.queues, name="queues"),
    path("tiep-nhan/", intake.intake, name="intake"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("ngoai-tuyen/", offline.offline_intake, name="offline_intake"),
    path("ngoai-tuyen/phieu-hen/", offline.offline_receipt, name="offline_receipt"),
    path("nhat-ky-truy-cap/", access.access_log, name="access_log"),
    path("thu-phi/", cash.cash_day, name="cash_day"),
    path("thu-phi/chot/<int:pk>/", cash.cash_closing, name="cash_closing"),
    path("<str:code>/thu-phi/", cash.dossier_collect, name="dossier_collect"),
    path("<str:code>/hoan-phi/", cash.dossier_refund, name="dossier_refund"),
    path("<str:code>/sua-thong-tin/", corrections.dossier_correct, name="dossier_correct"),
    path(
        "<str:code>/sua-to-khai/",
        corrections.dossier_correct_data,
        name="dossier_correct_data",
    ),
    path("<str:code>/", detail.dossier_detail, name="dossier_detail"),
    path("<str:code>/tep/", files.attachment_upload, name="attachment_upload"),
    path("<str:code>/tep/<int:pk>/", files.attachment_view, name="attachment_view"),
    path("<str:code>/hanh-dong/<str:action>/", detail.dossier_action, name="dossier_action"),
]
