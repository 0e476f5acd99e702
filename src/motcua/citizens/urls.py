"""Citizens pages (mounted at the site root)."""

from django.urls import path

from . import views

app_name = "citizens"
urlpatterns = [
    path("cong-dan/dang-nhap/", views.login_view, name="login"),
    path("ho-so-cua-toi/", views.my_dossiers, name="my_dossiers"),
    path("ho-so-cua-toi/<str:code>/", views.my_dossier, name="my_dossier"),
    path("ho-so-cua-toi/<str:code>/da-nop/", views.submitted, name="submitted"),
    path("ho-so-cua-toi/<str:code>/bo-sung/", views.supplement, name="supplement"),
    path("ho-so-cua-toi/<str:code>/phieu-tiep-nhan.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("ho-so-cua-toi/<str:code>/ket-qua.pdf", views.result_pdf, name="result_pdf"),
    path("nop-truc-tuyen/nhap/<int:pk>/", views.draft, name="draft"),
    path("nop-truc-tuyen/nhap/<int:pk>/tep/", views.draft_upload, name="draft_upload"),
    path("nop-truc-tuyen/nhap/<int:pk>/dong-y/", views.draft_consent, name="draft_consent"),
    path("nop-truc-tuyen/<str:code>/", views.file_start, name="file_start"),
    path("phan-anh/", views.feedback, name="feedback"),
    path("can-bo/phan-anh/", views.feedback_queue, name="feedback_queue"),
    path("can-bo/hop-thu-di/", views.outbox, name="outbox"),
]
