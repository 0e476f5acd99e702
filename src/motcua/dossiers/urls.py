"""Staff pages for dossiers (counter intake, work queues, dossier page)."""

from django.urls import path

from . import cash_views, correction_views, file_views, views

app_name = "dossiers"
urlpatterns = [
    path("", views.queues, name="queues"),
    path("tiep-nhan/", views.intake, name="intake"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("ngoai-tuyen/", views.offline_intake, name="offline_intake"),
    path("ngoai-tuyen/phieu-hen/", views.offline_receipt, name="offline_receipt"),
    path("thu-phi/", cash_views.cash_day, name="cash_day"),
    path("thu-phi/chot/<int:pk>/", cash_views.cash_closing, name="cash_closing"),
    path("<str:code>/thu-phi/", cash_views.dossier_collect, name="dossier_collect"),
    path("<str:code>/hoan-phi/", cash_views.dossier_refund, name="dossier_refund"),
    path("<str:code>/sua-thong-tin/", correction_views.dossier_correct, name="dossier_correct"),
    path(
        "<str:code>/sua-to-khai/",
        correction_views.dossier_correct_data,
        name="dossier_correct_data",
    ),
    path("<str:code>/", views.dossier_detail, name="dossier_detail"),
    path("<str:code>/tep/", file_views.attachment_upload, name="attachment_upload"),
    path("<str:code>/tep/<int:pk>/", file_views.attachment_view, name="attachment_view"),
    path("<str:code>/hanh-dong/<str:action>/", views.dossier_action, name="dossier_action"),
]
