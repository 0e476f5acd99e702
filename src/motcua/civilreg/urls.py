"""Officials' pages of the civil-status register."""

from django.urls import path

from . import views

app_name = "civilreg"
urlpatterns = [
    path("", views.register, name="register"),
    path("muc/<int:pk>/", views.entry_detail, name="entry_detail"),
]
