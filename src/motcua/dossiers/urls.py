"""Staff pages for dossiers (counter intake, work queues, dossier page)."""

from django.urls import path

from . import views

app_name = "dossiers"
urlpatterns = [
    path("", views.queues, name="queues"),
    path("tiep-nhan/", views.intake, name="intake"),
    path("<str:code>/", views.dossier_detail, name="dossier_detail"),
    path("<str:code>/hanh-dong/<str:action>/", views.dossier_action, name="dossier_action"),
]
