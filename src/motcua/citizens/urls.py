"""Citizens pages (mounted at the site root)."""

from django.urls import path

from .views import contact, feedback, filing, login, mine, outbox, supplement

app_name = "citizens"
urlpatterns = [
    path("cong-dan/dang-nhap/", login.login_view, name="login"),
    path("ho-so-cua-toi/", mine.my_dossiers, name="my_dossiers"),
    path("ho-so-cua-toi/lien-he/", contact.contact_change, name="contact_change"),
    path("ho-so-cua-toi/<str:code>/", mine.my_dossier, name="my_dossier"),
    path("ho-so-cua-toi/<str:code>/da-nop/", mine.submitted, name="submitted"),
    path("ho-so-cua-toi/<str:code>/bo-sung/", supplement.supplement, name="supplement"),
    path("ho-so-cua-toi/<str:code>/phieu-tiep-nhan.pdf", mine.receipt_pdf, name="receipt_pdf"),
    path("ho-so-cua-toi/<str:code>/ket-qua.pdf", mine.result_pdf, name="result_pdf"),
    path("nop-truc-tuyen/nhap/<int:pk>/", filing.draft, name="draft"),
    path("nop-truc-tuyen/nhap/<int:pk>/tep/", filing.draft_upload, name="draft_upload"),
    path("nop-truc-tuyen/nhap/<int:pk>/dong-y/", filing.draft_consent, name="draft_consent"),
    path("nop-truc-tuyen/<str:code>/", filing.file_start, name="file_start"),
    path("phan-anh/", feedback.feedback, name="feedback"),
    path("can-bo/phan-anh/", feedback.feedback_queue, name="feedback_queue"),
    path("can-bo/hop-thu-di/", outbox.outbox, name="outbox"),
    path("can-bo/doi-lien-he/", contact.contact_counter, name="contact_counter"),
]
