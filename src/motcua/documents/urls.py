"""Staff pages of the documents app (the tracking book), mounted under /ho-so/."""

from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("so-theo-doi/", views.tracking_book_page, name="tracking_book"),
]
