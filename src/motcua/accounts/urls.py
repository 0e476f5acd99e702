"""Account pages: login, logout, the form kept when a session expired."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("xac-thuc/", views.two_factor, name="two_factor"),
    path("xac-thuc/dang-ky/", views.two_factor_enrol, name="two_factor_enrol"),
    path("bieu-mau-giu-lai/<str:token>/", views.saved_form, name="saved_form"),
]
